// Salesforce side of `doctor`: the key parses and matches the certificate, the JWT claims are sane, and the
// token endpoint accepts a short assertion (only a token request: nothing is changed).
import fs from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { CheckResult } from './types';
import { parsePrivateKey, KeyLoadError } from '../tools/key-load';
import { keyMatchesCertificate, describeCertificate } from '../tools/certificate';
import { buildSalesforceClaims, checkSalesforceClaims, ClaimsError } from '../tools/jwt-claims';
import { signSalesforceJwt } from '../tools/sign-jwt';
import { clientCredentials, exchangeAssertion, tokenEndpoint } from '../tools/token-exchange';

export interface SalesforceCheckInput {
  values: Record<string, string>;
  /** Certificate file uploaded to the connected app (optional). */
  certFile?: string;
  now: number;
  fetch?: typeof fetch;
}

export async function checkSalesforce(input: SalesforceCheckInput): Promise<CheckResult[]> {
  const v = input.values;
  const out: CheckResult[] = [];
  if (v.SALESFORCE_AUTH === 'oauth2') return [await checkClientCredentials(v, input.fetch)];
  if ((v.SALESFORCE_AUTH || 'jwt') !== 'jwt') {
    out.push({ name: 'Salesforce JWT', status: 'skip', detail: `SALESFORCE_AUTH is ${v.SALESFORCE_AUTH}; Flow Service tests those credentials when the connection is created` });
    return out;
  }
  let key;
  try {
    key = parsePrivateKey(Buffer.from(v.SALESFORCE_PRIVATE_KEY ?? '', 'utf8'), { label: 'SALESFORCE_PRIVATE_KEY' });
    out.push({ name: 'SALESFORCE_PRIVATE_KEY', status: key.bits >= 2048 ? 'pass' : 'warn', detail: `RSA ${key.bits}-bit private key (${key.format})`, fix: key.bits >= 2048 ? undefined : 'use a 2048- or 4096-bit key (postforge keygen)' });
  } catch (e) {
    out.push({ name: 'SALESFORCE_PRIVATE_KEY', status: 'fail', detail: e instanceof KeyLoadError ? e.message : 'the key cannot be read', fix: 'paste the PEM private key (postforge keygen makes one)' });
    return out;
  }
  if (input.certFile) {
    try {
      const cert = new X509Certificate(fs.readFileSync(input.certFile));
      const info = describeCertificate(cert, new Date(input.now * 1000));
      const matches = keyMatchesCertificate(key.privateKey, cert);
      out.push({
        name: 'certificate', status: !matches || info.expired ? 'fail' : info.daysLeft < 30 ? 'warn' : 'pass',
        detail: matches ? `${info.subject}, ${info.expired ? 'EXPIRED' : `${info.daysLeft} days left`}` : `${input.certFile} does not belong to SALESFORCE_PRIVATE_KEY`,
        fix: matches ? (info.expired || info.daysLeft < 30 ? 'make a new pair with postforge keygen and upload cert.pem to the connected app' : undefined) : 'upload the certificate made with this key, or set the key that belongs to the uploaded certificate',
      });
    } catch (e) {
      out.push({ name: 'certificate', status: 'fail', detail: `${input.certFile}: ${(e as Error).message}` });
    }
  }
  try {
    const ttl = Number(v.SALESFORCE_JWT_TTL || '0');
    const claims = buildSalesforceClaims({ clientId: v.SALESFORCE_CLIENT_ID ?? '', username: v.SALESFORCE_USERNAME ?? '', audience: (v.SALESFORCE_JWT_AUDIENCE || v.SALESFORCE_LOGIN_URL || '').replace('{{SALESFORCE_LOGIN_URL}}', v.SALESFORCE_LOGIN_URL ?? ''), ttlSeconds: ttl, now: input.now });
    const findings = checkSalesforceClaims({ ...claims }, input.now).filter((f) => !(f.claim === 'aud' && /^http:\/\/127\.0\.0\.1/.test(String(claims.aud))));
    const worst = findings.some((f) => f.severity === 'error') ? 'fail' : findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
    out.push({ name: 'jwtToken claims', status: worst, detail: findings.length ? findings.map((f) => f.message).join('; ') : `iss, sub, aud set; exp in ${Math.round(ttl / 86400)} days (seconds, not milliseconds)`, fix: findings.find((f) => f.hint)?.hint });
    const assertion = await signSalesforceJwt(key.privateKey, { ...claims, exp: input.now + 180 });
    const result = await exchangeAssertion({ assertion, tokenUrl: tokenEndpoint(v.SALESFORCE_LOGIN_URL), fetch: input.fetch, timeoutMs: 15000 });
    out.push(result.ok
      ? { name: 'Salesforce token endpoint', status: 'pass', detail: 'the JWT bearer assertion was accepted' }
      : { name: 'Salesforce token endpoint', status: 'fail', detail: `${result.error}: ${result.description}`, fix: result.hint });
  } catch (e) {
    if (e instanceof ClaimsError) out.push({ name: 'jwtToken claims', status: 'fail', detail: e.message });
    else out.push({ name: 'Salesforce token endpoint', status: 'fail', detail: `no answer from ${tokenEndpoint(v.SALESFORCE_LOGIN_URL ?? '')}: ${(e as Error).message}`, fix: 'check SALESFORCE_LOGIN_URL and the network (proxy, firewall)' });
  }
  return out;
}

/** OAuth2 Client Credential: the org's My Domain token endpoint must grant the connected app a token. */
async function checkClientCredentials(v: Record<string, string>, doFetch?: typeof fetch): Promise<CheckResult> {
  const tokenUrl = tokenEndpoint(v.SALESFORCE_INSTANCE_URL ?? '');
  try {
    const r = await clientCredentials({ tokenUrl, clientId: v.SALESFORCE_CLIENT_ID ?? '', clientSecret: v.SALESFORCE_CLIENT_SECRET ?? '', fetch: doFetch, timeoutMs: 15000 });
    return r.ok
      ? { name: 'Salesforce token endpoint', status: 'pass', detail: 'the client credentials grant was accepted (OAuth2 Client Credential)' }
      : { name: 'Salesforce token endpoint', status: 'fail', detail: `${r.error}: ${r.description}`, fix: r.hint ?? 'check SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET and the connected app\'s client credentials flow' };
  } catch (e) {
    return { name: 'Salesforce token endpoint', status: 'fail', detail: `no answer from ${tokenUrl}: ${(e as Error).message}`, fix: 'check SALESFORCE_INSTANCE_URL and the network (proxy, firewall)' };
  }
}
