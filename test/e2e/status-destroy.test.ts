// End to end against the simulator: `run --wait`, `status` and `destroy` through the library (sharing one
// simulator, so state carries over), plus the CLI's refusals and --json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunOptions, type RunResult } from '../../generator/run/run-pipeline';
import { runStatus } from '../../generator/status/run-status';
import { renderStatus } from '../../generator/status/render-status';
import { DestroyRefused, runDestroy } from '../../generator/destroy/run-destroy';
import { main } from '../../generator/cli';
import type { CliIO } from '../../generator/cli/types';
import { e2eOptions, tmpDir } from './harness';
import { SIM_ADOBE_CREDENTIALS, SIM_SALESFORCE_CREDENTIALS, snapshotAdobe, startSimulator, type RunningSimulator } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { tokenStore } from '../../simulator/core/tokens';
import type { SimContext } from '../../simulator/core/types';

// The JWT path (Experience Platform on AWS), so the jwtToken expiry is part of the status.
const DEV = { SANDBOX_NAME: 'dev', PLATFORM_CLOUD: 'aws' };
const OBJECTS = ['Contact', 'Lead', 'Account', 'Opportunity', 'OpportunityContactRole', 'Campaign', 'CampaignMember', 'AccountContactRelation'];
const fastWait = { timeoutMs: 30000, intervalMs: 100, maxIntervalMs: 300 };

async function run(sim: RunningSimulator, extra: Partial<RunOptions> = {}): Promise<RunResult & { lines: string[] }> {
  const lines: string[] = [];
  return { ...(await runPipeline(e2eOptions(sim, lines, extra))), lines };
}

const local = (sim: RunningSimulator, envVars: Record<string, string> = DEV) => ({ env: 'local', simulator: sim, envVars, processEnv: {}, dotenvPath: path.join(tmpDir(), 'no.env'), reportsDir: tmpDir() });

function inSandbox(sim: RunningSimulator, sandbox: string) {
  const s = snapshotFlow(sim.state);
  const f = <T extends { sandboxName: string }>(xs: T[]) => xs.filter((x) => x.sandboxName === sandbox);
  return { connections: f(s.connections), sourceConnections: f(s.sourceConnections), targetConnections: f(s.targetConnections), dataSets: f(s.dataSets), flows: f(s.flows) };
}

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: tmpDir(), env: {}, isTTY: false };
}

