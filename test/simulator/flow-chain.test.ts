// The whole Salesforce → Platform chain in the simulator: base connection → source connection → dataset →
// target connection → mapping set → dataflow, with the referential checks and schedule rules along the way.
import assert from 'node:assert/strict';
import { snapshotFlow } from '../../simulator/flow-service';
import { call, clientCredentialBody, DATA_LAKE_SPEC, FS, OTHER_SCHEMA, SALESFORCE_SPEC, startFixture, TENANT_SCHEMA, type Fixture } from './flow-fixture';

const CATALOG = '/data/foundation/catalog/dataSets';
const CONVERSION = '/data/foundation/conversion/mappingSets';
const CRM_FLOW_SPEC = { id: '14518937-270c-4525-bdec-c2ba7cce3860', version: '1.0' };
const CONTENT_TYPE = 'application/vnd.adobe.xed-full-notext+json; version=1';

const CONTACT_MAPPINGS = [
  { sourceType: 'ATTRIBUTE', source: 'Id', destination: 'b2b.personKey.sourceID' },
  { sourceType: 'EXPRESSION', source: 'concat(Id,"@${CRM_ORG_ID}.Salesforce")', destination: 'b2b.personKey.sourceKey' },
  { sourceType: 'EXPRESSION', source: '"Salesforce"', destination: 'b2b.personKey.sourceType' },
  { sourceType: 'EXPRESSION', source: 'iif(AccountId != null && AccountId != "", to_object("sourceType", "Salesforce", "sourceKey", concat(AccountId,"@${CRM_ORG_ID}.Salesforce")), null)', destination: 'b2b.accountKey' },
  { sourceType: 'ATTRIBUTE', source: 'Email', destination: 'workEmail.address' },
  { sourceType: 'ATTRIBUTE', source: 'MailingLatitude', destination: 'workAddress._schema.latitude' },
];

