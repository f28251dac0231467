// Shared set-up for the Salesforce / Flow Service simulator tests: an RSA key pair made at test time, a simulator
// with the Salesforce, Flow Service, Catalog and Data Prep routes, a Platform token, and small HTTP helpers.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { startApp, type RunningSimulator } from '../../simulator/core/app';
import { tokenStore } from '../../simulator/core/tokens';
import type { SimConfig, SimContext } from '../../simulator/core/types';
import { defaultSimConfig } from '../../simulator/config';
import { registerSalesforce } from '../../simulator/salesforce';
import { registerFlowService } from '../../simulator/flow-service';
import { registerCatalog } from '../../simulator/catalog';
import { registerConversion } from '../../simulator/conversion';
import type { SchemaFinder, SchemaInfo } from '../../simulator/flow-service/schemas';

export const TENANT_SCHEMA = 'https://ns.adobe.com/postforgesim/schemas/0a1b2c3d4e5f';
export const OTHER_SCHEMA = 'https://ns.adobe.com/postforgesim/schemas/99ff99ff99ff';
export const PLATFORM_TOKEN = 'platform-test-token';

export interface Fixture {
  sim: RunningSimulator;
  config: SimConfig;
  privateKey: KeyObject;
  otherKey: KeyObject;
}

// TENANT_SCHEMA is enabled for Profile (in union), OTHER_SCHEMA is not.
const SCHEMAS: SchemaInfo[] = [TENANT_SCHEMA, OTHER_SCHEMA].map((id) => ({
  $id: id, 'meta:altId': `_postforgesim.schemas.${id.slice(-12)}`, title: `Schema ${id.slice(-4)}`, 'meta:class': 'https://ns.adobe.com/xdm/context/profile',
  profileEnabled: id === TENANT_SCHEMA,
}));

/** Test-only schema lookup: two schemas exist in sandbox prod. */
export const testFinder: SchemaFinder = (_ctx, id, sandbox) =>
  sandbox === 'prod' ? SCHEMAS.find((s) => s.$id === id || s['meta:altId'] === id) : undefined;

/** `tweak` adjusts the config before start (cloud, org features, Flow Service and fault options). */
export async function startFixture(tweak: (config: SimConfig) => void = () => {}): Promise<Fixture> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const base = defaultSimConfig();
  const config: SimConfig = {
    ...base,
    adobe: { ...base.adobe, sandboxes: ['prod', 'dev'] },
    salesforce: {
      ...base.salesforce,
      certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      password: 'Pa55word!',
      securityToken: 'SECTOKEN123',
      instanceUrl: 'https://acme-sim.my.salesforce.com',
    },
  };
  tweak(config);
  const deps = { findSchema: testFinder };
  const sim = await startApp({
    config,
    services: [registerSalesforce, (a) => registerFlowService(a, deps), (a) => registerCatalog(a, deps), (a) => registerConversion(a, deps)],
  });
  tokenStore({ state: sim.state } as SimContext).set(PLATFORM_TOKEN, {
    clientId: config.adobe.clientId, orgId: config.adobe.orgId, expiresAt: Date.now() + 3_600_000, issuedAtSeq: 0,
  });
  return { sim, config, privateKey, otherKey };
}

export function signJwt(key: KeyObject, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256' }): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

export function goodClaims(f: Fixture, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: f.config.salesforce.clientId, sub: f.config.salesforce.username, aud: 'https://login.salesforce.com', exp: Math.floor(Date.now() / 1000) + 300, ...extra };
}

export interface Reply { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

export async function call(f: Fixture, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${f.sim.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${PLATFORM_TOKEN}`,
      'x-api-key': f.config.adobe.clientId,
      'x-gw-ims-org-id': f.config.adobe.orgId,
      'x-sandbox-name': 'prod',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function postForm(f: Fixture, path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${f.sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.json() };
}

export const FS = '/data/foundation/flowservice';
export const SALESFORCE_SPEC = { id: 'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5', version: '1.0' };
export const DATA_LAKE_SPEC = { id: 'c604ff05-7f1a-43c0-8e18-33bf874cb11c', version: '1.0' };

export function clientCredentialBody(f: Fixture, overrides: Record<string, string> = {}): Record<string, unknown> {
  return {
    name: 'ACME Salesforce account',
    description: 'client credential',
    auth: {
      specName: 'OAuth2 Client Credential',
      params: { environmentUrl: f.config.salesforce.instanceUrl, clientId: f.config.salesforce.clientId, clientSecret: f.config.salesforce.clientSecret, apiVersion: '60.0', ...overrides },
    },
    connectionSpec: SALESFORCE_SPEC,
  };
}
