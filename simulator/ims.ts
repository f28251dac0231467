// Adobe IMS: OAuth Server-to-Server (`/ims/token/v3`) and the legacy Service Account JWT exchange
// (`/ims/exchange/jwt`). Error answers use IMS's OAuth shape `{error, error_description}`.
import type { SimApp } from './core/app';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { formParams, imsError, issueAccessToken, tokenLifetimeMs } from './ims-tokens';
import { exchangeJwt } from './ims-jwt';

function tokenV3(req: SimRequest, ctx: SimContext): SimResponse {
  const p = formParams(req);
  const adobe = ctx.config.adobe;
  if (!p.grant_type) return imsError(400, 'invalid_request', 'missing grant_type parameter');
  if (p.grant_type !== 'client_credentials') {
    return imsError(400, 'unsupported_grant_type', `unsupported grant_type ${p.grant_type}`);
  }
  if (!p.client_id || p.client_id !== adobe.clientId) return imsError(400, 'invalid_client', 'invalid client_id parameter');
  if (!p.client_secret || p.client_secret !== adobe.clientSecret) {
    return imsError(401, 'invalid_client', 'invalid client_secret parameter');
  }
  if (!p.scope) return imsError(400, 'invalid_scope', 'missing scope parameter');
  const requested = p.scope.split(',').map((s) => s.trim()).filter(Boolean);
  const granted = new Set(adobe.oauthScopes ?? []);
  const unknown = requested.filter((s) => !granted.has(s));
  if (requested.length === 0 || unknown.length > 0) {
    return imsError(400, 'invalid_scope', `invalid scope: ${unknown.join(',') || p.scope}`);
  }
  const accessToken = issueAccessToken(ctx, 'oauth-s2s', requested);
  // v3 reports expires_in in seconds, one second short of the lifetime (86399 for 24 h).
  const expiresIn = Math.max(1, Math.floor(tokenLifetimeMs(ctx) / 1000) - 1);
  return { status: 200, body: { access_token: accessToken, token_type: 'bearer', expires_in: expiresIn } };
}

export function registerIms(app: SimApp): void {
  app.route({ method: 'POST', pattern: '/ims/token/v3', auth: 'none', handler: tokenV3 });
  app.route({ method: 'POST', pattern: '/ims/exchange/jwt', auth: 'none', handler: exchangeJwt });
}
