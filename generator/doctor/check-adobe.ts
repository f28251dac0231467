// Adobe side of `doctor`: an access token is obtainable, the clock agrees with IMS, and a read-only Platform
// call passes the gateway (API key, org, sandbox). Nothing is created.
import type { CheckResult } from './types';

export interface AdobeCheckInput {
  values: Record<string, string>;
  fetch?: typeof fetch;
  now: () => number;
}

const resolve = (s: string, values: Record<string, string>): string => s.replace(/\{\{([^{}]+)\}\}/g, (_m, n: string) => values[n.trim()] ?? '');

async function answer(res: Response): Promise<{ json: Record<string, unknown>; text: string }> {
  const text = await res.text();
  try { return { json: JSON.parse(text) as Record<string, unknown>, text }; } catch { return { json: {}, text }; }
}

export async function checkAdobe(input: AdobeCheckInput): Promise<CheckResult[]> {
  const v = input.values;
  const doFetch = input.fetch ?? fetch;
  const out: CheckResult[] = [];
  if ((v.ADOBE_AUTH || 'oauth') === 'jwt') {
    out.push({ name: 'Adobe access token', status: 'warn', detail: 'ADOBE_AUTH=jwt: Service Account (JWT) credentials have reached end of life', fix: 'add an OAuth Server-to-Server credential to the project and set ADOBE_AUTH=oauth' });
    return out;
  }
  const imsUrl = resolve(v.IMS_URL || 'https://{{IMS}}', v);
  let token = '';
  try {
    const res = await doFetch(`${imsUrl.replace(/\/+$/, '')}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: v.API_KEY ?? '', client_secret: v.CLIENT_SECRET ?? '', scope: v.SCOPES ?? '' }).toString(),
      signal: AbortSignal.timeout(15000),
    });
    const { json, text } = await answer(res);
    const date = res.headers.get('date');
    if (date) {
      const skew = Math.round((input.now() - Date.parse(date)) / 1000);
      out.push({ name: 'clock', status: Math.abs(skew) > 60 ? 'fail' : 'pass', detail: `${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} IMS`, fix: Math.abs(skew) > 60 ? 'sync the clock (NTP): JWT exp allows Salesforce only 3 minutes' : undefined });
    }
    if (res.ok && typeof json.access_token === 'string') {
      token = json.access_token;
      out.push({ name: 'Adobe access token', status: 'pass', detail: `obtained (expires in ${json.expires_in} s)` });
    } else {
      const msg = String(json.error_description ?? json.error ?? text.slice(0, 200));
      out.push({ name: 'Adobe access token', status: 'fail', detail: `HTTP ${res.status}: ${msg}`, fix: /scope/.test(msg) ? 'SCOPES must be scopes of the OAuth Server-to-Server credential' : 'check API_KEY and CLIENT_SECRET in the Adobe Developer Console' });
      return out;
    }
  } catch (e) {
    out.push({ name: 'Adobe access token', status: 'fail', detail: `no answer from ${imsUrl}: ${(e as Error).message}`, fix: 'check IMS_URL and the network' });
    return out;
  }
  const platform = resolve(v.PLATFORM_URL || 'https://platform.adobe.io', v).replace(/\/+$/, '');
  try {
    const res = await doFetch(`${platform}/data/core/idnamespace/identities`, {
      headers: { authorization: `Bearer ${token}`, 'x-api-key': v.API_KEY ?? '', 'x-gw-ims-org-id': v.IMS_ORG ?? '', 'x-sandbox-name': v.SANDBOX_NAME || 'prod', accept: 'application/json' },
      signal: AbortSignal.timeout(15000),
    });
    const { json, text } = await answer(res);
    out.push(res.ok
      ? { name: 'Experience Platform', status: 'pass', detail: `sandbox ${v.SANDBOX_NAME || 'prod'} reachable with this org and API key` }
      : { name: 'Experience Platform', status: 'fail', detail: `HTTP ${res.status}: ${String(json.message ?? json.detail ?? json.title ?? text.slice(0, 200))}`, fix: 'check IMS_ORG, SANDBOX_NAME and the credential\'s product profile (AEP-Default-All-Users)' });
  } catch (e) {
    out.push({ name: 'Experience Platform', status: 'fail', detail: `no answer from ${platform}: ${(e as Error).message}`, fix: 'check PLATFORM_URL (a full URL with https://)' });
  }
  return out;
}
