// Robustness against the simulator's fault injection: every fault kind ends in the same state as a clean run,
// without duplicates; a persistent fault stops the run (exit 1) within a bounded time with a clear message;
// a run killed midway and run again completes the setup.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPipeline } from '../../generator/run/run-pipeline';
import { startSimulator, snapshotAdobe, type FaultConfig, type RunningSimulator } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { e2eOptions } from './harness';

const ROOT = path.join(__dirname, '..', '..');

const options = e2eOptions;

/** The created resources, without ids, so that two sandboxes can be compared. */
function shape(sim: RunningSimulator) {
  const a = snapshotAdobe(sim.state);
  const f = snapshotFlow(sim.state);
  return {
    namespaces: a.namespaces.map((n) => n.code).sort(),
    schemas: a.schemas.map((s) => `${s.title}:${[...s.fieldGroups].sort().join(',')}:${s.immutableTags.join(',')}`).sort(),
    descriptors: a.descriptors.length,
    connections: f.connections.length,
    sources: f.sourceConnections.map((s) => s.name).sort(),
    targets: f.targetConnections.map((s) => s.name).sort(),
    datasets: f.dataSets.map((s) => s.name).sort(),
    mappingRows: f.mappingSets.map((m) => m.rows).sort((x, y) => x - y),
    flows: f.flows.map((s) => s.name).sort(),
  };
}

describe('faults and interruptions (e2e)', function () {
  this.timeout(300000);
  let clean: ReturnType<typeof shape>;

  before(async () => {
    const sim = await startSimulator();
    try {
      const lines: string[] = [];
      const r = await runPipeline(options(sim, lines));
      assert.equal(r.exitCode, 0, lines.join('\n'));
      clean = shape(sim);
    } finally {
      await sim.stop();
    }
  });

  const cases: Array<[string, FaultConfig, RegExp | null]> = [
    ['429 with Retry-After on the Schema Registry', { throttle: { count: 2, retryAfterSeconds: 1, pathPrefix: '/data/foundation/schemaregistry' } }, /after HTTP 429 in 1000 ms/],
    ['503 on Flow Service', { serverErrors: { count: 2, status: 503, pathPrefix: '/data/foundation/flowservice' } }, /after HTTP 503 in/],
    ['dropped connections on Identity Service', { dropConnections: { count: 2, pathPrefix: '/data/core/idnamespace' } }, /after no answer in/],
    ['latency on every request', { latencyMs: 15 }, null],
    ['the access token revoked mid-run (401)', { expireTokensAfterRequests: 40 }, /HTTP 401 on ".*": getting a fresh token, then retrying/],
  ];
  for (const [name, faults, retried] of cases) {
    it(`${name}: same final state as a clean run`, async () => {
      const sim = await startSimulator({ config: { faults } });
      try {
        const lines: string[] = [];
        const r = await runPipeline(options(sim, lines));
        assert.equal(r.exitCode, 0, lines.join('\n'));
        if (retried) assert.ok(lines.some((l) => retried.test(l)), `retried: ${lines.join(' | ')}`);
        if (faults.throttle) {
          // Each retry waits what Retry-After asks, wherever the request is sent from (a script that did not
          // define the runtime has timers of its own; the defining script's are sealed once it ended).
          const log = sim.state.requests;
          const throttled = log.filter((q) => q.status === 429);
          assert.equal(throttled.length, faults.throttle.count);
          for (const q of throttled) {
            const next = log.find((x) => x.seq > q.seq && x.method === q.method && x.path === q.path)!;
            assert.ok(next.receivedMs - q.receivedMs >= faults.throttle.retryAfterSeconds * 1000 - 50, `${q.method} ${q.path} retried after ${Math.round(next.receivedMs - q.receivedMs)} ms`);
          }
        }
        assert.deepEqual(shape(sim), clean);
      } finally {
        await sim.stop();
      }
    });
  }

  it('schemas over several pages, some resources already there, 429 on the way: no duplicates, then 0 writes', async () => {
    const sim = await startSimulator({ config: { pageSize: 3, faults: { throttle: { count: 1, retryAfterSeconds: 1, pathPrefix: '/data/foundation/schemaregistry' } } } });
    try {
      const lines: string[] = [];
      assert.equal((await runPipeline(options(sim, lines, { only: 'b2b-namespaces' }))).exitCode, 0, lines.join('\n'));
      assert.equal((await runPipeline(options(sim, lines))).exitCode, 0, lines.join('\n'));
      const again = await runPipeline(options(sim, lines));
      assert.equal(again.exitCode, 0, lines.join('\n'));
      assert.ok(again.requests.filter((r) => /tenant\/schemas\?/.test(r.url)).length >= 4, 'the schema list was read over several pages');
      assert.equal(again.requests.filter((r) => r.method !== 'GET' && !/token/.test(r.url)).length, 0, 'no write on the second run');
      assert.deepEqual(shape(sim), clean);
    } finally {
      await sim.stop();
    }
  });

  it('a persistent 503 stops the run with exit 1, the step and the server message, in bounded time', async () => {
    const sim = await startSimulator({ config: { faults: { serverErrors: { count: 1000, status: 503, pathPrefix: '/data/core/idnamespace' } } } });
    try {
      const lines: string[] = [];
      const t0 = Date.now();
      const r = await runPipeline(options(sim, lines));
      assert.equal(r.exitCode, 1);
      assert.ok(Date.now() - t0 < 30000, 'bounded');
      const failure = r.failures[0];
      assert.equal(failure.step, 'List identity namespaces');
      assert.match(failure.message, /^HTTP 503: Service temporarily unavailable/);
      assert.equal(r.requests.filter((q) => /idnamespace/.test(q.url)).length, 4, 'four attempts, then stop');
      assert.equal(snapshotAdobe(sim.state).schemas.length, 0, 'later collections did not run');
    } finally {
      await sim.stop();
    }
  });

  it('a run killed midway, run again, completes the setup with no duplicates', async () => {
    const sim = await startSimulator();
    try {
      // The CLI against this simulator as if it were production: real process, real kill.
      const lines: string[] = [];
      const seed = await runPipeline(options(sim, lines, { only: 'adobe-auth' })); // installs this test's keys
      assert.equal(seed.exitCode, 0);
      const { startLocalTarget } = await import('../../generator/run/local-target');
      const target = await startLocalTarget({ simulator: sim });
      const args = ['bin/postforge.js', 'run', '--env', 'production', '--reporters', 'cli', '--reports-dir', fs.mkdtempSync(path.join(os.tmpdir(), 'pf-kill-'))];
      for (const [k, v] of Object.entries(target.values)) args.push('--env-var', `${k}=${v}`);
      const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
      const before = sim.state.requests.length;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (sim.state.requests.length - before >= 60) { clearInterval(timer); child.kill('SIGKILL'); resolve(); }
        }, 5);
      });
      await new Promise((r) => child.once('exit', r));
      const midway = snapshotAdobe(sim.state);
      assert.ok(midway.schemas.length < 12 || midway.descriptors.length < 39, 'killed before the end');
      const rerun = await runPipeline(options(sim, lines));
      assert.equal(rerun.exitCode, 0, lines.join('\n'));
      assert.deepEqual(shape(sim), clean);
    } finally {
      await sim.stop();
    }
  });
});
