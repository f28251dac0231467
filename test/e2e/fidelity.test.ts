// End to end: what Adobe's documentation says the real services require, run through Newman against a
// simulator that answers the way the documentation says (issue #11). Each test fails against a collection
// that ignores the rule.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunOptions, type RunResult } from '../../generator/run/run-pipeline';
import { e2eOptions } from './harness';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { flowState } from '../../simulator/flow-service/store';
import { catalogState } from '../../simulator/catalog';
import type { SimConfigOverrides } from '../../simulator/config';
import { REPO_ROOT } from '../unit/helpers/temp-project';

async function run(sim: RunningSimulator, envVars: Record<string, string> = {}, extra: Partial<RunOptions> = {}): Promise<RunResult & { lines: string[] }> {
  const lines: string[] = [];
  return { ...(await runPipeline(e2eOptions(sim, lines, { envVars, ...extra }))), lines };
}

async function withSim<T>(config: SimConfigOverrides, fn: (sim: RunningSimulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ config });
  try { return await fn(sim); } finally { await sim.stop(); }
}

const failuresOf = (r: { lines: string[] }) => r.lines.filter((l) => l.startsWith('FAIL')).join('\n');
const platformWrites = (r: RunResult) => r.requests.filter((q) => q.method !== 'GET' && !/oauth2\/token|ims\/token/.test(q.url)).length;
const PROFILE_TAGS = { unifiedProfile: ['enabled:true'], unifiedIdentity: ['enabled:true'] };

