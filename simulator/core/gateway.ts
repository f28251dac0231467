// The Adobe I/O gateway in front of every Platform API: bearer token, x-api-key, org and sandbox headers.
// Answers follow the shapes the real gateway uses (error_code/message for auth, Platform problem JSON otherwise).
import type { SimContext, SimRequest, SimResponse } from './types';
import { tokenStore } from './tokens';

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function checkPlatformHeaders(req: SimRequest, ctx: SimContext): SimResponse | undefined {
  const auth = header(req, 'authorization');
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  if (!m) return { status: 401, body: { error_code: '401013', message: 'Oauth token is not valid' } };
  const token = tokenStore(ctx).get(m[1]);
  const expired = token && (token.expiresAt <= ctx.now() ||
    (ctx.config.faults.expireTokensAfterRequests !== undefined && token.issuedAtSeq < ctx.config.faults.expireTokensAfterRequests && ctx.state.requests.length >= ctx.config.faults.expireTokensAfterRequests));
  if (!token) return { status: 401, body: { error_code: '401013', message: 'Oauth token is not valid' } };
  if (expired) return { status: 401, body: { error_code: '401013', message: 'Oauth token is not valid' } };
  const apiKey = header(req, 'x-api-key');
  if (!apiKey) return { status: 403, body: { error_code: '403000', message: 'Api Key is required' } };
  if (apiKey !== token.clientId) return { status: 403, body: { error_code: '403003', message: 'Api Key is invalid' } };
  const org = header(req, 'x-gw-ims-org-id');
  if (!org) return { status: 400, body: { type: 'http://ns.adobe.com/aep/errors/GW-400', title: 'Missing required header x-gw-ims-org-id', status: 400 } };
  if (org !== token.orgId) return { status: 403, body: { error_code: '403025', message: 'Profile is not valid' } };
  const sandbox = header(req, 'x-sandbox-name') ?? 'prod';
  if (!ctx.config.adobe.sandboxes.includes(sandbox)) {
    return { status: 403, body: { type: 'http://ns.adobe.com/aep/errors/SMS-1010-403', title: 'Sandbox not found or no access', status: 403, detail: `Sandbox ${sandbox} does not exist or the user does not have access to it.` } };
  }
  return undefined;
}
