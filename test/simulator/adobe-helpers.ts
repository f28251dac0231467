// Shared fixture for the Adobe simulator tests: a loopback simulator with only the Adobe services, a token
// helper and a Platform request helper that sends the four gateway headers.
import { startApp, type RunningSimulator } from '../../simulator/core/app';
import { resolveSimConfig, type SimConfigOverrides } from '../../simulator/config';
import { registerIms } from '../../simulator/ims';
import { registerIdentity } from '../../simulator/identity';
import { registerSchemaRegistry } from '../../simulator/schema-registry';
import { registerMergePolicies } from '../../simulator/merge-policies';

export const SR = '/data/foundation/schemaregistry/tenant';
export const CLASS = {
  profile: 'https://ns.adobe.com/xdm/context/profile',
  account: 'https://ns.adobe.com/xdm/context/account',
  event: 'https://ns.adobe.com/xdm/context/experienceevent',
};
export const FG = {
  accountDetails: 'https://ns.adobe.com/xdm/mixins/account-details',
  personDetails: 'https://ns.adobe.com/xdm/mixins/b2b-person-details',
  personComponents: 'https://ns.adobe.com/xdm/mixins/b2b-person-components',
  identityMap: 'https://ns.adobe.com/xdm/context/identitymap',
  consents: 'https://ns.adobe.com/xdm/mixins/profile-consents',
};

export async function startAdobe(config: SimConfigOverrides = {}): Promise<RunningSimulator> {
  return startApp({
    config: resolveSimConfig(config),
    services: [registerIms, registerIdentity, registerSchemaRegistry, registerMergePolicies],
  });
}

export function form(params: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() };
}

export async function getToken(sim: RunningSimulator): Promise<string> {
  const a = sim.config.adobe;
  const res = await fetch(`${sim.url}/ims/token/v3`, form({
    grant_type: 'client_credentials', client_id: a.clientId, client_secret: a.clientSecret, scope: 'openid,AdobeID,read_organizations',
  }));
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface CallOptions {
  body?: unknown;
  accept?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A Platform API call with Authorization, x-api-key, x-gw-ims-org-id and x-sandbox-name set. */
export async function platform(sim: RunningSimulator, token: string, method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'x-api-key': sim.config.adobe.clientId,
    'x-gw-ims-org-id': sim.config.adobe.orgId,
    'x-sandbox-name': 'prod',
    ...(opts.accept ? { accept: opts.accept } : {}),
    ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  const url = path.startsWith('http') ? path : `${sim.url}${path}`;
  const res = await fetch(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export async function createSchema(sim: RunningSimulator, token: string, title: string, classId: string): Promise<{ $id: string; 'meta:altId': string }> {
  const res = await platform(sim, token, 'POST', `${SR}/schemas`, { body: { type: 'object', title, description: '', allOf: [{ $ref: classId }] } });
  if (res.status !== 201) throw new Error(`schema creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function createNamespace(sim: RunningSimulator, token: string, code: string, idType = 'B2B_ACCOUNT', sandbox = 'prod'): Promise<CallResult> {
  return platform(sim, token, 'POST', '/data/core/idnamespace/identities', {
    body: { name: `Name of ${code}`, code, idType, description: `Namespace ${code}` }, headers: { 'x-sandbox-name': sandbox },
  });
}

export function identityDescriptor(schemaId: string, property: string, namespace: string, isPrimary: boolean): Record<string, unknown> {
  return {
    '@type': 'xdm:descriptorIdentity', 'xdm:sourceSchema': schemaId, 'xdm:sourceVersion': 1, 'xdm:sourceProperty': property,
    'xdm:namespace': namespace, 'xdm:property': 'xdm:code', 'xdm:isPrimary': isPrimary,
  };
}

/**
 * The next-page URI of a Schema Registry list answer. schema-registry.yaml (linksBasic) makes `_links.next` a
 * string, null on the last page, with `_page.next` the matching `start` value; an `{href}` object is not that.
 */
export function nextLink(body: { _links: { next: unknown }; _page: { next: unknown } }): string | null {
  const next = body._links.next;
  if (next !== null && typeof next !== 'string') throw new Error(`_links.next must be a string or null, got ${JSON.stringify(next)}`);
  if ((next === null) !== (body._page.next === null)) throw new Error('_links.next and _page.next disagree about the last page');
  return next;
}
