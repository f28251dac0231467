// Base-connection credentials: required parameters per auth spec, then a connection test against the simulated
// Salesforce org. On Azure, Flow Service tests Salesforce connections through its data-movement provider and
// passes the provider's message on (sources error 1308-400, "Error message: {…}"); the messages are Salesforce's.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import { checkClient, checkPassword, ownBaseUrls, verifySalesforceAssertion } from '../salesforce';
import { connectorError, missingField } from './errors';
import { salesforceAuthFor, type AuthSpec, type Cloud } from './specs';

const API_VERSION = /^\d+\.\d+$/;
const HTTPS_URL = /^https?:\/\/[^\s/]+(\/.*)?$/i;

const LOGIN_HOSTS = ['https://login.salesforce.com', 'https://test.salesforce.com'];

/** The org answers on its My Domain URL (when configured) and on the generic login hosts. */
function servesOrg(url: string, instanceUrl: string | undefined): boolean {
  if (!instanceUrl) return true;
  const norm = (u: string) => u.trim().replace(/\/+$/, '').toLowerCase();
  return [instanceUrl, ...LOGIN_HOSTS].map(norm).includes(norm(url));
}

function testFailed(message: string): SimResponse {
  return connectorError(1308, `The request could not be processed. Error message: ${message}.`);
}

/** The auth variant with this name, if the org's cloud offers it. */
export function authSpecByName(name: unknown, cloud?: Cloud): AuthSpec | undefined {
  return salesforceAuthFor(cloud).find((a) => a.name === name);
}

/** Checks presence and format of the auth params; undefined when they are usable. */
export function checkAuthParams(spec: AuthSpec, params: Record<string, unknown>): SimResponse | undefined {
  for (const field of spec.required) {
    const v = params[field];
    if (typeof v !== 'string' || v.trim() === '') return missingField(`auth.params.${field}`);
  }
  for (const [field, v] of Object.entries(params)) {
    if (spec.booleans.includes(field)) {
      if (v !== undefined && typeof v !== 'boolean') return connectorError(1312, `The provided param value ${JSON.stringify(v)} is not a valid input for property=${field}.`);
      continue;
    }
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return connectorError(1312, `The provided param value ${JSON.stringify(v)} is not a valid input for property=${field}.`);
    }
  }
  const apiVersion = params.apiVersion;
  if (typeof apiVersion === 'string' && apiVersion !== '' && !API_VERSION.test(apiVersion)) {
    return connectorError(1312, `The provided param value ${apiVersion} is not a valid input for property=apiVersion.`);
  }
  for (const field of ['environmentUrl', 'instanceUrl']) {
    const url = params[field];
    if (typeof url === 'string' && url !== '' && !HTTPS_URL.test(url)) {
      return connectorError(1312, `The provided param value ${url} is not a valid input for property=${field}.`);
    }
  }
  return undefined;
}

/** Logs in to the simulated org with the given credentials, as the connection test does. */
export function testSalesforceLogin(ctx: SimContext, req: SimRequest, spec: AuthSpec, p: Record<string, unknown>): SimResponse | undefined {
  const cfg = ctx.config.salesforce;
  const url = (p.environmentUrl ?? p.instanceUrl) as string | undefined;
  if (url && !servesOrg(url, cfg.instanceUrl)) return testFailed(`Unable to connect to ${url}: the host does not serve this Salesforce org`);
  switch (spec.name) {
    case 'Basic Authentication': {
      const err = checkPassword(cfg, p.username, `${String(p.password)}${String(p.securityToken)}`);
      return err ? testFailed('INVALID_LOGIN: Invalid username, password, security token; or user locked out') : undefined;
    }
    case 'OAuth2 Client Credential': {
      const err = checkClient(cfg, p.clientId, p.clientSecret);
      return err ? testFailed(`${err.error}: ${err.error_description}`) : undefined;
    }
    default: {
      if (p.clientId !== cfg.clientId) return testFailed('invalid_client_id: client identifier invalid');
      const assertion = verifySalesforceAssertion(ctx, p.jwtToken, ownBaseUrls(req));
      if (!assertion.ok) return testFailed(`${assertion.err.error}: ${assertion.err.error_description}`);
      const err = checkClient(cfg, p.clientId, p.clientSecret);
      return err ? testFailed(`${err.error}: ${err.error_description}`) : undefined;
    }
  }
}

/** Stored params: secrets are replaced by vault references, never kept or echoed in plain text (orgId comes once enabled). */
export function maskSecrets(ctx: SimContext, spec: AuthSpec, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = spec.secret.includes(k) ? `arn:aws:secretsmanager:us-east-1:000000000000:secret:acp_security/${ctx.newId('uuid')}` : v;
  }
  return out;
}
