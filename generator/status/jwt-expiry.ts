// When the base connection's `jwtToken` expires. Flow Service keeps connection secrets in its vault and never
// returns them, so the token itself cannot be read back: it was signed when the connection was created or last
// updated, with exp = that moment + SALESFORCE_JWT_TTL seconds (specs/salesforce-source.yaml), which gives the
// expiry to within the seconds between signing and the POST.
export const WARN_DAYS = 30;

export interface JwtExpiry {
  expiresAt: number;
  daysLeft: number;
  warn: boolean;
  expired: boolean;
  basis: string;
}

export function jwtExpiry(connection: Record<string, unknown>, ttlSeconds: string | undefined, now: number): JwtExpiry | undefined {
  const signedAt = Number(connection.updatedAt ?? connection.createdAt);
  const ttl = Number(ttlSeconds);
  if (!Number.isFinite(signedAt) || signedAt <= 0 || !Number.isFinite(ttl) || ttl <= 0) return undefined;
  const expiresAt = signedAt + ttl * 1000;
  const daysLeft = Math.floor((expiresAt - now) / 86_400_000);
  return {
    expiresAt, daysLeft, expired: expiresAt <= now, warn: expiresAt <= now || daysLeft < WARN_DAYS,
    basis: `connection updated ${new Date(signedAt).toISOString()} + SALESFORCE_JWT_TTL ${ttl} s`,
  };
}
