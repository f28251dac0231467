// `postforge plan` through the CLI entry: on an empty sandbox (the embedded simulator) it lists what a run would
// create, sends no write, writes reports/plan.json and, with --detailed-exitcode, exits 3; on a completed,
// unchanged setup it exits 0 (the CI drift check passes); usage errors exit 2.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../generator/cli';
import { captureIO } from '../unit/helpers/temp-project';
import { tmpDir } from './harness';
import { startSimulator } from '../../simulator';
import { startLocalTarget } from '../../generator/run/local-target';

describe('postforge plan (CLI)', function () {
  this.timeout(300000);

  it('an empty sandbox: the table of creates, plan.json, 0 writes, exit 3 with --detailed-exitcode', async () => {
    const dir = tmpDir();
    const io = captureIO();
    const code = await main(['plan', '--detailed-exitcode', '--reports-dir', dir], io);
    const out = io.out.join('\n');
    assert.equal(code, 3, `${out}\n${io.err.join('\n')}`);
    assert.match(out, /Plan for 'local': \d+ to create, \d+ to update, 0 needing a manual change, 0 no longer in the specs/);
    assert.match(out, /create {7}b2b-namespaces \/ Namespace B2B Account/);
    assert.match(out, /create {7}salesforce-source \/ Dataflow for Lead/);
    assert.match(out, / 0 write\(s\) — plan written to /);
    const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
    assert.equal(plan.complete, true);
    assert.ok(plan.create.length > 50);
    assert.ok(plan.create.every((c: { applied: boolean }) => c.applied === false));
    assert.ok(!fs.existsSync(path.join(dir, 'junit.xml')), 'plan writes no run reports');
  });

  it('a completed, unchanged setup: exit 0 with --detailed-exitcode, "no changes", only reads and token requests', async () => {
    // The CLI against a simulator that outlives one command, as against production: run, then plan.
    const sim = await startSimulator();
    try {
      const target = await startLocalTarget({ simulator: sim });
      const vars = Object.entries(target.values).flatMap(([k, v]) => ['--env-var', `${k}=${v}`]);
      const dir = tmpDir();
      const setup = captureIO(dir);
      assert.equal(await main(['run', '--env', 'production', '--reporters', 'cli', '--reports-dir', dir, ...vars], setup), 0, setup.err.join('\n'));
      const from = sim.state.requests.length;
      const io = captureIO(dir);
      const code = await main(['plan', '--env', 'production', '--detailed-exitcode', '--reports-dir', dir, ...vars], io);
      const out = io.out.join('\n');
      assert.equal(code, 0, `${out}\n${io.err.join('\n')}`);
      assert.match(out, /Plan for 'production': no changes — the sandbox matches the specs/);
      assert.match(out, / 0 write\(s\) — plan written to /);
      const sent = sim.state.requests.slice(from);
      assert.ok(sent.length > 0);
      assert.deepEqual(sent.filter((r) => r.method !== 'GET' && !/\/ims\/token\/|\/services\/oauth2\/token$/.test(r.path)).map((r) => `${r.method} ${r.path}`), []);
      const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8'));
      assert.equal(plan.complete, true);
      assert.deepEqual([plan.pending, plan.create.length, plan.update.length, plan.manual.length, plan.notInSpecs.length], [0, 0, 0, 0, 0]);
      for (const secret of [target.values.CLIENT_SECRET, target.values.SALESFORCE_CLIENT_SECRET]) assert.ok(!out.includes(secret) && !fs.readFileSync(path.join(dir, 'plan.json'), 'utf8').includes(secret), 'no secret in the output');
    } finally {
      await sim.stop();
    }
  });

  it('unknown options are usage errors (exit 2); --help documents the exit codes', async () => {
    const io = captureIO();
    assert.equal(await main(['plan', '--bogus'], io), 2);
    assert.match(io.err.join('\n'), /bogus/);
    const help = captureIO();
    assert.equal(await main(['plan', '--help'], help), 0);
    assert.match(help.out.join('\n'), /3 changes pending/);
  });
});