describe('real-service rules (e2e)', function () {
  this.timeout(240000);

  it('datasets are created Profile- and Identity-enabled; PROFILE_ENABLE_DATASETS=false keeps them in the lake, a later run enables them with PATCH', () => withSim({}, async (sim) => {
    const lake = await run(sim, { PROFILE_ENABLE_DATASETS: 'false', SALESFORCE_OBJECTS: 'Contact,Lead' });
    assert.equal(lake.exitCode, 0, failuresOf(lake));
    const sets = () => [...catalogState(sim.state).values()];
    assert.equal(sets().length, 2);
    assert.ok(sets().every((d) => JSON.stringify(d.data.tags) === '{}'), 'no Profile tags when opted out');

    // Catalog's own tags must survive the enabling PATCH (a field-style PATCH would replace them all).
    for (const d of sets()) d.data.tags = { 'adobe/pqs/table': [String(d.data.name).replace(/-/g, '_')] };
    const enable = await run(sim, { SALESFORCE_OBJECTS: 'Contact,Lead' });
    assert.equal(enable.exitCode, 0, failuresOf(enable));
    const patches = enable.requests.filter((q) => q.method === 'PATCH' && /catalog\/dataSets\//.test(q.url));
    assert.equal(patches.length, 2, 'one documented PATCH per existing dataset');
    assert.equal(platformWrites(enable), 2, 'nothing else is written');
    for (const d of sets()) assert.deepEqual(d.data.tags, { 'adobe/pqs/table': [String(d.data.name).replace(/-/g, '_')], ...PROFILE_TAGS });

    const again = await run(sim, { SALESFORCE_OBJECTS: 'Contact,Lead,Account' });
    assert.equal(again.exitCode, 0, failuresOf(again));
    assert.equal(again.requests.filter((q) => q.method === 'PATCH').length, 0, 'enabled datasets are left alone');
    const account = sets().find((d) => d.data.name === 'postforge-salesforce-account')!;
    assert.deepEqual(account.data.tags, PROFILE_TAGS, 'a new dataset is created enabled, with no PATCH');
  }));

  it('DATAFLOW_FREQUENCY=once creates one-time flows without interval or deltaColumn; a bad interval is refused before any request', () => withSim({}, async (sim) => {
    const once = await run(sim, { DATAFLOW_FREQUENCY: 'once', SALESFORCE_OBJECTS: 'Lead' });
    assert.equal(once.exitCode, 0, failuresOf(once));
    const [flow] = [...flowState(sim.state).flows.values()];
    assert.deepEqual(Object.keys(flow.scheduleParams as object).sort(), ['frequency', 'startTime']);
    // CRMToAEP's Copy requires a deltaColumn and once forbids one (1369-400): the Mapping transformation only.
    assert.deepEqual((flow.transformations as Array<{ name: string }>).map((t) => t.name), ['Mapping']);

    const before = sim.state.requests.length;
    const bad = await run(sim, { DATAFLOW_FREQUENCY: 'minute', DATAFLOW_INTERVAL: '5' });
    assert.equal(bad.exitCode, 2);
    assert.match(bad.problems.find((p) => p.name === 'DATAFLOW_INTERVAL')?.message ?? '', /is "5": Flow Service accepts an interval of at least 15/);
    const zero = await run(sim, { DATAFLOW_FREQUENCY: 'day', DATAFLOW_INTERVAL: '0' });
    assert.equal(zero.exitCode, 2);
    assert.equal(sim.state.requests.length, before, 'nothing was sent');
  }));

  it('SANDBOX_NAME must be the lower-case technical name: upper case or spaces stop the run before anything is sent', () => withSim({}, async (sim) => {
    for (const name of ['Prod', 'dev sandbox']) {
      const r = await run(sim, { SANDBOX_NAME: name });
      assert.equal(r.exitCode, 2, name);
      assert.match(r.problems.find((p) => p.name === 'SANDBOX_NAME')?.message ?? '', /technical name, all lower-case/);
    }
    assert.equal(sim.state.requests.length, 0);
  }));

  it('an org without data.com, multi-currency or Contacts to Multiple Accounts: rows for missing fields are left out and named, the missing object is skipped with a warning', () => withSim({ salesforce: { features: { dataCom: false, multiCurrency: false, contactsToMultipleAccounts: false } } }, async (sim) => {
    const r = await run(sim);
    assert.equal(r.exitCode, 0, failuresOf(r));
    const flow = snapshotFlow(sim.state);
    assert.equal(flow.flows.length, 7, 'every object but AccountContactRelation');
    assert.ok(!flow.sourceConnections.some((s) => s.tableName === 'AccountContactRelation'));
    assert.match(r.outputs.SALESFORCE_SKIPPED_OBJECTS, /^AccountContactRelation$/);
    assert.ok(r.lines.some((l) => /^warning: Explore AccountContactRelation columns: this Salesforce org has no AccountContactRelation object .*No columns were found for table AccountContactRelation/.test(l)), r.lines.filter((l) => l.startsWith('warning')).join('\n'));
    // Account's mapping rows that read data.com fields, Opportunity's and Campaign's CurrencyIsoCode rows.
    const dropped = (key: string) => (r.outputs[`SALESFORCE_DROPPED_FIELDS_${key}`] ?? '').split('; ').filter(Boolean);
    assert.ok(dropped('account').length >= 1 && dropped('account').every((d) => /\((DunsNumber|NaicsCode|NaicsDesc|Tradestyle)\)$/.test(d)), dropped('account').join('\n'));
    for (const key of ['opportunity', 'campaign']) assert.ok(dropped(key).some((d) => /\(CurrencyIsoCode\)$/.test(d)), `${key}: ${dropped(key).join('; ')}`);
    assert.deepEqual(dropped('contact'), []);
    const mappingOf = (table: string) => flow.mappingSets.find((m) => m.id === flow.flows.find((f) => f.sourceConnectionId === flow.sourceConnections.find((s) => s.tableName === table)!.id)!.mappingId)!;
    assert.equal(mappingOf('Account').rows, 47 - dropped('account').length);
    assert.ok(r.lines.some((l) => /^warning: Mapping set for Account .*mapping\(s\) left out/.test(l)));
    const second = await run(sim);
    assert.equal(second.exitCode, 0, failuresOf(second));
    assert.equal(platformWrites(second), 0, 'the rerun converges');
  }));

  it('a new base connection that is still initializing is read until enabled; one that fails stops the run with its state', async () => {
    await withSim({ flowService: { connectionInitializingReads: 2 } }, async (sim) => {
      const r = await run(sim, { SALESFORCE_OBJECTS: 'Lead' });
      assert.equal(r.exitCode, 0, failuresOf(r));
      const polls = r.requests.filter((q) => q.step === 'Wait until the base connection is enabled');
      assert.equal(polls.length, 3, 'initializing, initializing, enabled');
      assert.equal(snapshotFlow(sim.state).flows.length, 1);
      const again = await run(sim, { SALESFORCE_OBJECTS: 'Lead' });
      assert.equal(again.requests.filter((q) => q.step === 'Wait until the base connection is enabled').length, 0, 'found enabled: no poll');
    });
    await withSim({ flowService: { connectionInitializingReads: 1, connectionSettlesTo: 'failed' } }, async (sim) => {
      const r = await run(sim, { SALESFORCE_OBJECTS: 'Lead' });
      assert.equal(r.exitCode, 1);
      const f = r.failures.find((x) => x.step === 'Wait until the base connection is enabled');
      assert.ok(f, failuresOf(r));
      assert.match(f.message, /items\[0\]\.state is "failed"/);
      assert.equal(snapshotFlow(sim.state).sourceConnections.length, 0, 'nothing is built on a failed connection');
    });
  });

  it('a write the gateway answered with 504 after doing it is looked up again, not repeated: no duplicates', () => withSim({ faults: { afterWrite: { count: 3, pathPrefix: '/data/foundation/flowservice/sourceConnections' } } }, async (sim) => {
    const r = await run(sim, { SALESFORCE_OBJECTS: 'Contact,Lead' });
    assert.equal(r.exitCode, 0, failuresOf(r));
    const flow = snapshotFlow(sim.state);
    assert.equal(flow.sourceConnections.length, 2, 'one source connection per object, although the first POSTs timed out');
    assert.equal(new Set(flow.sourceConnections.map((s) => s.name)).size, 2);
    assert.equal(flow.flows.length, 2);
    assert.ok(r.lines.some((l) => /retry 2\/4 of "Source connection for Contact" after HTTP 504 .*after looking it up again/.test(l)), r.lines.join('\n'));
    const posts = r.requests.filter((q) => q.method === 'POST' && /sourceConnections/.test(q.url));
    assert.equal(posts.length, 2, 'each POST went out once');
  }));

  it('a Catalog dataset created although the gateway timed out is found by the repeated lookup, not created twice', () => withSim({ faults: { afterWrite: { count: 1, pathPrefix: '/data/foundation/catalog/dataSets' } } }, async (sim) => {
    const r = await run(sim, { SALESFORCE_OBJECTS: 'Lead' });
    assert.equal(r.exitCode, 0, failuresOf(r));
    assert.equal(catalogState(sim.state).size, 1);
    assert.equal(snapshotFlow(sim.state).flows.length, 1);
  }));

  it('the Salesforce preflight carries none of Adobe\'s headers; includeDeletedObjects reaches the connection as a boolean', () => withSim({ adobe: { cloud: 'aws' } }, async (sim) => {
    const col = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'collections', 'salesforce-source.postman_collection.json'), 'utf8'));
    const items = (col.item as Array<{ name: string; item?: unknown[]; request?: { header: Array<{ key: string }> } }>);
    for (const name of ['Salesforce JWT bearer preflight', 'Salesforce client-credentials preflight']) {
      const pre = items.find((i) => i.name === name)!;
      assert.deepEqual(pre.request!.header.map((h) => h.key), ['Accept', 'Content-Type'], name);
    }
    const r = await run(sim, { PLATFORM_CLOUD: 'aws', SALESFORCE_OBJECTS: 'Lead', SALESFORCE_INCLUDE_DELETED: 'false' });
    assert.equal(r.exitCode, 0, failuresOf(r));
    const [connection] = [...flowState(sim.state).connections.values()];
    assert.equal((connection.auth as { params: Record<string, unknown> }).params.includeDeletedObjects, false);
  }));
});
