// Flow Service runs (derived from the schedule and the simulator clock, with a configurable outcome) and the
// DELETE endpoints with their dependency rules, for Flow Service and Catalog.
import assert from 'node:assert/strict';
import { call, clientCredentialBody, DATA_LAKE_SPEC, FS, SALESFORCE_SPEC, startFixture, TENANT_SCHEMA, type Fixture } from './flow-fixture';

const CATALOG = '/data/foundation/catalog/dataSets';
const CONVERSION = '/data/foundation/conversion/mappingSets';
const CRM_FLOW_SPEC = { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' };

async function chain(f: Fixture, table: string, schedule: Record<string, unknown>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  ids.base = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body.id;
  ids.source = (await call(f, 'POST', `${FS}/sourceConnections`, { name: `src ${table}`, baseConnectionId: ids.base, data: { format: 'tabular' }, params: { tableName: table }, connectionSpec: SALESFORCE_SPEC })).body.id;
  const ds = await call(f, 'POST', CATALOG, { name: `ds ${table}`, schemaRef: { id: TENANT_SCHEMA, contentType: 'application/vnd.adobe.xed-full-notext+json; version=1' } });
  ids.dataSet = /^@\/dataSets\/(.+)$/.exec(ds.body[0])![1];
  ids.target = (await call(f, 'POST', `${FS}/targetConnections`, { name: `tgt ${table}`, data: { schema: { id: TENANT_SCHEMA } }, params: { dataSetId: ids.dataSet }, connectionSpec: DATA_LAKE_SPEC })).body.id;
  ids.mapping = (await call(f, 'POST', CONVERSION, { xdmSchema: TENANT_SCHEMA, mappings: [{ sourceType: 'ATTRIBUTE', source: 'Id', destination: 'b2b.personKey.sourceID' }] })).body.id;
  const flow = await call(f, 'POST', `${FS}/flows`, {
    name: `flow ${table}`, flowSpec: CRM_FLOW_SPEC, sourceConnectionIds: [ids.source], targetConnectionIds: [ids.target],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: 'LastModifiedDate', dateFormat: 'yyyy-MM-dd HH:mm:ss', timezone: 'UTC' } } },
      { name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 0 } },
    ],
    scheduleParams: schedule,
  });
  assert.equal(flow.status, 201, JSON.stringify(flow.body));
  ids.flow = flow.body.id;
  return ids;
}

