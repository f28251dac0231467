// Access tokens issued by the simulated IMS, shared by the gateway check.
import type { SimContext } from './types';
import { slice } from './app';

export interface IssuedToken {
  clientId: string;
  orgId: string;
  expiresAt: number;
  issuedAtSeq: number;
  /** Which IMS flow issued the token (diagnostics only). */
  flow?: 'oauth-s2s' | 'jwt-exchange';
  scopes?: string[];
}

export function tokenStore(ctx: SimContext): Map<string, IssuedToken> {
  return slice(ctx.state, 'imsTokens', () => new Map<string, IssuedToken>());
}
