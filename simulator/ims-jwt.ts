// Legacy Service Account (JWT) exchange, `POST /ims/exchange/jwt`: the client signs a JWT with the private key
// whose certificate is bound to the integration; IMS verifies it (RS256) and answers with an access token whose
// `expires_in` is in milliseconds. Error codes follow Adobe's JWT guide (invalid_client, invalid_token,
// invalid_signature, invalid_scope, bad_request).
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { headerValue } from './core/request';
import { formParams, imsError, issueAccessToken, tokenLifetimeMs } from './ims-tokens';

/** Adobe documents a 24 h maximum; its own Postman utility signs `now + 87000 s`, which IMS accepted, so the
 *  simulator tolerates the same 10 minutes of skew (plus a minute for slow runners). */
const MAX_EXP_AHEAD_S = 24 * 3600 + 600 + 60;

function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

function acceptedHosts(req: SimRequest, ctx: SimContext): string[] {
  const own = headerValue(req, 'host');
  return [...(ctx.config.adobe.imsHosts ?? ['ims-na1.adobelogin.com']), ...(own ? [own] : [])];
}

async function verifySignature(token: string, ctx: SimContext): Promise<SimResponse | undefined> {
  const pem = ctx.config.adobe.jwtPublicKeyPem;
  if (!pem) return imsError(400, 'invalid_signature', 'no certificate is bound to this integration');
  try {
    await compactVerify(token, publicKeyOf(pem), { algorithms: ['RS256'] });
    return undefined;
  } catch {
    return imsError(400, 'invalid_signature', 'JWT signature does not match any certificate bound to the integration');
  }
}

/** Checks exp, iss, sub, aud and the meta-scope claims; returns the granted meta-scopes or an error answer. */
function checkClaims(claims: JWTPayload, clientId: string, req: SimRequest, ctx: SimContext): SimResponse | string[] {
  const adobe = ctx.config.adobe;
  const nowS = ctx.now() / 1000;
  if (typeof claims.exp !== 'number' || !Number.isInteger(claims.exp)) return imsError(400, 'invalid_token', 'exp claim must be an integer');
  if (claims.exp <= nowS) return imsError(400, 'invalid_token', 'JWT token has expired');
  if (claims.exp > nowS + MAX_EXP_AHEAD_S) return imsError(400, 'bad_request', 'exp claim is more than 24 hours in the future');
  if (claims.jti !== undefined && typeof claims.jti !== 'string' && !Number.isInteger(claims.jti)) {
    return imsError(400, 'invalid_token', 'jti claim must be a string or an integer');
  }
  if (claims.iss !== adobe.orgId) return imsError(400, 'bad_request', 'iss claim must be the organization ID of the integration');
  if (claims.sub !== adobe.technicalAccountId) return imsError(400, 'bad_request', 'sub claim must be the technical account ID of the integration');
  const hosts = acceptedHosts(req, ctx);
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  const audMatch = typeof aud === 'string' ? /^https:\/\/([^/]+)\/c\/([^/]+)$/.exec(aud) : null;
  if (!audMatch || !hosts.includes(audMatch[1])) return imsError(400, 'bad_request', 'aud claim must be https://<ims host>/c/<client_id>');
  if (audMatch[2] !== clientId) return imsError(400, 'invalid_client', 'client_id does not match the aud claim');
  const scopes: string[] = [];
  for (const [name, value] of Object.entries(claims)) {
    const m = /^https:\/\/([^/]+)\/s\/(.+)$/.exec(name);
    if (!m || value !== true) continue;
    if (!hosts.includes(m[1]) || !adobe.metaScopes.includes(m[2])) return imsError(400, 'invalid_scope', `invalid meta-scope ${name}`);
    scopes.push(m[2]);
  }
  if (scopes.length === 0) return imsError(400, 'invalid_scope', 'no meta-scopes requested in the JWT');
  return scopes;
}

export async function exchangeJwt(req: SimRequest, ctx: SimContext): Promise<SimResponse> {
  const p = formParams(req);
  const adobe = ctx.config.adobe;
  if (!p.client_id || p.client_id !== adobe.clientId) return imsError(400, 'invalid_client', 'invalid client_id parameter');
  if (!p.client_secret || p.client_secret !== adobe.clientSecret) return imsError(401, 'invalid_client', 'invalid client_secret parameter');
  if (!p.jwt_token) return imsError(400, 'invalid_token', 'missing jwt_token parameter');
  let claims: JWTPayload;
  try {
    decodeProtectedHeader(p.jwt_token);
    claims = decodeJwt(p.jwt_token);
  } catch {
    return imsError(400, 'invalid_token', 'jwt_token could not be decoded');
  }
  const badSignature = await verifySignature(p.jwt_token, ctx);
  if (badSignature) return badSignature;
  const scopes = checkClaims(claims, p.client_id, req, ctx);
  if (!Array.isArray(scopes)) return scopes;
  const accessToken = issueAccessToken(ctx, 'jwt-exchange', scopes);
  // The JWT exchange reports expires_in in milliseconds (86399992 for 24 h).
  return { status: 200, body: { token_type: 'bearer', access_token: accessToken, expires_in: tokenLifetimeMs(ctx) - 8 } };
}