describe('run --wait, status and destroy (e2e)', function () {
  this.timeout(240000);
  let sim: RunningSimulator;
  before(async () => { sim = await startSimulator({ config: { adobe: { sandboxes: ['prod', 'dev'], cloud: 'aws' }, flowRuns: { delayMs: 400 } } }); });
  after(async () => { await sim.stop(); });

  it('run --wait sets up, waits for every first run and exits 0 with the status of 8 dataflows', async () => {
    const progress: string[] = [];
    const r = await run(sim, { envVars: DEV, wait: { ...fastWait, onProgress: (p) => progress.push(`${p.finished}/${p.total}`) } });
    assert.equal(r.exitCode, 0, r.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
    assert.ok(r.wait?.status, JSON.stringify(r.wait));
    assert.equal(r.wait!.wait!.timedOut, false);
    assert.equal(progress.at(-1), '8/8');
    assert.deepEqual(r.wait!.status!.objects.map((o) => `${o.object}:${o.verdict}`), OBJECTS.map((o) => `${o}:ok`));
    assert.ok(r.reportFiles.some((f) => f.endsWith('status.json')));
  });

  it('status on the completed setup lists 8 objects with their metrics, in 80 columns, reports with no secret', async () => {
    const opts = local(sim);
    const r = await runStatus(opts);
    assert.deepEqual(r.problems, []);
    const rep = r.report!;
    assert.equal(rep.exitCode, 0);
    assert.equal(rep.connection.found, true);
    assert.equal(rep.connection.state, 'enabled');
    assert.ok(rep.connection.jwt && rep.connection.jwt.daysLeft > 100 && !rep.connection.jwt.warn, JSON.stringify(rep.connection));
    assert.equal(rep.objects.length, 8);
    for (const o of rep.objects) {
      assert.equal(o.flow?.state, 'enabled');
      assert.equal(o.flow?.schedule, 'every 1 hour');
      const last = o.runs[0];
      assert.equal(last.status, 'success');
      assert.ok(last.read! > 0 && last.written === last.read && last.failed === 0, JSON.stringify(last));
      assert.equal(last.durationMs, 400);
      assert.ok(o.dataset?.id);
    }
    const lines = renderStatus(rep);
    for (const l of lines) assert.ok(l.length <= 80, `${l.length}: ${l}`);
    for (const o of OBJECTS) assert.ok(lines.some((l) => l.startsWith(o)), o);
    const json = fs.readFileSync(path.join(opts.reportsDir, 'status.json'), 'utf8');
    const junit = fs.readFileSync(path.join(opts.reportsDir, 'status-junit.xml'), 'utf8');
    assert.deepEqual(JSON.parse(json).objects.length, 8);
    assert.equal((junit.match(/<testcase /g) ?? []).length, 8);
    assert.match(junit, /tests="8" failures="0"/);
    for (const secret of [SIM_ADOBE_CREDENTIALS.clientSecret, SIM_SALESFORCE_CREDENTIALS.clientSecret, 'BEGIN']) {
      assert.ok(!json.includes(secret) && !junit.includes(secret), secret);
    }
    const issued = [...tokenStore({ state: sim.state } as SimContext).keys()];
    for (const t of issued) assert.ok(!json.includes(t) && !lines.join('\n').includes(t), 'access token in the status output');
  });

  it('destroy without --yes lists the plan and deletes nothing; against prod it refuses before any request', async () => {
    const before = JSON.stringify(inSandbox(sim, 'dev'));
    const r = await runDestroy({ ...local(sim), schemas: true });
    assert.equal(r.executed, false);
    assert.equal(r.plan!.items.filter((i) => i.kind === 'dataflow').length, 8);
    assert.equal(JSON.stringify(inSandbox(sim, 'dev')), before);
    const dry = await runDestroy({ ...local(sim), confirm: true, dryRun: true });
    assert.equal(dry.executed, false);
    assert.equal(JSON.stringify(inSandbox(sim, 'dev')), before);

    const requests = sim.state.requests.length;
    await assert.rejects(runDestroy({ ...local(sim, {}), confirm: true }), DestroyRefused);
    // "Prod" is not a sandbox's technical name at all: refused as a configuration error, also before any request.
    const display = await runDestroy({ ...local(sim, { SANDBOX_NAME: 'Prod' }), confirm: true });
    assert.deepEqual(display.problems.map((p) => p.name), ['SANDBOX_NAME']);
    assert.equal(display.executed, false);
    assert.equal(sim.state.requests.length, requests, 'no request before the refusal');
  });

  it('destroy --yes --schemas removes only the specs\' resources; a seeded one survives; a rerun deletes nothing; run sets it up again', async () => {
    // Seed what the specs did not create: a dataset on the B2B Person schema with a name close to ours.
    const token = 'seed-token';
    tokenStore({ state: sim.state } as SimContext).set(token, { clientId: SIM_ADOBE_CREDENTIALS.clientId, orgId: SIM_ADOBE_CREDENTIALS.orgId, expiresAt: Date.now() + 3_600_000, issuedAtSeq: 0 });
    const person = snapshotAdobe(sim.state, 'dev').schemas.find((s) => s.title === 'B2B Person')!;
    const seeded = await fetch(`${sim.url}/data/foundation/catalog/dataSets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-api-key': SIM_ADOBE_CREDENTIALS.clientId, 'x-gw-ims-org-id': SIM_ADOBE_CREDENTIALS.orgId, 'x-sandbox-name': 'dev', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'postforge-salesforce-contact-backup', schemaRef: { id: person.$id, contentType: 'application/vnd.adobe.xed-full-notext+json; version=1' } }),
    });
    assert.equal(seeded.status, 201);
    const items: string[] = [];
    const r = await runDestroy({ ...local(sim), schemas: true, confirm: true, onItem: (i, res) => items.push(`${res} ${i.kind}`) });
    assert.equal(r.executed, true);
    assert.deepEqual(r.outcome!.failed, []);
    const left = inSandbox(sim, 'dev');
    assert.deepEqual([left.flows.length, left.sourceConnections.length, left.targetConnections.length, left.connections.length], [0, 0, 0, 0]);
    assert.deepEqual(left.dataSets.map((d) => d.name), ['postforge-salesforce-contact-backup']);
    // Reverse dependency order: every flow before any connection, datasets before the base connection.
    const firstOf = (k: string) => items.indexOf(`deleted ${k}`);
    assert.ok(firstOf('dataflow') < firstOf('target connection') && firstOf('source connection') < firstOf('base connection') && firstOf('dataset') < firstOf('base connection'), items.join(', '));
    const adobe = snapshotAdobe(sim.state, 'dev');
    assert.deepEqual(adobe.schemas.map((s) => s.title), ['B2B Person'], 'only the schema a foreign dataset uses stays');
    assert.ok(adobe.descriptors.every((d) => d['xdm:sourceSchema'] === person.$id));
    assert.ok(r.plan!.kept.some((k) => k.kind === 'schema' && /postforge-salesforce-contact-backup/.test(k.why)));
    assert.ok(r.plan!.kept.some((k) => k.kind === 'identity namespaces'));
    assert.ok(r.plan!.kept.some((k) => k.kind === 'mapping set'));
    assert.equal(inSandbox(sim, 'prod').flows.length, 0, 'prod untouched (it never had any)');

    const again = await runDestroy({ ...local(sim), schemas: true, confirm: true });
    assert.equal(again.plan!.items.length, 0);
    assert.equal(again.executed, false);

    const rerun = await run(sim, { envVars: DEV });
    assert.equal(rerun.exitCode, 0, rerun.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
    assert.equal(inSandbox(sim, 'dev').flows.length, 8);
    assert.equal(snapshotAdobe(sim.state, 'dev').schemas.length, 12);
  });
});

describe('run --wait with a failing first run, and an expiring jwtToken (e2e)', function () {
  this.timeout(240000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ config: { adobe: { cloud: 'aws' }, flowRuns: { delayMs: 300, failures: { Lead: { code: 'MAPPER-3700-400', message: 'Mapper Transform Error: b2b.personKey.sourceKey is required' } } } } });
  });
  after(async () => { await sim.stop(); });

  it('exits 1 naming the object, the error code and the message; status then warns about the jwtToken', async () => {
    const TTL = { PLATFORM_CLOUD: 'aws', SALESFORCE_JWT_TTL: String(10 * 86400) };
    const r = await run(sim, { envVars: TTL, wait: fastWait });
    assert.equal(r.exitCode, 1);
    const failed = r.wait!.status!.objects.filter((o) => o.verdict === 'failed');
    assert.deepEqual(failed.map((o) => o.object), ['Lead']);
    assert.equal(failed[0].reason, 'MAPPER-3700-400 Mapper Transform Error: b2b.personKey.sourceKey is required');
    assert.equal(r.failures.length, 0, 'the setup itself passed');

    const s = await runStatus(local(sim, TTL));
    const rep = s.report!;
    assert.equal(rep.exitCode, 1);
    assert.ok(rep.connection.jwt!.warn && rep.connection.jwt!.daysLeft <= 10, JSON.stringify(rep.connection.jwt));
    assert.ok(rep.warnings.some((w) => /jwtToken .* expires in \d+ day/.test(w)), rep.warnings.join('\n'));
    const text = renderStatus(rep).join('\n');
    assert.match(text, /Lead .*FAILED/);
    assert.match(text, /✗ Lead: MAPPER-3700-400 Mapper Transform Error/);
    assert.match(text, /! jwtToken/);
  });

  it('the CLI: status --json prints JSON only; destroy refuses prod and without --yes deletes nothing', async () => {
    const a = io();
    assert.equal(await main(['status', '--json', '--reports-dir', tmpDir()], a), 1, a.err.join('\n'));
    const parsed = JSON.parse(a.out.join('\n'));
    assert.equal(parsed.connection.found, false, 'a fresh simulator has no connection');
    assert.equal(parsed.objects.filter((o: { verdict: string }) => o.verdict === 'missing').length, 8);
    const b = io();
    assert.equal(await main(['destroy', '--yes'], b), 2);
    assert.match(b.err.join('\n'), /refusing to destroy in the production sandbox 'prod'/);
    const c = io();
    assert.equal(await main(['destroy', '--allow-prod'], c), 0, 'a fresh simulator: nothing to delete');
    assert.match(c.out.join('\n'), /nothing to delete/);
    const d = io();
    assert.equal(await main(['run', '--wait=soon'], d), 2);
  });
});
