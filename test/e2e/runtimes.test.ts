// The pipeline's collections on Newman 6.2.2 and on the newest postman-runtime (the engine of the Postman app's
// collection runner), each against a fresh simulator: same requests in the same order, every assertion passing,
// no script error, the same resources created; a second run skips everything. Also postforge's own kind of
// run (requests sent from scripts) on the newest runtime, and a sandbox that keeps no globals between scripts:
// the runtime is then evaluated by every script, with the same results.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Collection, VariableScope } from 'postman-collection';
import { prepareTarget } from '../../generator/run/prepare-target';
import { environmentFor } from '../../generator/run/environment-for';
import { runCollection, runnerInput, sentStep, RUNNER_VARIABLE } from '../../generator/run/run-collection';
import { withChain } from '../../generator/run/chain';
import { startSimulator, snapshotAdobe, type RunningSimulator } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { tmpDir } from './harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form Postman JSON

interface Outcome { requests: string[]; failures: string[]; environment: Record<string, string>; chained?: number }

type Engine = (collection: Json, environment: Record<string, string>) => Promise<Outcome>;

const newman622: Engine = async (collection, environment) => {
  const failures: string[] = [];
  const r = await runCollection({ name: 'x', collection, environment, timeoutRequestMs: 30000, listener: { failure: (f) => failures.push(`${f.step}: ${f.message}`) } });
  return { requests: r.requests.map((q) => `${q.method} ${q.step} ${q.status}`), failures, environment: r.environment };
};

/** The newest postman-runtime as the Postman app runs a collection, or (`asPostforge`) as postforge's runner does. */
const newestRuntimeWith = (asPostforge: boolean): Engine => (collection, environment) => {
  // Required here, not at the top: Newman brings its own (older) copy, and the unit suite needs neither.
  const runtime = require('postman-runtime') as { version?: string; Runner: new () => { run(c: unknown, o: unknown, cb: (err: Error | null, run: { start(h: Json): void }) => void): void } };
  const input = asPostforge ? runnerInput(collection, environment) : { collection, environment: { values: Object.entries(environment).map(([key, value]) => ({ key, value })) } };
  const env = new VariableScope(input.environment as never);
  const requests: string[] = [];
  const failures: string[] = [];
  // A request sent from a script is filed under the step its "postforge: send" line names (as runCollection does).
  let sending: string | undefined;
  let chained = 0;
  return new Promise((resolve, reject) => {
    new runtime.Runner().run(new Collection(input.collection as never), { environment: env, timeout: { request: 30000 } }, (err, run) => {
      if (err) return reject(err);
      run.start({
        beforeItem() { sending = undefined; },
        console(_c: unknown, _level: string, ...messages: unknown[]) {
          const step = sentStep(String(messages[0]));
          if (step !== undefined) { sending = step; chained += 1; }
        },
        request(e: Error | null, _c: unknown, response: { code: number } | undefined, request: { method: string }, item: { name: string }) {
          requests.push(`${request.method} ${sending ?? item.name} ${e ? 'ERR' : response?.code}`);
        },
        assertion(_c: unknown, assertions: Array<{ name: string; error?: { message: string } }>) {
          for (const a of assertions) if (a.error) failures.push(`${a.name}: ${a.error.message}`);
        },
        script(e: Error | null, _c: unknown, _r: unknown, _s: unknown, _ev: unknown, item: { name: string }) {
          if (e) failures.push(`script error in ${item.name}: ${e.message}`);
        },
        exception(_c: unknown, e: Error) { failures.push(`exception: ${e.message}`); },
        done(e: Error | null) {
          if (e) return reject(e);
          const out: Record<string, string> = {};
          for (const v of (env.values as unknown as { all(): Array<{ key: string; value: unknown }> }).all()) if (v.key !== RUNNER_VARIABLE) out[v.key] = v.value === undefined || v.value === null ? '' : String(v.value);
          resolve({ requests, failures, environment: out, chained });
        },
      });
    });
  });
};

const newestRuntime = newestRuntimeWith(false);

