// `sign-jwt --verify`: hands the assertion to Salesforce's token endpoint (the JWT bearer grant) and turns the
// answer into a verdict with the usual fix. The access token that comes back is never returned to the caller.
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface TokenExchangeOptions {
  assertion: string;
  /** Full token endpoint URL, e.g. https://login.salesforce.com/services/oauth2/token. */
  tokenUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type TokenExchangeResult =
  | { ok: true; status: number; instanceUrl?: string; scope?: string; tokenType?: string }
  | { ok: false; status: number; error: string; description: string; hint?: string };

export function tokenEndpoint(loginUrl: string): string {
  return `${loginUrl.replace(/\/+$/, '')}/services/oauth2/token`;
}

const HINTS: Array<[RegExp, string]> = [
  [/user hasn't approved this consumer/i, 'In the connected app set Permitted Users to "Admin approved users are pre-authorized" and add the user\'s profile or permission set (or approve the app once with a refresh_token scope).'],
  [/audience is invalid/i, 'Set --login-url to https://login.salesforce.com (production, Developer Edition) or https://test.salesforce.com (sandbox); the token endpoint may still be your My Domain.'],
  [/expired authorization code/i, 'The assertion had expired on arrival: check the clock and that exp is in seconds, then sign a fresh one.'],
  [/invalid client credentials|client identifier invalid|invalid_client_id/i, 'Check --client-id: it must be the connected app\'s consumer key.'],
  [/no client credentials user enabled/i, 'In the connected app enable "Client Credentials Flow" and choose a "Run As" user.'],
  [/request not supported on this domain/i, 'Use your My Domain URL (SALESFORCE_INSTANCE_URL, https://<domain>.my.salesforce.com): the client credentials flow is not served on login.salesforce.com.'],
  [/user is locked|inactive/i, 'Unlock or reactivate the Salesforce user named in --username.'],
  [/invalid assertion|signature|certificate/i, 'Upload the cert.pem that matches --key to the connected app ("Use digital signatures").'],
  [/not admin approved|OAUTH_APP_ACCESS_DENIED/i, 'Admin-approve the user for the app (Manage Connected Apps → Permitted Users, then the profile\'s Connected App Access).'],
];

export function hintFor(error: string, description: string): string | undefined {
  const text = `${error} ${description}`;
  return HINTS.find(([pattern]) => pattern.test(text))?.[1];
}

export async function exchangeAssertion(options: TokenExchangeOptions): Promise<TokenExchangeResult> {
  return requestToken({ grant_type: JWT_BEARER_GRANT, assertion: options.assertion }, options);
}

/** The OAuth 2.0 client credentials grant, as Flow Service uses it with "OAuth2 Client Credential" (My Domain endpoint). */
export async function clientCredentials(options: Omit<TokenExchangeOptions, 'assertion'> & { clientId: string; clientSecret: string }): Promise<TokenExchangeResult> {
  return requestToken({ grant_type: 'client_credentials', client_id: options.clientId, client_secret: options.clientSecret }, options);
}

async function requestToken(form: Record<string, string>, options: Omit<TokenExchangeOptions, 'assertion'>): Promise<TokenExchangeResult> {
  const doFetch = options.fetch ?? fetch;
  const response = await doFetch(options.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try { body = JSON.parse(text) as Record<string, unknown>; } catch { /* non-JSON error pages are reported by status */ }
  if (response.ok && typeof body.access_token === 'string') {
    return { ok: true, status: response.status, instanceUrl: str(body.instance_url), scope: str(body.scope), tokenType: str(body.token_type) };
  }
  const error = str(body.error) ?? `HTTP ${response.status}`;
  const description = str(body.error_description) ?? (text && !text.trimStart().startsWith('{') ? text.slice(0, 200) : '');
  return { ok: false, status: response.status, error, description, hint: hintFor(error, description) };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
