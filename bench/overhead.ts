// What the generated scripts cost: each collection run with its scripts, then the very requests it sent replayed
// bare (no scripts) from the same simulator state, side by side, alternating which goes first in each round.
// The simulator runs in a child process so its CPU is not charged to Newman; its state (and its id generator)
// is snapshot before the scripted run and restored before the replay.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import newman from 'newman';
import { prepareTarget } from '../generator/run/prepare-target';
import { environmentFor } from '../generator/run/environment-for';
import { RUNNER_VARIABLE, runnerInput } from '../generator/run/run-collection';
import type { CompiledProject } from '../generator/index';
import type { RunningSimulator } from '../simulator';

export interface OverheadRow {
  requests: number;
  scripted_ms_per_request: number;
  bare_ms_per_request: number;
  ratio: number;
  /** The same requests, each with a one-line test script: what the sandbox costs per script run, whatever it does. */
  floor_ms_per_request: number;
  floor_ratio: number;
}

type Json = Record<string, unknown>;
const SYSTEM_HEADERS = new Set(['postman-token', 'host', 'content-length', 'connection', 'accept-encoding', 'user-agent', 'cache-control']);

class SimChild {
  private child: ChildProcess;
  constructor() {
    const ts = __filename.endsWith('.ts');
    this.child = fork(path.join(__dirname, `sim-child${ts ? '.ts' : '.js'}`), [], { execArgv: ts ? ['-r', 'ts-node/register/transpile-only'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  }
  call<T = Json>(msg: Json): Promise<T> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (r: Json) => (r.ok ? resolve(r as T) : reject(new Error(String(r.error)))));
      this.child.send(msg);
    });
  }
}

interface Recorded { environment: Record<string, string>; requests: Json[]; ms: number }

/** `record`: keep the requests sent (for the bare replay); off in the timed rounds, where they are known. */
function run(collection: Json, environment: Record<string, string>, bare = false, record = true): Promise<Recorded> {
  const requests: Json[] = [];
  let failures = 0;
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // As runCollection gives them to Newman (a bare replay gets them unchanged).
    const input = bare ? { collection, environment: { values: Object.entries(environment).map(([key, value]) => ({ key, value })) } } : runnerInput(collection, environment);
    const emitter = newman.run({
      collection: input.collection as never,
      environment: input.environment as never,
      reporters: [],
    }, (err, summary) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (err) return reject(err);
      if (failures) return reject(new Error(`${failures} failed check(s)/script error(s) in ${String((collection.info as Json).name)}`));
      const out: Record<string, string> = {};
      for (const v of (summary.environment as unknown as { values: { all(): Array<{ key: string; value: unknown }> } }).values.all()) if (v.key !== RUNNER_VARIABLE) out[v.key] = String(v.value ?? '');
      resolve({ environment: out, requests, ms });
    });
    if (record) emitter.on('request', (_e: unknown, a: { request: { method: string; url: { toString(): string }; headers: { all(): Array<{ key: string; value: string }> }; body?: { toJSON(): Json } } }) => {
      requests.push({
        method: a.request.method,
        url: a.request.url.toString(),
        header: a.request.headers.all().filter((h) => !SYSTEM_HEADERS.has(h.key.toLowerCase())).map((h) => ({ key: h.key, value: h.value })),
        ...(a.request.body ? { body: a.request.body.toJSON() } : {}),
      });
    });
    emitter.on('assertion', (e: Error | null) => { if (e) failures += 1; });
    emitter.on('script', (e: Error | null) => { if (e) failures += 1; });
  });
}

/** The requests a run sent, as a collection without a single script (or with one trivial test script each). */
function bareCollection(name: string, requests: Json[], trivial = false): Json {
  return {
    info: { name: `${name} (${trivial ? 'one-line scripts' : 'bare'})`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: requests.map((request, i) => ({ name: `r${i}`, request, ...(trivial ? { event: [{ listen: 'test', script: { exec: ['var done = true;'] } }] } : {}) })),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Scripted vs bare ms/request for b2b-schemas and salesforce-source, fresh (from the state the collections
 * before them leave) and rerun (everything exists). Throws if a scripted run fails.
 */
export async function benchOverhead(opts: { rounds?: number; rerunRounds?: number } = {}): Promise<Record<string, OverheadRow>> {
  const rounds = Math.max(1, opts.rounds ?? 3);
  const sim = new SimChild();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-bench-'));
  try {
    const started = await sim.call<{ url: string; port: number; config: RunningSimulator['config'] }>({ op: 'start' });
    const proxy = { url: started.url, port: started.port, config: started.config, state: { requests: [] }, advanceClock: () => undefined, stop: async () => undefined } as unknown as RunningSimulator;
    const target = await prepareTarget({ env: 'local', simulator: proxy, processEnv: {}, dotenvPath: path.join(dir, 'none') });
    await sim.call({ op: 'keys', salesforce: proxy.config.salesforce.certificatePem, adobe: proxy.config.adobe.jwtPublicKeyPem });
    const compiled: CompiledProject = target.compiled;
    const json = (name: string) => compiled.collections.find((c) => c.name === name)!;
    let env = { ...target.variables.values };
    const scripted = async (name: string, record = true) => {
      const c = json(name);
      const r = await run(c.json, environmentFor(c.uses, env), false, record);
      env = { ...env, ...r.environment };
      return r;
    };
    await scripted('adobe-auth');
    await scripted('b2b-namespaces');
    const out: Record<string, OverheadRow> = {};
    const measure = async (label: string, name: string, rounds: number) => {
      await sim.call({ op: 'snapshot', name: label });
      const envBefore = env;
      const fromSnapshot = async (fn: () => Promise<Recorded>) => {
        await sim.call({ op: 'restore', name: label });
        env = envBefore;
        return fn();
      };
      const s: number[] = [];
      const b: number[] = [];
      const f: number[] = [];
      // The requests of a run from this state, recorded once (an untimed run): every round sends the same.
      const recorded = await fromSnapshot(() => scripted(name));
      const count = recorded.requests.length;
      const bare = () => fromSnapshot(() => run(bareCollection(name, recorded.requests), {}, true, false));
      const floor = () => fromSnapshot(() => run(bareCollection(name, recorded.requests, true), {}, true, false));
      const timed = () => fromSnapshot(() => scripted(name, false));
      // The replays get their untimed first run too.
      await bare();
      await floor();
      for (let i = 0; i < rounds; i++) {
        // Alternate which goes first, so warm-up and machine load fall on both sides.
        if (i % 2) { b.push((await bare()).ms); f.push((await floor()).ms); }
        s.push((await timed()).ms);
        if (!(i % 2)) { f.push((await floor()).ms); b.push((await bare()).ms); }
      }
      // Leave the state (and env) the scripted run leaves, for the next measurement.
      await fromSnapshot(() => scripted(name, false));
      out[label] = { requests: count, scripted_ms_per_request: median(s) / count, bare_ms_per_request: median(b) / count, ratio: median(s) / median(b), floor_ms_per_request: median(f) / count, floor_ratio: median(f) / median(b) };
    };
    // A rerun of b2b-schemas is 3 requests: its rounds are short, and more of them steady the median.
    const reruns = opts.rerunRounds ?? rounds;
    await measure('b2b-schemas fresh', 'b2b-schemas', rounds);
    await measure('b2b-schemas rerun', 'b2b-schemas', reruns);
    await measure('salesforce-source fresh', 'salesforce-source', rounds);
    await measure('salesforce-source rerun', 'salesforce-source', reruns);
    return out;
  } finally {
    await sim.call({ op: 'stop' }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
