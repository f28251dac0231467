// Failures of the read-and-delete commands that are the user's to fix (an HTTP error naming the step and the
// server's message, no access token): one line on stderr and exit 1, never a stack trace.
import type { CliIO } from './types';
import { PlatformError } from '../platform/client';
import { AccessTokenError } from '../platform/access-token';

export async function printPlatformFailure(io: CliIO, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof PlatformError || e instanceof AccessTokenError) {
      io.stderr(`postforge ${command}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