describe('simulator: Flow Service runs', () => {
  let f: Fixture;
  before(async () => { f = await startFixture(); f.config.flowRuns = { delayMs: 5000, failures: { Lead: { code: 'MAPPER-3700-400', message: 'Mapper Transform Error' } } }; });
  after(async () => { await f.sim.stop(); });

  it('gives every flow a first run that is in progress, then finishes with the configured outcome', async () => {
    const now = Math.floor(Date.now() / 1000);
    const contact = await chain(f, 'Contact', { startTime: now, frequency: 'hour', interval: 1 });
    const lead = await chain(f, 'Lead', { startTime: now, frequency: 'hour', interval: 1 });
    const first = await call(f, 'GET', `${FS}/runs?property=flowId==${contact.flow}`);
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 1);
    const run = first.body.items[0];
    assert.equal(run.flowId, contact.flow);
    assert.equal(run.metrics.statusSummary.status, 'inProgress');
    assert.equal(run.metrics.durationSummary.completedAtUTC, undefined);
    assert.deepEqual(run.metrics.recordSummary, {});

    f.sim.advanceClock(6000);
    const done = (await call(f, 'GET', `${FS}/runs?property=flowId==${contact.flow}`)).body.items[0];
    assert.equal(done.id, run.id, 'a run keeps its id');
    assert.equal(done.metrics.statusSummary.status, 'success');
    assert.equal(done.metrics.recordSummary.failedRecordCount, 0);
    assert.ok(done.metrics.recordSummary.inputRecordCount > 0);
    assert.equal(done.metrics.recordSummary.outputRecordCount, done.metrics.recordSummary.inputRecordCount);
    assert.equal(done.metrics.durationSummary.completedAtUTC - done.metrics.durationSummary.startedAtUTC, 5000);

    const failed = (await call(f, 'GET', `${FS}/runs?property=flowId==${lead.flow}`)).body.items[0];
    assert.equal(failed.metrics.statusSummary.status, 'failed');
    assert.deepEqual(failed.metrics.statusSummary.errors, [{ code: 'MAPPER-3700-400', message: 'Mapper Transform Error' }]);
    assert.equal(failed.metrics.recordSummary.outputRecordCount, 0);
    assert.equal((await call(f, 'GET', `${FS}/runs/${failed.id}`)).body.items[0].id, failed.id);
    assert.equal((await call(f, 'GET', `${FS}/runs/11111111-1111-4111-a111-111111111111`)).status, 404);
  });

  it('adds one run per schedule interval, lists them newest first and pages with relative next links', async () => {
    const ids = await chain(f, 'Account', { startTime: Math.floor(Date.now() / 1000), frequency: 'minute', interval: 15 });
    // The fixture's Platform token lives an hour: stay inside it.
    f.sim.advanceClock(3 * 900_000 + 10_000);
    const all = await call(f, 'GET', `${FS}/runs?property=flowId==${ids.flow}&orderby=-createdAt`);
    assert.equal(all.body.items.length, 4, JSON.stringify(all.body).slice(0, 300));
    const starts = all.body.items.map((r: { createdAt: number }) => r.createdAt);
    assert.deepEqual(starts, [...starts].sort((a: number, b: number) => b - a));
    const seen: string[] = [];
    let href: string | undefined = `/runs?property=flowId==${ids.flow}&orderby=-createdAt&limit=3`;
    for (let page = 0; href && page < 5; page++) {
      assert.ok(href.startsWith('/runs?'), href);
      const r = await call(f, 'GET', `${FS}${href}`);
      seen.push(...r.body.items.map((x: { id: string }) => x.id));
      href = r.body._links?.next?.href;
    }
    assert.deepEqual(seen, all.body.items.map((x: { id: string }) => x.id));
    assert.equal((await call(f, 'GET', `${FS}/runs?orderby=name`)).status, 400);
  });
});

describe('simulator: DELETE with dependency rules', () => {
  let f: Fixture;
  let ids: Record<string, string>;
  before(async () => { f = await startFixture(); ids = await chain(f, 'Contact', { startTime: Math.floor(Date.now() / 1000), frequency: 'hour', interval: 1 }); });
  after(async () => { await f.sim.stop(); });

  it('refuses what is still used, deletes in dependency order, then answers 404', async () => {
    const refused = async (path: string, pattern: RegExp) => {
      const r = await call(f, 'DELETE', path);
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.match(JSON.stringify(r.body), pattern);
    };
    await refused(`${FS}/targetConnections/${ids.target}`, /used by flow/);
    await refused(`${FS}/sourceConnections/${ids.source}`, /used by flow/);
    await refused(`${FS}/connections/${ids.base}`, /used by source connection/);
    await refused(`${CATALOG}/${ids.dataSet}`, /target of dataflow/);
    assert.equal((await call(f, 'DELETE', `${FS}/flows/${ids.flow}`)).status, 204);
    assert.equal((await call(f, 'GET', `${FS}/runs?property=flowId==${ids.flow}`)).body.items.length, 0);
    assert.equal((await call(f, 'DELETE', `${FS}/targetConnections/${ids.target}`)).status, 204);
    assert.equal((await call(f, 'DELETE', `${FS}/sourceConnections/${ids.source}`)).status, 204);
    assert.equal((await call(f, 'DELETE', `${FS}/connections/${ids.base}`)).status, 204);
    const ds = await call(f, 'DELETE', `${CATALOG}/${ids.dataSet}`);
    assert.equal(ds.status, 200);
    assert.deepEqual(ds.body, [`@/dataSets/${ids.dataSet}`]);
    for (const p of [`${FS}/flows/${ids.flow}`, `${FS}/connections/${ids.base}`]) {
      const again = await call(f, 'DELETE', p);
      assert.equal(again.status, 404);
      assert.match(again.body.type, /FLOW-1439-404/);
    }
    assert.equal((await call(f, 'DELETE', `${CATALOG}/${ids.dataSet}`)).status, 404);
    assert.equal((await call(f, 'DELETE', `${CONVERSION}/${ids.mapping}`)).status, 405, 'Data Prep has no DELETE for mapping sets');
  });
});
