// A fake Postman sandbox: just the parts of `pm` that generator/sandbox/runtime.js uses, plus a tiny chai-like
// `expect` (chai is not installed). The runtime is loaded into a node:vm context, as the sandbox would.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { Url } from 'postman-collection';

export interface TestResult { name: string; error?: string }

export interface FakeResponse {
  code: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export interface Sandbox {
  pm: Record<string, unknown>;
  local: Map<string, string>;
  env: Map<string, string>;
  coll: Map<string, string>;
  tests: TestResult[];
  skipped: boolean;
  /** undefined = not called; null = stop the run; a string = that request next. */
  next: string | null | undefined;
  url: Url;
  /** The raw request body, as a pre-request script may rewrite it. */
  body: string;
  timers: number[];
  /** The functions given to setTimeout, to run when a test says the time has passed. */
  later: Array<() => void>;
  logs: string[];
  /** Requests sent from the script (pm.sendRequest), each with the callback that takes its answer. */
  sent: Array<{ request: { url: string; method: string; header: Array<{ key: string; value: string }>; body?: { mode: string; raw?: string } }; answer(r: FakeResponse | Error): void }>;
  /** The runtime object the script defines. */
  postforge: Record<string, (...args: unknown[]) => unknown>;
  /** Run script text (e.g. a collection's exec lines) in the same context. */
  run(code: string): void;
  respond(r: FakeResponse): void;
}

const RUNTIME = ['runtime.js', 'drift.js'].map((f) => fs.readFileSync(path.join(__dirname, '..', '..', '..', 'generator', 'sandbox', f), 'utf8')).join('\n');

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : v instanceof RegExp ? String(v) : JSON.stringify(v);
}

/** The chains runtime.js uses: to.equal, to.eql, to.include, to.match, to.be.at.least. */
export function expect(actual: unknown, message?: string) {
  const fail = (verb: string, want: unknown) => {
    throw new Error(`${message ? `${message}: ` : ''}expected ${show(actual)} to ${verb} ${show(want)}`);
  };
  const to = {
    equal: (want: unknown) => { if (actual !== want) fail('equal', want); },
    eql: (want: unknown) => { if (JSON.stringify(actual) !== JSON.stringify(want)) fail('deeply equal', want); },
    include: (want: string) => { if (!String(actual).includes(want)) fail('include', want); },
    match: (re: RegExp) => { if (!re.test(String(actual))) fail('match', re); },
    be: { at: { least: (n: number) => { if (!((actual as number) >= n)) fail('be at least', n); } } },
  };
  return { to };
}

export function fakeSandbox(opts: { eventName?: 'test' | 'prerequest'; requestName?: string; requestId?: string; url?: string; method?: string; body?: string; vars?: Record<string, string>; env?: Record<string, string> } = {}): Sandbox {
  const local = new Map(Object.entries(opts.vars ?? {}));
  const env = new Map(Object.entries(opts.env ?? {}));
  const coll = new Map<string, string>();
  let response: FakeResponse = { code: 0 };
  const get = (name: string) => local.get(name) ?? env.get(name) ?? coll.get(name);
  const lower = (h: Record<string, string> | undefined) => new Map(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  // An answer as the sandbox hands it to a script: code, json(), text(), headers.
  const answerOf = (r: () => FakeResponse) => ({
    get code() { return r().code; },
    json: () => {
      if (r().body === undefined) throw new SyntaxError('Unexpected end of JSON input');
      return JSON.parse(JSON.stringify(r().body));
    },
    text: () => r().text ?? (r().body === undefined ? '' : JSON.stringify(r().body)),
    headers: {
      get: (k: string) => lower(r().headers).get(k.toLowerCase()),
      has: (k: string) => lower(r().headers).has(k.toLowerCase()),
    },
  });
  const sb = {
    local, env, coll, tests: [] as TestResult[], skipped: false, next: undefined as string | null | undefined,
    url: new Url(opts.url ?? 'http://127.0.0.1:4010/list'), body: opts.body ?? '', timers: [] as number[], later: [] as Array<() => void>, logs: [] as string[], sent: [] as Sandbox['sent'],
  } as Sandbox;
  sb.pm = {
    variables: {
      get,
      set: (k: string, v: string) => local.set(k, v),
      replaceIn: (s: string) => s.replace(/\{\{([^{}]+)\}\}/g, (m, name: string) => (name === '$guid' ? '00000000-0000-4000-8000-000000000000' : get(name) ?? m)),
    },
    environment: { set: (k: string, v: string) => env.set(k, v), get: (k: string) => env.get(k), has: (k: string) => env.has(k) },
    collectionVariables: { get: (k: string) => coll.get(k), has: (k: string) => coll.has(k), set: (k: string, v: string) => coll.set(k, v), unset: (k: string) => coll.delete(k) },
    execution: { skipRequest: () => { sb.skipped = true; }, setNextRequest: (n: string | null) => { sb.next = n; } },
    test: (name: string, fn: () => void) => {
      try { fn(); sb.tests.push({ name }); } catch (e) { sb.tests.push({ name, error: (e as Error).message }); }
    },
    expect,
    response: answerOf(() => response),
    request: {
      get url() { return sb.url; },
      method: opts.method ?? 'GET',
      // postman-collection's RequestBody.update(string) replaces a raw body.
      body: { get raw() { return sb.body; }, update: (raw: string) => { sb.body = raw; } },
    },
    info: { eventName: opts.eventName ?? 'test', requestName: opts.requestName ?? 'Request', requestId: opts.requestId ?? 'req-1' },
    sendRequest: (request: Sandbox['sent'][number]['request'], cb: (err: Error | null, res?: unknown) => void) => {
      sb.sent.push({ request, answer: (r) => { if (r instanceof Error) cb(r); else cb(null, answerOf(() => r)); } });
    },
  };
  const context = vm.createContext({
    pm: sb.pm,
    console: { info: (m: string) => sb.logs.push(m), log: (m: string) => sb.logs.push(m), warn: (m: string) => sb.logs.push(m) },
    setTimeout: (fn: () => void, ms: number) => { sb.timers.push(ms); sb.later.push(fn); return 0; },
  });
  vm.runInContext(RUNTIME, context, { filename: 'runtime.js' });
  sb.postforge = (context as { postforge: Sandbox['postforge'] }).postforge;
  sb.run = (code: string) => { vm.runInContext(code, context); };
  sb.respond = (r: FakeResponse) => { response = r; sb.tests.length = 0; sb.next = undefined; sb.timers.length = 0; };
  return sb;
}
