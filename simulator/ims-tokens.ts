// Shared pieces of the simulated Adobe IMS: OAuth error shape, form parameter reading and token issuing.
import { randomBytes } from 'node:crypto';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { tokenStore } from './core/tokens';
import { headerValue } from './core/request';

const DAY_MS = 24 * 60 * 60 * 1000;

export function imsError(status: number, error: string, description: string): SimResponse {
  return { status, body: { error, error_description: description } };
}

/** IMS reads token parameters from a form body or, for v3, the query string. JSON bodies are not read. */
export function formParams(req: SimRequest): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(req.query.entries());
  const type = (headerValue(req, 'content-type') ?? '').toLowerCase();
  const isForm = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
  if (isForm && req.body && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export function tokenLifetimeMs(ctx: SimContext): number {
  return ctx.config.faults.tokenLifetimeMs ?? DAY_MS;
}

/** Issues an access token shaped like an IMS JWT (only the simulator's token store gives it meaning). */
export function issueAccessToken(ctx: SimContext, flow: 'oauth-s2s' | 'jwt-exchange', scopes: string[]): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = ctx.now();
  const lifetime = tokenLifetimeMs(ctx);
  const header = { alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' };
  const payload = {
    id: `${now}_${ctx.newId('uuid')}_ue1`, type: 'access_token', client_id: ctx.config.adobe.clientId,
    user_id: ctx.config.adobe.technicalAccountId, as: 'ims-na1', aa_id: ctx.config.adobe.technicalAccountId,
    ctp: 0, scope: scopes.join(','), created_at: String(now), expires_in: String(lifetime),
  };
  const token = `${b64(header)}.${b64(payload)}.${randomBytes(64).toString('base64url')}`;
  tokenStore(ctx).set(token, {
    clientId: ctx.config.adobe.clientId, orgId: ctx.config.adobe.orgId, expiresAt: now + lifetime,
    issuedAtSeq: ctx.state.requests.length, flow, scopes,
  });
  return token;
}