describe('simulator: Flow Service chain (source → dataset → target → mapping → flow)', () => {
  let f: Fixture;
  const ids: Record<string, string> = {};
  before(async () => { f = await startFixture(); });
  after(async () => { await f.sim.stop(); });

  const sourceBody = (extra: Record<string, unknown> = {}) => ({
    name: 'Salesforce Contact source', baseConnectionId: ids.base, data: { format: 'tabular' },
    params: { tableName: 'Contact', columns: [{ name: 'Id', type: 'string', xdm: { type: 'string' } }] }, connectionSpec: SALESFORCE_SPEC, ...extra,
  });
  const targetBody = (extra: Record<string, unknown> = {}) => ({
    name: 'B2B Person target', data: { schema: { id: TENANT_SCHEMA, version: 'application/vnd.adobe.xed-full+json;version=1' } },
    params: { dataSetId: ids.dataSet }, connectionSpec: DATA_LAKE_SPEC, ...extra,
  });
  const flowBody = (extra: Record<string, unknown> = {}) => ({
    name: 'Salesforce Contact dataflow', flowSpec: CRM_FLOW_SPEC, sourceConnectionIds: [ids.source], targetConnectionIds: [ids.target],
    transformations: [
      { name: 'Copy', params: { deltaColumn: { name: 'LastModifiedDate', dateFormat: 'YYYY-MM-DD', timezone: 'UTC' } } },
      { name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 0 } },
    ],
    scheduleParams: { startTime: 1767225600, frequency: 'minute', interval: 15 }, ...extra,
  });

  it('builds the chain and reads every piece back', async () => {
    ids.base = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body.id;
    const src = await call(f, 'POST', `${FS}/sourceConnections`, sourceBody());
    assert.equal(src.status, 201, JSON.stringify(src.body));
    ids.source = src.body.id;

    const ds = await call(f, 'POST', `${CATALOG}?requestDataSource=true`, { name: 'B2B Person Dataset', schemaRef: { id: TENANT_SCHEMA, contentType: CONTENT_TYPE } });
    assert.equal(ds.status, 201);
    assert.equal(ds.body.length, 1);
    const m = /^@\/dataSets\/([0-9a-f]{24})$/.exec(ds.body[0]);
    assert.ok(m, ds.body[0]);
    ids.dataSet = m[1];

    const tgt = await call(f, 'POST', `${FS}/targetConnections`, targetBody());
    assert.equal(tgt.status, 201, JSON.stringify(tgt.body));
    ids.target = tgt.body.id;

    const ms = await call(f, 'POST', CONVERSION, { version: 0, xdmSchema: TENANT_SCHEMA, xdmVersion: '1.0', id: null, mappings: CONTACT_MAPPINGS });
    assert.equal(ms.status, 200, JSON.stringify(ms.body));
    assert.match(ms.body.id, /^[0-9a-f]{32}$/);
    assert.equal(ms.body.version, 0);
    assert.equal(typeof ms.body.createdDate, 'number');
    ids.mapping = ms.body.id;

    const flow = await call(f, 'POST', `${FS}/flows`, flowBody());
    assert.equal(flow.status, 201, JSON.stringify(flow.body));
    ids.flow = flow.body.id;

    const got = await call(f, 'GET', `${FS}/flows/${ids.flow}`);
    assert.equal(got.body.items[0].state, 'enabled');
    assert.deepEqual(got.body.items[0].sourceConnectionIds, [ids.source]);
    assert.equal((await call(f, 'GET', `${FS}/sourceConnections/${ids.source}`)).body.items[0].params.tableName, 'Contact');
    assert.equal((await call(f, 'GET', `${FS}/targetConnections/${ids.target}`)).body.items[0].params.dataSetId, ids.dataSet);
    const stored = await call(f, 'GET', `${CONVERSION}/${ids.mapping}`);
    assert.equal(stored.body.mappings.length, CONTACT_MAPPINGS.length);
    assert.equal(stored.body.mappings[1].sourceAttribute, 'concat(Id,"@${CRM_ORG_ID}.Salesforce")');
    assert.equal(stored.body.mappings[1].destinationXdmPath, 'b2b.personKey.sourceKey');
    assert.equal((await call(f, 'GET', `${CONVERSION}/${ids.mapping}?version=1`)).status, 404);
  });

  it('finds each resource by name, the way idempotent "ensure" steps look them up', async () => {
    const q = (path: string, name: string) => call(f, 'GET', `${path}?property=name==%22${encodeURIComponent(name)}%22`);
    assert.equal((await q(`${FS}/sourceConnections`, 'Salesforce Contact source')).body.items[0].id, ids.source);
    assert.equal((await q(`${FS}/targetConnections`, 'B2B Person target')).body.items[0].id, ids.target);
    assert.equal((await q(`${FS}/flows`, 'Salesforce Contact dataflow')).body.items[0].id, ids.flow);
    const dsByProperty = await q(CATALOG, 'B2B Person Dataset');
    assert.deepEqual(Object.keys(dsByProperty.body), [ids.dataSet]);
    assert.equal(dsByProperty.body[ids.dataSet].schemaRef.id, TENANT_SCHEMA);
    const dsByName = await call(f, 'GET', `${CATALOG}?name=B2B%20Person%20Dataset&properties=name`);
    assert.deepEqual(dsByName.body, { [ids.dataSet]: { name: 'B2B Person Dataset' } });
    assert.deepEqual((await call(f, 'GET', `${CATALOG}?name=nothing`)).body, {});
    assert.equal((await call(f, 'GET', `${CATALOG}/${ids.dataSet}`)).body[ids.dataSet].name, 'B2B Person Dataset');
    const named = await call(f, 'POST', CONVERSION, { name: 'contact-mapping', xdmSchema: TENANT_SCHEMA, mappings: CONTACT_MAPPINGS });
    const list = await call(f, 'GET', `${CONVERSION}?limit=10&start=0&name=contact-mapping`);
    assert.deepEqual(list.body.data.map((d: { id: string }) => d.id), [named.body.id]);
  });

  it('rejects references to things that do not exist or do not fit', async () => {
    const expect400 = async (path: string, body: unknown, pattern: RegExp) => {
      const r = await call(f, 'POST', path, body);
      assert.equal(r.status, 400, `${path}: ${JSON.stringify(r.body)}`);
      assert.match(JSON.stringify(r.body), pattern);
    };
    await expect400(`${FS}/sourceConnections`, sourceBody({ baseConnectionId: '11111111-1111-4111-a111-111111111111' }), /base connection .* does not exist/);
    await expect400(`${FS}/sourceConnections`, sourceBody({ connectionSpec: DATA_LAKE_SPEC }), /does not match/);
    await expect400(`${FS}/sourceConnections`, sourceBody({ params: { tableName: 'Nope__c' } }), /CONNECTOR-1330-400/);
    await expect400(`${FS}/sourceConnections`, sourceBody({ data: { format: 'delimited' } }), /CONNECTOR-1327-400/);
    await expect400(`${FS}/sourceConnections`, sourceBody({ params: { tableName: 'Contact', columns: [{ name: 'NoSuchField' }] } }), /CONNECTOR-1378-400/);
    await expect400(CATALOG, { name: 'x', schemaRef: { id: 'https://ns.adobe.com/postforgesim/schemas/missing', contentType: CONTENT_TYPE } }, /was not found/);
    await expect400(CATALOG, { name: 'x', schemaRef: { id: TENANT_SCHEMA, contentType: 'application/json' } }, /contentType/);
    await expect400(`${FS}/targetConnections`, targetBody({ params: { dataSetId: '000000000000000000000000' } }), /dataset .* does not exist/);
    await expect400(`${FS}/targetConnections`, targetBody({ data: { schema: { id: OTHER_SCHEMA } } }), /is bound to schema/);
    await expect400(`${FS}/targetConnections`, targetBody({ connectionSpec: SALESFORCE_SPEC }), /CONNECTOR-1307-400/);
    await expect400(`${FS}/targetConnections`, targetBody({ params: {} }), /CONNECTOR-1325-400/);
    await expect400(`${FS}/flows`, flowBody({ sourceConnectionIds: ['22222222-2222-4222-a222-222222222222'] }), /source connection .* does not exist/);
    await expect400(`${FS}/flows`, flowBody({ targetConnectionIds: [] }), /CONNECTOR-1320-400/);
    await expect400(`${FS}/flows`, flowBody({ flowSpec: { id: '9753525b-82c7-4dce-8a9b-5ccfce2b9876', version: '1.0' } }), /not supported by the flow spec .*CloudStorageToAEP/);
    await expect400(`${FS}/flows`, flowBody({ flowSpec: { id: 'nope', version: '1.0' } }), /FLOW-1413-400/);
    const otherMapping = (await call(f, 'POST', CONVERSION, { xdmSchema: OTHER_SCHEMA, mappings: CONTACT_MAPPINGS })).body.id;
    const withMapping = (mappingId: string, mappingVersion: unknown) => flowBody({
      transformations: [{ name: 'Copy', params: { deltaColumn: { name: 'LastModifiedDate' } } }, { name: 'Mapping', params: { mappingId, mappingVersion } }],
    });
    await expect400(`${FS}/flows`, withMapping(otherMapping, 0), /FLOW-1425-400/);
    await expect400(`${FS}/flows`, withMapping(ids.mapping, 3), /FLOW-1412-400/);
    await expect400(`${FS}/flows`, withMapping('0'.repeat(32), 0), /mapping set .* does not exist/);
    assert.equal((await call(f, 'POST', `${FS}/flows`, withMapping(ids.mapping, '0'))).status, 201);
  });

  it('checks scheduleParams and the Copy transformation against CRMToAEP', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ startTime: '1767225600', frequency: 'minute', interval: 15 }, 'CONNECTOR-1340-400'],
      [{ startTime: 1767225600, frequency: 'minute', interval: '30' }, 'CONNECTOR-1363-400'],
      [{ startTime: 1767225600, frequency: 'minute', interval: 14 }, 'CONNECTOR-1362-400'],
      [{ startTime: 1767225600, frequency: 'hour', interval: 0 }, 'CONNECTOR-1362-400'],
      [{ startTime: 1767225600, frequency: 'hourly', interval: 1 }, 'CONNECTOR-1397-400'],
      [{ startTime: 1767225600, frequency: 'day' }, 'CONNECTOR-1359-400'],
      [{ startTime: 1767225600, frequency: 'once', interval: 15 }, 'CONNECTOR-1361-400'],
      [{ startTime: 1767225600, frequency: 'once', backfill: true }, 'CONNECTOR-1364-400'],
      [{}, 'CONNECTOR-1317-400'],
    ];
    for (const [scheduleParams, code] of cases) {
      const r = await call(f, 'POST', `${FS}/flows`, flowBody({ scheduleParams }));
      assert.deepEqual([r.status, r.body.type], [400, `https://ns.adobe.com/aep/errors/${code}`], JSON.stringify(scheduleParams));
    }
    const once = await call(f, 'POST', `${FS}/flows`, flowBody({ scheduleParams: { startTime: 1767225600, frequency: 'once' } }));
    assert.equal(once.body.type, 'https://ns.adobe.com/aep/errors/CONNECTOR-1369-400', 'a delta column is not allowed with once');
    const noDelta = flowBody({ transformations: [{ name: 'Mapping', params: { mappingId: ids.mapping, mappingVersion: 0 } }] });
    assert.equal((await call(f, 'POST', `${FS}/flows`, noDelta)).body.type, 'https://ns.adobe.com/aep/errors/CONNECTOR-1367-400');
    const onceOk = await call(f, 'POST', `${FS}/flows`, { ...noDelta, scheduleParams: { startTime: 1767225600, frequency: 'once' } });
    assert.equal(onceOk.status, 201);
    const badDelta = flowBody({ transformations: [{ name: 'Copy', params: { deltaColumn: { name: 'updatedAt' } } }, { name: 'Mapping', params: { mappingId: ids.mapping } }] });
    assert.match(JSON.stringify((await call(f, 'POST', `${FS}/flows`, badDelta)).body), /updatedAt is not a column of table Contact/);
    const daily = await call(f, 'POST', `${FS}/flows`, flowBody({ scheduleParams: { startTime: 1767225600, frequency: 'day', interval: 1, backfill: false } }));
    assert.equal(daily.status, 201);
  });

  it('refuses a dataflow whose mapping reads fields the source table lacks (bare literals included), naming each row', async () => {
    const mapping = async (rows: unknown[]) => (await call(f, 'POST', CONVERSION, { xdmSchema: TENANT_SCHEMA, mappings: rows })).body.id;
    const withRows = async (rows: unknown[]) => call(f, 'POST', `${FS}/flows`, flowBody({
      transformations: [{ name: 'Copy', params: { deltaColumn: { name: 'LastModifiedDate' } } }, { name: 'Mapping', params: { mappingId: await mapping(rows), mappingVersion: 0 } }],
    }));
    const bad = await withRows([
      { sourceType: 'ATTRIBUTE', source: 'Id', destination: 'b2b.personKey.sourceID' },
      { sourceType: 'EXPRESSION', source: '00D5j00000SIMULAT', destination: 'b2b.personKey.sourceInstanceID' },
      { sourceType: 'EXPRESSION', source: 'concat(Id, "@", NoSuchField)', destination: 'b2b.personKey.sourceKey' },
      { sourceType: 'ATTRIBUTE', source: 'DunsNumber', destination: 'extSourceSystemAudit.externalKey.sourceID' },
    ]);
    assert.deepEqual([bad.status, bad.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1600-400']);
    const message: string = bad.body.errorMessage;
    assert.match(message, /not found in table Contact/);
    assert.match(message, /destination b2b\.personKey\.sourceInstanceID reads 00D5j00000SIMULAT/);
    assert.match(message, /destination b2b\.personKey\.sourceKey reads NoSuchField/);
    assert.match(message, /destination extSourceSystemAudit\.externalKey\.sourceID reads DunsNumber/);
    assert.ok(!/sourceID reads Id/.test(message), 'rows reading existing columns are not named');
    const good = await withRows([
      { sourceType: 'EXPRESSION', source: '"00D5j00000SIMULAT"', destination: 'b2b.personKey.sourceInstanceID' },
      { sourceType: 'EXPRESSION', source: "iif(AccountId != null, lower(trim(Email)), 'none')", destination: 'workEmail.address' },
      { sourceType: 'ATTRIBUTE', source: 'Id', destination: 'b2b.personKey.sourceID' },
    ]);
    assert.equal(good.status, 201, JSON.stringify(good.body));
  });

  it('validates mapping rows: destinations, attribute paths, expressions, both request shapes', async () => {
    const post = (mappings: unknown[]) => call(f, 'POST', CONVERSION, { xdmSchema: TENANT_SCHEMA, mappings });
    const legacy = await post([{ destinationXdmPath: 'person.name.firstName', sourceAttribute: 'FirstName', identity: false, identityGroup: null, namespaceCode: null, version: 0 }]);
    assert.equal(legacy.status, 200);
    assert.equal((await call(f, 'GET', `${CONVERSION}/${legacy.body.id}`)).body.mappings[0].sourceType, 'text/x.schema-path', 'Data Prep answers the row type as a media type');
    const rejected: Array<[unknown[], RegExp]> = [
      [[], /non-empty/],
      [[{ sourceType: 'ATTRIBUTE', source: 'Id', destination: 'a.b' }, { sourceType: 'ATTRIBUTE', source: 'Name', destination: 'a.b' }], /more than once/],
      [[{ sourceType: 'ATTRIBUTE', source: 'concat(Id, "x")', destination: 'a.b' }], /not a valid attribute path/],
      [[{ sourceType: 'EXPRESSION', source: 'concat(Id, "x"', destination: 'a.b' }], /unclosed/],
      [[{ sourceType: 'EXPRESSION', source: 'concat(Id, "x)', destination: 'a.b' }], /unterminated/],
      [[{ sourceType: 'ATTRIBUTE', source: 'Id', destination: '' }], /destination is required/],
      [[{ sourceType: 'ATTRIBUTE', source: 'Id', destination: 'a..b' }], /not a valid XDM path/],
      [[{ sourceType: 'CONSTANT', source: 'Id', destination: 'a.b' }], /ATTRIBUTE or EXPRESSION/],
    ];
    for (const [mappings, pattern] of rejected) {
      const r = await post(mappings);
      assert.equal(r.status, 400, JSON.stringify(mappings));
      assert.match(r.body.detail, pattern);
    }
    const noSchema = await call(f, 'POST', CONVERSION, { xdmSchema: 'https://ns.adobe.com/postforgesim/schemas/missing', mappings: CONTACT_MAPPINGS });
    assert.equal(noSchema.status, 400);
    const arrays = await post([{ sourceType: 'EXPRESSION', source: 'explode(Roles,";")', destination: 'personRoles[]' }]);
    assert.equal(arrays.status, 200);
  });

  it('keeps resources in their sandbox', async () => {
    const dev = { 'x-sandbox-name': 'dev' };
    assert.equal((await call(f, 'GET', `${FS}/flows/${ids.flow}`, undefined, dev)).status, 404);
    assert.deepEqual((await call(f, 'GET', CATALOG, undefined, dev)).body, {});
    assert.equal((await call(f, 'POST', `${FS}/sourceConnections`, sourceBody(), dev)).status, 400);
  });

  it('snapshots the chain without any secret', () => {
    const snap = snapshotFlow(f.sim.state);
    const flow = snap.flows.find((x) => x.id === ids.flow);
    assert.deepEqual(flow && [flow.sourceConnectionId, flow.targetConnectionId, flow.mappingId, flow.flowSpecId], [ids.source, ids.target, ids.mapping, CRM_FLOW_SPEC.id]);
    assert.equal(snap.mappingSets.find((x) => x.id === ids.mapping)?.rows, CONTACT_MAPPINGS.length);
    assert.equal(snap.dataSets.find((x) => x.id === ids.dataSet)?.schemaId, TENANT_SCHEMA);
    assert.equal(snap.sourceConnections.find((x) => x.id === ids.source)?.tableName, 'Contact');
    assert.equal(snap.connections.find((x) => x.id === ids.base)?.specName, 'OAuth2 Client Credential');
    const text = JSON.stringify(snap) + JSON.stringify([...Object.values(f.sim.state)].map((v) => (v instanceof Map ? [...v.values()] : v)), (_k, v) => (v instanceof Map ? [...v.values()] : v));
    assert.ok(!text.includes(f.config.salesforce.clientSecret));
  });
});
