// Updates in place in the simulator, refusing what Adobe refuses: mapping set PUT (new version, old readable),
// flow and connection PATCH with If-Match (400 without, 412 when stale, a new etag after), startTime once
// passed, flow disable, dataset PATCH of tags, target connection DELETE only once no dataflow uses it.
import assert from 'node:assert/strict';
import { call, clientCredentialBody, DATA_LAKE_SPEC, FS, SALESFORCE_SPEC, startFixture, TENANT_SCHEMA, OTHER_SCHEMA, type Fixture } from './flow-fixture';

const CONVERSION = '/data/foundation/conversion/mappingSets';
const CATALOG = '/data/foundation/catalog/dataSets';
const ROWS = [{ sourceType: 'ATTRIBUTE', source: 'Id', destination: 'b2b.personKey.sourceID' }, { sourceType: 'EXPRESSION', source: '"Salesforce"', destination: 'b2b.personKey.sourceType' }];

describe('simulator: updates in place (PUT mapping sets, PATCH flows and connections, If-Match)', () => {
  let f: Fixture;
  const ids: Record<string, string> = {};
  before(async () => {
    f = await startFixture();
    ids.base = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body.id;
    ids.source = (await call(f, 'POST', `${FS}/sourceConnections`, { name: 's', baseConnectionId: ids.base, data: { format: 'tabular' }, params: { tableName: 'Contact' }, connectionSpec: SALESFORCE_SPEC })).body.id;
    ids.dataSet = /([0-9a-f]{24})$/.exec((await call(f, 'POST', CATALOG, { name: 'd', schemaRef: { id: TENANT_SCHEMA, contentType: 'application/vnd.adobe.xed-full-notext+json; version=1' } })).body[0])![1];
    ids.target = (await call(f, 'POST', `${FS}/targetConnections`, { name: 't', data: { schema: { id: TENANT_SCHEMA } }, params: { dataSetId: ids.dataSet }, connectionSpec: DATA_LAKE_SPEC })).body.id;
    ids.mapping = (await call(f, 'POST', CONVERSION, { name: 'm', xdmSchema: TENANT_SCHEMA, mappings: ROWS })).body.id;
    const flow = await call(f, 'POST', `${FS}/flows`, {
      name: 'flow', flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' }, sourceConnectionIds: [ids.source], targetConnectionIds: [ids.target],
      transformations: [{ name: 'Copy', params: { deltaColumn: { name: 'LastModifiedDate' } } }, { name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 0 } }],
      scheduleParams: { startTime: Math.floor(Date.now() / 1000) - 3600, frequency: 'hour', interval: 1 },
    });
    assert.equal(flow.status, 201, JSON.stringify(flow.body));
    ids.flow = flow.body.id;
  });
  after(async () => { await f.sim.stop(); });

  it('GET answers schedule values and the mapping version as strings, and row types as media types', async () => {
    const flow = (await call(f, 'GET', `${FS}/flows/${ids.flow}`)).body.items[0];
    assert.deepEqual(flow.scheduleParams.interval, '1');
    assert.equal(flow.transformations[1].params.mappingVersion, '0');
    const set = (await call(f, 'GET', `${CONVERSION}/${ids.mapping}`)).body;
    assert.deepEqual(set.mappings.map((r: { sourceType: string }) => r.sourceType), ['text/x.schema-path', 'text/x.aep-xl']);
  });

  it('PUT /mappingSets/{id}: same id, version + 1, the old version still readable; the target schema cannot change', async () => {
    const put = await call(f, 'PUT', `${CONVERSION}/${ids.mapping}`, { xdmSchema: TENANT_SCHEMA, mappings: [...ROWS, { sourceType: 'ATTRIBUTE', source: 'Email', destination: 'workEmail.address' }] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual([put.body.id, put.body.version], [ids.mapping, 1]);
    assert.equal((await call(f, 'GET', `${CONVERSION}/${ids.mapping}`)).body.mappings.length, 3);
    assert.equal((await call(f, 'GET', `${CONVERSION}/${ids.mapping}?version=0`)).body.mappings.length, 2);
    assert.equal((await call(f, 'GET', `${CONVERSION}/${ids.mapping}?version=7`)).status, 404);
    assert.equal((await call(f, 'PUT', `${CONVERSION}/${ids.mapping}`, { xdmSchema: OTHER_SCHEMA, mappings: ROWS })).status, 400);
    assert.equal((await call(f, 'PUT', `${CONVERSION}/${ids.mapping}`, { xdmSchema: TENANT_SCHEMA, mappings: [{ source: 'a', destination: 'x' }, { source: 'b', destination: 'x' }] })).status, 400);
  });

  it('PATCH /flows/{id}: If-Match required, 412 when stale, new etag after; mapping version checked; startTime refused once passed', async () => {
    const etag = (await call(f, 'GET', `${FS}/flows/${ids.flow}`)).body.items[0].etag;
    const ops = [{ op: 'replace', path: '/scheduleParams/frequency', value: 'day' }, { op: 'replace', path: '/transformations/1', value: { name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 1 } } }];
    assert.equal((await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, ops)).status, 400, 'no If-Match');
    assert.equal((await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, ops, { 'If-Match': '"00000000-0000-0200-0000-000000000000"' })).status, 412);
    const bad = await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, [{ op: 'replace', path: '/transformations/1', value: { name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 5 } } }], { 'If-Match': etag });
    assert.equal(bad.status, 400);
    const ok = await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, ops, { 'If-Match': etag });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.notEqual(ok.body.etag, etag);
    const flow = (await call(f, 'GET', `${FS}/flows/${ids.flow}`)).body.items[0];
    assert.equal(flow.scheduleParams.frequency, 'day');
    assert.equal(flow.transformations[1].params.mappingVersion, '1');
    assert.equal((await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, ops, { 'If-Match': etag })).status, 412, 'the old etag is stale now');
    const start = await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, [{ op: 'replace', path: '/scheduleParams/startTime', value: Math.floor(Date.now() / 1000) + 86400 }], { 'If-Match': ok.body.etag });
    assert.equal(start.status, 400);
    assert.match(start.body.report['detailed-message'], /startTime/);
    const repoint = await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, [{ op: 'replace', path: '/targetConnectionIds', value: ['x'] }], { 'If-Match': ok.body.etag });
    assert.equal(repoint.status, 400, 'connections are not repointed');
  });

  it('PATCH /flows/{id}: a one-time flow cannot be rescheduled, nor a recurring one made one-time', async () => {
    const once = await call(f, 'POST', `${FS}/flows`, {
      name: 'once', flowSpec: { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' }, sourceConnectionIds: [ids.source], targetConnectionIds: [ids.target],
      transformations: [{ name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 1 } }],
      scheduleParams: { startTime: Math.floor(Date.now() / 1000), frequency: 'once' },
    });
    assert.equal(once.status, 201, JSON.stringify(once.body));
    const etagOf = async (id: string) => (await call(f, 'GET', `${FS}/flows/${id}`)).body.items[0].etag;
    const reschedule = await call(f, 'PATCH', `${FS}/flows/${once.body.id}`, [{ op: 'replace', path: '/scheduleParams/frequency', value: 'hour' }, { op: 'add', path: '/scheduleParams/interval', value: 1 }], { 'If-Match': await etagOf(once.body.id) });
    assert.equal(reschedule.status, 400);
    assert.match(reschedule.body.report['detailed-message'], /one-time ingestion cannot be rescheduled/);
    const renamed = await call(f, 'PATCH', `${FS}/flows/${once.body.id}`, [{ op: 'replace', path: '/description', value: 'still once' }], { 'If-Match': await etagOf(once.body.id) });
    assert.equal(renamed.status, 200, 'its name and description can change');
    const toOnce = await call(f, 'PATCH', `${FS}/flows/${ids.flow}`, [{ op: 'replace', path: '/scheduleParams/frequency', value: 'once' }, { op: 'remove', path: '/scheduleParams/interval' }], { 'If-Match': await etagOf(ids.flow) });
    assert.equal(toOnce.status, 400);
    assert.match(toOnce.body.report['detailed-message'], /cannot be changed to one-time/);
    assert.notEqual((await call(f, 'GET', `${FS}/flows/${ids.flow}`)).body.items[0].scheduleParams.frequency, 'once');
    assert.equal((await call(f, 'DELETE', `${FS}/flows/${once.body.id}`)).status, 204, 'the tests below need the target free again');
  });

  it('PATCH /connections/{id} with If-Match: new credentials are tested, secrets never stored', async () => {
    const conn = (await call(f, 'GET', `${FS}/connections/${ids.base}`)).body.items[0];
    const params = { environmentUrl: f.config.salesforce.instanceUrl, clientId: f.config.salesforce.clientId, clientSecret: f.config.salesforce.clientSecret, apiVersion: '61.0' };
    const wrong = await call(f, 'PATCH', `${FS}/connections/${ids.base}`, [{ op: 'replace', path: '/auth/params', value: { ...params, clientSecret: 'wrong' } }], { 'If-Match': conn.etag });
    assert.equal(wrong.status, 400);
    const ok = await call(f, 'PATCH', `${FS}/connections/${ids.base}`, [{ op: 'replace', path: '/auth/params', value: params }, { op: 'replace', path: '/description', value: 'rotated' }], { 'If-Match': conn.etag });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const after = (await call(f, 'GET', `${FS}/connections/${ids.base}`)).body.items[0];
    assert.equal(after.description, 'rotated');
    assert.equal(after.auth.params.apiVersion, '61.0');
    assert.doesNotMatch(JSON.stringify(after), new RegExp(f.config.salesforce.clientSecret));
    assert.equal((await call(f, 'PATCH', `${FS}/connections/${ids.base}`, [{ op: 'replace', path: '/description', value: 'x' }], { 'If-Match': conn.etag })).status, 412);
  });

  it('dataset PATCH merges tags; a target connection in use cannot be deleted; flows are disabled, not deleted, by the action', async () => {
    const patched = await call(f, 'PATCH', `${CATALOG}/${ids.dataSet}`, { tags: { unifiedProfile: ['enabled:true'] } });
    assert.equal(patched.status, 200);
    assert.deepEqual((await call(f, 'GET', `${CATALOG}/${ids.dataSet}`)).body[ids.dataSet].tags, { unifiedProfile: ['enabled:true'] });
    assert.equal((await call(f, 'PATCH', `${CATALOG}/${ids.dataSet}`, { schemaRef: { id: OTHER_SCHEMA } })).status, 400);
    assert.equal((await call(f, 'DELETE', `${FS}/targetConnections/${ids.target}`)).status, 400);
    const disabled = await call(f, 'POST', `${FS}/flows/${ids.flow}/action?op=disable`);
    assert.equal(disabled.status, 200);
    assert.equal((await call(f, 'GET', `${FS}/flows/${ids.flow}`)).body.items[0].state, 'disabled');
    assert.equal((await call(f, 'DELETE', `${FS}/flows/${ids.flow}`)).status, 204);
    assert.equal((await call(f, 'DELETE', `${FS}/targetConnections/${ids.target}`)).status, 204);
  });
});
