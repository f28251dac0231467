// The one place Newman is called. A collection run becomes a stream of plain events (request done, check
// failed, script console line) and its final variables; reporters subscribe to the events.
import newman from 'newman';
import { existsNames } from './exists-lines';
import { STUB_URL, withChain } from './chain';

export interface RequestEvent {
  collection: string;
  step: string;
  method: string;
  url: string;
  status?: number;
  timeMs?: number;
  /** Network-level error (no HTTP answer). */
  error?: string;
}

export interface FailureEvent {
  collection: string;
  step: string;
  message: string;
}

export interface RunListener {
  request?(e: RequestEvent): void;
  failure?(e: FailureEvent): void;
  console?(e: { collection: string; step: string; level: string; text: string }): void;
  /** Current variables after each request, so secrets obtained mid-run (tokens) are masked from then on. */
  variables?(values: Record<string, string>): void;
}

export interface CollectionRunOptions {
  name: string;
  collection: Record<string, unknown>;
  environment: Record<string, string>;
  timeoutRequestMs: number;
  timeoutScriptMs?: number;
  bail?: boolean;
  /** Ids of the items to run (folders or requests, in collection order); all when absent. */
  entrypoints?: string[];
  listener: RunListener;
}

export interface CollectionRunResult {
  environment: Record<string, string>;
  failures: number;
  requests: RequestEvent[];
  /** Steps skipped because what they create exists (the runtime says so on the console). */
  existing: number;
}

export const RUNNER_VARIABLE = 'POSTFORGE_RUNNER';
export const BAIL_VARIABLE = 'POSTFORGE_BAIL';

const SEND_PREFIX = 'postforge: send ';

/** The step a "postforge: send NAME" line announces (undefined for any other line). */
export function sentStep(text: string): string | undefined {
  if (!text.startsWith(SEND_PREFIX)) return undefined;
  try { return String(JSON.parse(text.slice(SEND_PREFIX.length))); } catch { return text.slice(SEND_PREFIX.length); }
}

/**
 * Collection and environment as postforge's own runs hand them to Newman. POSTFORGE_RUNNER: this run's
 * collection variables are thrown away afterwards, so the runtime may unset its own large ones once read
 * (postforge.enter); it is not passed back. The collection carries its requests as data (chain.ts), except
 * under a script timeout (--timeout-script): a chain would run many requests, and their waits, in one script.
 * POSTFORGE_BAIL: a failed check ends a chain even on a step that goes on after failures, as Newman's bail
 * ends the run after that request.
 */
export function runnerInput(collection: Record<string, unknown>, environment: Record<string, string>, opts: { timeoutScriptMs?: number; bail?: boolean } = {}): { collection: Record<string, unknown>; environment: { name: string; values: Array<{ key: string; value: string; enabled: boolean }> } } {
  const values = { ...environment, ...(opts.bail ? { [BAIL_VARIABLE]: 'true' } : {}), [RUNNER_VARIABLE]: 'postforge' };
  return {
    collection: opts.timeoutScriptMs ? collection : withChain(collection),
    environment: { name: 'postforge', values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })) },
  };
}

export function runCollection(opts: CollectionRunOptions): Promise<CollectionRunResult> {
  const requests: RequestEvent[] = [];
  let failures = 0;
  let existing = 0;
  const { collection, environment: envJson } = runnerInput(opts.collection, opts.environment, { timeoutScriptMs: opts.timeoutScriptMs, bail: opts.bail });
  return new Promise((resolve, reject) => {
    const emitter = newman.run({
      collection: collection as never,
      environment: envJson as never,
      reporters: [],
      timeoutRequest: opts.timeoutRequestMs,
      timeoutScript: opts.timeoutScriptMs,
      bail: opts.bail ? ['failure'] : false,
      folder: opts.entrypoints,
    } as newman.NewmanRunOptions, (err, summary) => {
      if (err) return reject(err);
      const environment: Record<string, string> = {};
      const scope = summary.environment as unknown as { values: { all(): Array<{ key: string; value: unknown }> } };
      for (const v of scope.values.all()) if (v.key !== RUNNER_VARIABLE && v.key !== BAIL_VARIABLE) environment[v.key] = v.value === undefined || v.value === null ? '' : String(v.value);
      resolve({ environment, failures, requests, existing });
    });
    // A request the runtime sends from a script (see chain.ts) is announced by a "postforge: send" line; it,
    // and the checks of its answer, belong to that step until the next item starts.
    let sending: string | undefined;
    emitter.on('beforeItem', () => { sending = undefined; });
    const stepName = (args: { item?: { name?: string } }) => sending ?? args?.item?.name ?? '(collection)';
    emitter.on('request', (err: Error | null, args: { item: { name: string }; request: { method: string; url: { toString(): string } }; response?: { code: number; responseTime: number } }) => {
      const e: RequestEvent = { collection: opts.name, step: stepName(args), method: args.request.method, url: args.request.url.toString() };
      if (err) {
        // Not a failure by itself: the step's test script retries it or fails it ("the server answers").
        e.error = err.message;
        opts.listener.console?.({ collection: opts.name, step: e.step, level: 'warn', text: `no answer from ${e.method} ${e.step}: ${err.message}` });
      } else if (args.response) {
        e.status = args.response.code;
        e.timeMs = args.response.responseTime;
      }
      requests.push(e);
      if (e.url === STUB_URL) {
        // A stub's script sends its request and skips the stub (chain.ts): Newman sending one is a defect here.
        failures += 1;
        opts.listener.failure?.({ collection: opts.name, step: e.step, message: 'postforge sent a stub of this item instead of its request (an internal error: please report it)' });
      }
      const live = (emitter as unknown as { summary?: { environment?: { values?: { all(): Array<{ key: string; value: unknown }> } } } }).summary;
      const values = live?.environment?.values?.all();
      if (values && opts.listener.variables) opts.listener.variables(Object.fromEntries(values.map((v) => [v.key, v.value === undefined || v.value === null ? '' : String(v.value)])));
      opts.listener.request?.(e);
    });
    emitter.on('assertion', (err: Error | null, args: { item: { name: string } }) => {
      if (!err) return;
      failures += 1;
      opts.listener.failure?.({ collection: opts.name, step: stepName(args), message: err.message });
    });
    emitter.on('script', (err: Error | null, args: { item: { name: string } }) => {
      if (!err) return;
      failures += 1;
      opts.listener.failure?.({ collection: opts.name, step: stepName(args), message: err.message });
    });
    emitter.on('console', (_err: Error | null, args: { item: { name: string }; level: string; messages: unknown[] }) => {
      const step = sentStep(String(args.messages[0]));
      if (step !== undefined) { sending = step; return; }
      existing += existsNames(String(args.messages[0])).length;
      opts.listener.console?.({ collection: opts.name, step: stepName(args), level: args.level, text: args.messages.map(String).join(' ') });
    });
  });
}
