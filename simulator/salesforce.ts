// The simulated Salesforce org's OAuth token endpoint, POST /services/oauth2/token, for the JWT bearer,
// client credentials and username-password flows. Errors use Salesforce's {error, error_description} pairs:
// "client identifier invalid", "invalid assertion", "audience is invalid", "expired authorization code",
// "user hasn't approved this consumer", "invalid client credentials", "authentication failure",
// "grant type not supported" (Salesforce help and salesforce.stackexchange reports, see the reference §4.2).
import { createHash, createPublicKey, timingSafeEqual, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { SalesforceAppConfig, SimContext, SimRequest, SimResponse } from './core/types';
import type { SimApp } from './core/app';

export interface SalesforceError { error: string; error_description: string }
export type AssertionResult = { ok: true; claims: Record<string, unknown> } | { ok: false; err: SalesforceError };

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const DEFAULT_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

const fail = (error: string, error_description: string): { ok: false; err: SalesforceError } =>
  ({ ok: false, err: { error, error_description } });

function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** NumericDate as a number or, as in Salesforce's own sample, a numeric string. */
function numericDate(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

export function safeEqual(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The audiences this org accepts: configured (or login/test) plus the simulator's own base URL(s). */
export function acceptedAudiences(cfg: SalesforceAppConfig, ownUrls: string[]): string[] {
  return [...(cfg.audiences ?? DEFAULT_AUDIENCES), ...ownUrls].map((a) => a.replace(/\/+$/, ''));
}

/** Verifies a JWT bearer assertion the way Salesforce's token endpoint does. */
export function verifySalesforceAssertion(ctx: SimContext, assertion: unknown, ownUrls: string[]): AssertionResult {
  const cfg = ctx.config.salesforce;
  if (typeof assertion !== 'string') return fail('invalid_grant', 'invalid assertion');
  const parts = assertion.trim().split('.');
  const header = parts.length === 3 ? decodePart(parts[0]) : undefined;
  const claims = parts.length === 3 ? decodePart(parts[1]) : undefined;
  if (!header || !claims || header.alg !== 'RS256') return fail('invalid_grant', 'invalid assertion');
  if (claims.iss !== cfg.clientId) return fail('invalid_client_id', 'client identifier invalid');
  let signed = false;
  try {
    signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKeyOf(cfg.certificatePem), Buffer.from(parts[2], 'base64url'));
  } catch {
    signed = false;
  }
  if (!signed) return fail('invalid_grant', 'invalid assertion');
  const audiences = acceptedAudiences(cfg, ownUrls);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  // Compared exactly: a trailing slash is not tolerated, so assertions that pass here pass at Salesforce too.
  if (!aud.some((a) => typeof a === 'string' && audiences.includes(a))) {
    return fail('invalid_grant', 'audience is invalid');
  }
  const exp = numericDate(claims.exp);
  if (exp === undefined) return fail('invalid_grant', 'invalid assertion');
  if (exp * 1000 <= ctx.now()) return fail('invalid_grant', 'expired authorization code');
  // The legacy `prn` claim wins over `sub` when both are present.
  const subject = claims.prn ?? claims.sub;
  if (subject !== cfg.username) return fail('invalid_grant', "user hasn't approved this consumer");
  return { ok: true, claims };
}

export function checkClient(cfg: SalesforceAppConfig, clientId: unknown, secret: unknown): SalesforceError | undefined {
  if (clientId !== cfg.clientId) return { error: 'invalid_client_id', error_description: 'client identifier invalid' };
  if (typeof secret !== 'string' || !safeEqual(secret, cfg.clientSecret)) {
    return { error: 'invalid_client', error_description: 'invalid client credentials' };
  }
  return undefined;
}

/** Username-password login: the password is followed by the user's security token. */
export function checkPassword(cfg: SalesforceAppConfig, username: unknown, password: unknown): SalesforceError | undefined {
  const expected = cfg.password === undefined ? undefined : `${cfg.password}${cfg.securityToken ?? ''}`;
  if (username !== cfg.username || typeof password !== 'string' || !safeEqual(password, expected)) {
    return { error: 'invalid_grant', error_description: 'authentication failure' };
  }
  return undefined;
}

export function ownBaseUrls(req: SimRequest): string[] {
  const host = req.headers.host;
  return host ? [`http://${host}`] : [];
}

/** Form fields; Salesforce also reads them from the query string, and ignores bodies of other types. */
function tokenParams(req: SimRequest): Record<string, string> {
  const isForm = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
  const form = isForm && req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {};
  return { ...Object.fromEntries(req.query), ...form };
}

function basicAuth(req: SimRequest): { id?: string; secret?: string } {
  const m = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
  if (!m) return {};
  const [id, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
  return { id, secret: rest.join(':') };
}

function userId(cfg: SalesforceAppConfig): string {
  return `005${createHash('sha256').update(cfg.username).digest('hex').slice(0, 12).toUpperCase()}`;
}

function issue(ctx: SimContext, req: SimRequest, withSignature: boolean): SimResponse {
  const cfg = ctx.config.salesforce;
  const body: Record<string, string> = {
    access_token: `${cfg.orgId}!${ctx.newId('hex32')}${ctx.newId('hex32')}`,
    scope: 'api',
    instance_url: cfg.instanceUrl ?? ownBaseUrls(req)[0] ?? 'https://login.salesforce.com',
    id: `https://login.salesforce.com/id/${cfg.orgId}/${userId(cfg)}`,
    token_type: 'Bearer',
  };
  if (withSignature) {
    body.issued_at = String(ctx.now());
    body.signature = createHash('sha256').update(body.access_token).digest('base64');
  }
  return { status: 200, body };
}

const error = (err: SalesforceError): SimResponse => ({ status: 400, body: err });

export function handleToken(req: SimRequest, ctx: SimContext): SimResponse {
  const cfg = ctx.config.salesforce;
  const p = tokenParams(req);
  switch (p.grant_type) {
    case JWT_BEARER: {
      const r = verifySalesforceAssertion(ctx, p.assertion, ownBaseUrls(req));
      return r.ok ? issue(ctx, req, false) : error(r.err);
    }
    case 'client_credentials': {
      const basic = basicAuth(req);
      const err = checkClient(cfg, p.client_id ?? basic.id, p.client_secret ?? basic.secret);
      return err ? error(err) : issue(ctx, req, true);
    }
    case 'password': {
      const err = checkClient(cfg, p.client_id, p.client_secret) ?? checkPassword(cfg, p.username, p.password);
      return err ? error(err) : issue(ctx, req, true);
    }
    default:
      return error({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  }
}

export function registerSalesforce(app: SimApp): void {
  app.route({ method: 'POST', pattern: '/services/oauth2/token', auth: 'none', handler: handleToken });
}
