// Signs a Salesforce JWT bearer assertion, the command-line replacement for Adobe's Java `JWTExample`.
// The header is exactly {"alg":"RS256"} (Salesforce's documented header, no "typ") and the claims keep the order
// they are given in, so the token is byte-identical to the one the Postman pre-request signer builds.
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SalesforceClaims } from './jwt-claims';

export const SALESFORCE_JWT_HEADER = { alg: 'RS256' } as const;

export async function signSalesforceJwt(privateKey: KeyObject, claims: SalesforceClaims): Promise<string> {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new TypeError('Salesforce JWT assertions are signed with RS256 and need an RSA key');
  return new SignJWT({ iss: claims.iss, sub: claims.sub, aud: claims.aud, exp: claims.exp })
    .setProtectedHeader({ ...SALESFORCE_JWT_HEADER })
    .sign(privateKey);
}

/** Decodes the (unverified) header and claims of a compact JWS; for display and checks, never for trust. */
export function decodeJwtParts(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, payload] = token.split('.');
  if (!header || !payload) throw new TypeError('not a compact JWT');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), claims: decode(payload) };
}
