// The Adobe access token for the read-and-delete commands comes from the pipeline's own auth collection
// (specs/adobe-auth.yaml, run through Newman), so OAuth Server-to-Server, the legacy JWT exchange, retries and
// hints stay defined in one place. Only the token and its expiry are kept.
import type { CompiledProject } from '../index';
import { runCollection, type FailureEvent } from '../run/run-collection';

export class AccessTokenError extends Error {
  constructor(readonly failures: FailureEvent[]) {
    super(`no Adobe access token: ${failures.map((f) => `${f.step}: ${f.message}`).join('; ') || 'the auth collection set no ACCESS_TOKEN'}`);
    this.name = 'AccessTokenError';
  }
}

export async function obtainAccessToken(compiled: CompiledProject, values: Record<string, string>, opts: { timeoutRequestMs?: number } = {}): Promise<Record<string, string>> {
  if (values.ACCESS_TOKEN && Number(values.ACCESS_TOKEN_EXPIRES_AT) > Date.now() + 60_000) return values;
  const auth = compiled.collections.find((c) => c.name === compiled.project.pipeline[0]);
  if (!auth) throw new AccessTokenError([]);
  const failures: FailureEvent[] = [];
  const result = await runCollection({
    name: auth.name, collection: auth.json, environment: values, timeoutRequestMs: opts.timeoutRequestMs ?? 30000,
    listener: { failure: (e) => failures.push(e) },
  });
  if (failures.length || !result.environment.ACCESS_TOKEN) throw new AccessTokenError(failures);
  return { ...values, ACCESS_TOKEN: result.environment.ACCESS_TOKEN, ACCESS_TOKEN_EXPIRES_AT: result.environment.ACCESS_TOKEN_EXPIRES_AT ?? '' };
}
