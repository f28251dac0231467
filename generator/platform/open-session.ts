// What status and destroy share: the prepared target (variables resolved and checked exactly as for `run`, the
// simulator for `local`), an access token, a Platform client with the documented headers, the masker, and the
// resources the specs name.
import { prepareTarget, type PreparedTarget, type TargetOptions } from '../run/prepare-target';
import type { VariableProblem } from '../run/check-variables';
import { createMasker, type Masker } from '../run/mask-secrets';
import { AccessTokenError, obtainAccessToken } from './access-token';
import { createPlatformClient, type PlatformClient } from './client';
import { specResources, type SpecResources } from './resources';

export interface SessionOptions extends TargetOptions {
  fetch?: typeof fetch;
  timeoutRequestMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked on the resolved values before any request (destroy's prod guard); throw to refuse. */
  guard?: (values: Record<string, string>) => void;
}

export interface PlatformSession {
  target: PreparedTarget;
  values: Record<string, string>;
  client: PlatformClient;
  mask: Masker;
  resources: SpecResources;
}

/** Builds a client from values that already hold ACCESS_TOKEN (after a run, or after obtainAccessToken). */
export function clientFor(values: Record<string, string>, opts: Pick<SessionOptions, 'fetch' | 'timeoutRequestMs' | 'sleep'> = {}): PlatformClient {
  return createPlatformClient({
    platformUrl: values.PLATFORM_URL || 'https://platform.adobe.io', accessToken: values.ACCESS_TOKEN ?? '',
    apiKey: values.API_KEY ?? '', orgId: values.IMS_ORG ?? '', sandbox: values.SANDBOX_NAME || 'prod',
    fetch: opts.fetch, timeoutMs: opts.timeoutRequestMs, sleep: opts.sleep,
  });
}

/**
 * Opens a session, hands it to `use`, and always releases the target (stops an owned simulator). Variable problems
 * come back instead of a session: nothing is sent then.
 */
export async function withPlatformSession<T>(opts: SessionOptions, use: (s: PlatformSession) => Promise<T>): Promise<{ problems: VariableProblem[]; result?: T }> {
  const target = await prepareTarget(opts);
  try {
    if (target.problems.length) return { problems: target.problems };
    opts.guard?.(target.variables.values);
    const mask = createMasker(target.compiled.secretNames.map((k) => target.variables.values[k] ?? ''));
    const values = await obtainAccessToken(target.compiled, target.variables.values, { timeoutRequestMs: opts.timeoutRequestMs })
      .catch((e: unknown) => { throw e instanceof AccessTokenError ? new AccessTokenError(e.failures.map((f) => ({ ...f, message: mask(f.message) }))) : e; });
    mask.add(values.ACCESS_TOKEN);
    const session: PlatformSession = { target, values, client: clientFor(values, opts), mask, resources: specResources(target.root) };
    return { problems: [], result: await use(session) };
  } finally {
    await target.release();
  }
}
