// The claim set of a Salesforce JWT bearer assertion (iss, sub, aud, exp — in that order, as Salesforce documents
// it and as Adobe's Java sample builds it) and a sanity check that `sign-jwt` and `doctor` share.
export const DEFAULT_TTL_SECONDS = 4 * 2629746; // Adobe's sample: four average months, ~121.7 days
/** Ten years; anything longer is almost certainly milliseconds (Adobe's table says exp is in milliseconds). */
export const MAX_TTL_SECONDS = 315_576_000;
export const SALESFORCE_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

export interface SalesforceClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
}

export class ClaimsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimsError';
  }
}

export interface ClaimsInput {
  clientId: string;
  username: string;
  audience: string;
  /** Lifetime in seconds from `now`; ignored when `expiresAt` is given. */
  ttlSeconds?: number;
  /** Absolute exp in epoch seconds. */
  expiresAt?: number;
  /** Current time in epoch seconds. */
  now: number;
}

export function validateTtl(ttl: number): void {
  if (!Number.isInteger(ttl) || ttl <= 0) throw new ClaimsError(`--ttl must be a positive whole number of seconds, not ${ttl}`);
  if (ttl > MAX_TTL_SECONDS) {
    throw new ClaimsError(`--ttl ${ttl} is more than ten years; it is in seconds, not milliseconds (${Math.round(ttl / 1000)} s if you meant ms)`);
  }
}

export function buildSalesforceClaims(input: ClaimsInput): SalesforceClaims {
  for (const [flag, value] of [['--client-id', input.clientId], ['--username', input.username], ['--login-url', input.audience]]) {
    if (!value || !value.trim()) throw new ClaimsError(`${flag} must not be empty`);
  }
  let exp: number;
  if (input.expiresAt !== undefined) {
    exp = input.expiresAt;
    if (!Number.isInteger(exp) || exp > 1e11) throw new ClaimsError(`--exp ${exp} is not epoch seconds (milliseconds?)`);
    if (exp <= input.now) throw new ClaimsError(`--exp ${exp} is in the past`);
  } else {
    const ttl = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    validateTtl(ttl);
    exp = Math.floor(input.now) + ttl;
  }
  return { iss: input.clientId.trim(), sub: input.username.trim(), aud: input.audience.replace(/\/+$/, ''), exp };
}

export interface ClaimFinding {
  severity: 'error' | 'warning' | 'info';
  claim: string;
  message: string;
  hint?: string;
}

function checkAudience(aud: unknown, findings: ClaimFinding[]): void {
  if (typeof aud !== 'string' || !aud) {
    findings.push({ severity: 'error', claim: 'aud', message: 'aud is missing', hint: 'use https://login.salesforce.com or https://test.salesforce.com' });
    return;
  }
  if (SALESFORCE_AUDIENCES.includes(aud) || /^https:\/\/[^/]+\.force\.com\/[^/]+$/.test(aud)) return;
  findings.push({
    severity: 'warning', claim: 'aud', message: `aud ${aud} is not a Salesforce login audience`,
    hint: 'Salesforce answers "audience is invalid" unless aud is https://login.salesforce.com (production) or https://test.salesforce.com (sandbox); an Experience Cloud site uses its site URL',
  });
}

function checkExpiry(exp: unknown, now: number, findings: ClaimFinding[]): void {
  const value = typeof exp === 'string' && /^\d+$/.test(exp) ? Number(exp) : exp;
  if (typeof exp === 'string') findings.push({ severity: 'warning', claim: 'exp', message: 'exp is a string', hint: 'JWT NumericDate is a number; Salesforce samples quote it, but a number is the portable form' });
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    findings.push({ severity: 'error', claim: 'exp', message: 'exp is missing or not a number' });
  } else if (value > 1e11) {
    findings.push({ severity: 'error', claim: 'exp', message: `exp ${value} looks like milliseconds`, hint: 'exp is epoch seconds; divide by 1000' });
  } else if (value <= now) {
    findings.push({ severity: 'error', claim: 'exp', message: `exp ${value} is in the past`, hint: 'Salesforce answers "expired authorization code"; sign a fresh assertion' });
  } else if (value - now > MAX_TTL_SECONDS) {
    findings.push({ severity: 'warning', claim: 'exp', message: 'exp is more than ten years ahead' });
  } else if (value - now > 180) {
    findings.push({ severity: 'info', claim: 'exp', message: `exp is ${Math.round((value - now) / 86400)} days ahead`, hint: 'Salesforce suggests a few minutes; Adobe\'s Flow Service stores a long-lived assertion instead' });
  }
}

/** Checks a decoded claim set (as signed or as found in a token); `now` is epoch seconds. */
export function checkSalesforceClaims(claims: Record<string, unknown>, now: number): ClaimFinding[] {
  const findings: ClaimFinding[] = [];
  if (typeof claims.iss !== 'string' || !claims.iss) {
    findings.push({ severity: 'error', claim: 'iss', message: 'iss (the connected app consumer key) is missing' });
  } else if (!/^3MVG[0-9A-Za-z._]+$/.test(claims.iss)) {
    findings.push({ severity: 'warning', claim: 'iss', message: 'iss does not look like a Salesforce consumer key (they start with 3MVG)' });
  }
  if (claims.prn !== undefined) findings.push({ severity: 'warning', claim: 'prn', message: 'prn is present and overrides sub' });
  if (typeof claims.sub !== 'string' || !claims.sub) {
    if (claims.prn === undefined) findings.push({ severity: 'error', claim: 'sub', message: 'sub (the Salesforce username) is missing' });
  } else if (!claims.sub.includes('@')) {
    findings.push({ severity: 'warning', claim: 'sub', message: `sub ${claims.sub} is not a Salesforce username (user@example.com)` });
  }
  checkAudience(claims.aud, findings);
  checkExpiry(claims.exp, now, findings);
  return findings;
}
