// `postforge plan` through the CLI entry: on an empty sandbox (the embedded simulator) it lists what a run would
// create, sends no write, writes reports/plan.json and, with --detailed-exitcode, exits 3; usage errors exit 2.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../generator/cli';
import { captureIO } from '../unit/helpers/temp-project';
import { tmpDir } from './harness';

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

  it('unknown options are usage errors (exit 2); --help documents the exit codes', async () => {
    const io = captureIO();
    assert.equal(await main(['plan', '--bogus'], io), 2);
    assert.match(io.err.join('\n'), /bogus/);
    const help = captureIO();
    assert.equal(await main(['plan', '--help'], help), 0);
    assert.match(help.out.join('\n'), /3 changes pending/);
  });
});
