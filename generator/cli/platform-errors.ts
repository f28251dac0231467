// Failures of the read-and-delete commands that are the user's to fix (an HTTP error naming the step and the
// server's message, no access token): one line on stderr and exit 1, never a stack trace.
import type { CliIO } from './types';
// The error classes load only when something failed: access-token brings Newman, and --help must not.
type ClientModule = typeof import('../platform/client');
type AccessTokenModule = typeof import('../platform/access-token');

export async function printPlatformFailure(io: CliIO, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const { PlatformError } = require('../platform/client') as ClientModule;
    const { AccessTokenError } = require('../platform/access-token') as AccessTokenModule;
    if (e instanceof PlatformError || e instanceof AccessTokenError) {
      io.stderr(`postforge ${command}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