/** Every script first forgets the runtime, as in a sandbox that keeps no globals between scripts. */
function forgetful(collection: Json): Json {
  const copy = JSON.parse(JSON.stringify(collection)) as Json;
  const visit = (items: Json[]) => items.forEach((it) => {
    if (it.item) return visit(it.item);
    for (const e of it.event ?? []) e.script.exec = [e.script.exec[0], 'postforge = undefined;', ...e.script.exec.slice(1)];
  });
  visit(copy.item);
  return copy;
}

async function pipeline(engine: Engine, sim: RunningSimulator, transform: (c: Json) => Json = (c) => c): Promise<Outcome> {
  const dir = tmpDir();
  const target = await prepareTarget({ env: 'local', simulator: sim, processEnv: {}, dotenvPath: path.join(dir, 'none') });
  let env = { ...target.variables.values };
  const all: Outcome = { requests: [], failures: [], environment: {} };
  for (const name of target.compiled.project.pipeline) {
    const c = target.compiled.collections.find((x) => x.name === name)!;
    const r = await engine(transform(c.json), environmentFor(c.uses, env));
    env = { ...env, ...r.environment };
    all.requests.push(...r.requests.map((q) => `${name}: ${q}`));
    all.failures.push(...r.failures.map((f) => `${name}: ${f}`));
    all.chained = (all.chained ?? 0) + (r.chained ?? 0);
  }
  all.environment = env;
  return all;
}

function created(sim: RunningSimulator) {
  const a = snapshotAdobe(sim.state);
  const f = snapshotFlow(sim.state);
  return { namespaces: a.namespaces.length, schemas: a.schemas.length, descriptors: a.descriptors.length, flows: f.flows.length, mappingSets: f.mappingSets.length, sourceConnections: f.sourceConnections.length };
}

describe('Newman 6.2.2 and the newest postman-runtime (e2e)', function () {
  this.timeout(300000);
  const sims: RunningSimulator[] = [];
  const fresh = async () => { const s = await startSimulator(); sims.push(s); return s; };
  after(async () => { for (const s of sims) await s.stop(); });

  it('same requests, all assertions passing, 0 script errors, same resources; a rerun writes nothing on both', async () => {
    const [a, b] = [await fresh(), await fresh()];
    const onNewman = await pipeline(newman622, a);
    const onRuntime = await pipeline(newestRuntime, b);
    assert.deepEqual(onNewman.failures, []);
    assert.deepEqual(onRuntime.failures, []);
    assert.ok(onNewman.requests.length > 150, `${onNewman.requests.length} requests`);
    assert.deepEqual(onRuntime.requests, onNewman.requests);
    assert.deepEqual(created(b), created(a));
    assert.equal(created(a).flows, 8);
    const again = await pipeline(newestRuntime, b);
    assert.deepEqual(again.failures, []);
    assert.deepEqual(again.requests.filter((r) => /^[^:]+: (POST|PUT|PATCH|DELETE) /.test(r) && !/token|preflight/i.test(r)), [], 'a rerun makes no Platform write');
  });

  it("postforge's own run on the newest runtime (requests sent from scripts): the same requests and resources", async () => {
    const [a, b] = [await fresh(), await fresh()];
    const onNewman = await pipeline(newman622, a);
    const onRuntime = await pipeline(newestRuntimeWith(true), b);
    assert.deepEqual(onRuntime.failures, []);
    assert.ok((onRuntime.chained ?? 0) > onNewman.requests.length / 2, `${onRuntime.chained} of ${onNewman.requests.length} requests sent from scripts`);
    assert.deepEqual(onRuntime.requests, onNewman.requests);
    assert.deepEqual(created(b), created(a));
  });

  it('a sandbox that keeps no globals: every script evaluates the runtime, and the run is the same', async () => {
    const [a, b] = [await fresh(), await fresh()];
    const normal = await pipeline(newman622, a);
    // What postforge's run gives Newman (stubs included), each script of it forgetting.
    const forgetting = await pipeline(newman622, b, (c) => forgetful(withChain(c)));
    assert.deepEqual(forgetting.failures, []);
    assert.deepEqual(forgetting.requests, normal.requests);
    assert.deepEqual(created(b), created(a));
  });
});
