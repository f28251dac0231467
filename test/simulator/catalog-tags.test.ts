// Catalog dataset tags in the simulator: Profile enablement needs a schema in union (identity enablement does
// not), tags are {key: [string]}, and PATCH /dataSets/{id} replaces fields (plain JSON) or single tags (JSON Patch) as
// help/profile/tutorials/dataset-configuration.md and catalog.yaml describe.
import assert from 'node:assert/strict';
import { call, OTHER_SCHEMA, startFixture, TENANT_SCHEMA, type Fixture } from './flow-fixture';

const CATALOG = '/data/foundation/catalog/dataSets';
const CONTENT_TYPE = 'application/vnd.adobe.xed-full-notext+json; version=1';
const PROFILE_TAGS = { unifiedProfile: ['enabled:true'], unifiedIdentity: ['enabled:true'] };

describe('simulator: Catalog dataset tags and PATCH', () => {
  let f: Fixture;
  before(async () => { f = await startFixture(); });
  after(async () => { await f.sim.stop(); });

  const create = (schema: string, tags?: unknown, name = `ds-${Math.random()}`) =>
    call(f, 'POST', CATALOG, { name, schemaRef: { id: schema, contentType: CONTENT_TYPE }, ...(tags === undefined ? {} : { tags }) });
  const idOf = (r: { body: string[] }) => r.body[0].replace('@/dataSets/', '');
  const get = async (id: string) => (await call(f, 'GET', `${CATALOG}/${id}`)).body[id];

  it('creates a Profile-enabled dataset on a union schema and keeps its tags', async () => {
    const r = await create(TENANT_SCHEMA, { ...PROFILE_TAGS, adobe_lakeHouse: ['enabled:false'] });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual((await get(idOf(r))).tags, { ...PROFILE_TAGS, adobe_lakeHouse: ['enabled:false'] });
  });

  it('refuses unifiedProfile enabled:true on a schema not enabled for Profile, with a message that says why', async () => {
    const r = await create(OTHER_SCHEMA, PROFILE_TAGS);
    assert.equal(r.status, 400);
    assert.equal(r.body.title, 'Bad Request');
    assert.match(r.body.detail, new RegExp(`schema ${OTHER_SCHEMA} is not enabled for Profile .*"union"`));
  });

  it('allows identity-only enablement and Profile explicitly disabled on such a schema', async () => {
    assert.equal((await create(OTHER_SCHEMA, { unifiedIdentity: ['enabled:true'] })).status, 201);
    assert.equal((await create(OTHER_SCHEMA, { unifiedProfile: ['enabled:false'] })).status, 201);
  });

  it('rejects tags that are not {key: [string]}', async () => {
    for (const tags of [['enabled:true'], { unifiedProfile: 'enabled:true' }, { unifiedProfile: [true] }]) {
      const r = await create(TENANT_SCHEMA, tags);
      assert.equal(r.status, 400, JSON.stringify(tags));
    }
  });

  it('a field-style PATCH replaces the whole tags field (the tags it leaves out are gone), answers ["@/dataSets/{id}"]', async () => {
    const id = idOf(await create(TENANT_SCHEMA, { owner: ['team-b2b'] }));
    const r = await call(f, 'PATCH', `${CATALOG}/${id}`, { tags: PROFILE_TAGS });
    assert.deepEqual([r.status, r.body], [200, [`@/dataSets/${id}`]]);
    assert.deepEqual((await get(id)).tags, PROFILE_TAGS);
  });

  it('PATCH accepts the documented JSON Patch form, which keeps the other tags', async () => {
    const id = idOf(await create(TENANT_SCHEMA, { 'adobe/pqs/table': ['postforge_salesforce_lead'] }));
    const ops = [
      { op: 'add', path: '/tags/unifiedProfile', value: ['enabled:true', 'isUpsert:true'] },
      { op: 'add', path: '/tags/unifiedIdentity', value: ['enabled:true'] },
    ];
    const r = await call(f, 'PATCH', `${CATALOG}/${id}`, ops, { 'content-type': 'application/json-patch+json' });
    assert.deepEqual([r.status, r.body], [200, [`@/dataSets/${id}`]]);
    assert.deepEqual((await get(id)).tags, { 'adobe/pqs/table': ['postforge_salesforce_lead'], unifiedProfile: ['enabled:true', 'isUpsert:true'], unifiedIdentity: ['enabled:true'] });
  });

  it('PATCH disables Profile and Identity with the documented replace ops; replace of a tag the dataset lacks is refused', async () => {
    const id = idOf(await create(TENANT_SCHEMA, PROFILE_TAGS));
    const off = [
      { op: 'replace', path: '/tags/unifiedProfile', value: ['enabled:false'] },
      { op: 'replace', path: '/tags/unifiedIdentity', value: ['enabled:false'] },
    ];
    const r = await call(f, 'PATCH', `${CATALOG}/${id}`, off, { 'content-type': 'application/json-patch+json' });
    assert.deepEqual([r.status, r.body], [200, [`@/dataSets/${id}`]]);
    assert.deepEqual((await get(id)).tags, { unifiedProfile: ['enabled:false'], unifiedIdentity: ['enabled:false'] });
    const lake = idOf(await create(OTHER_SCHEMA));
    const missing = await call(f, 'PATCH', `${CATALOG}/${lake}`, [off[0]], { 'content-type': 'application/json-patch+json' });
    assert.equal(missing.status, 400);
    assert.deepEqual((await get(lake)).tags, {});
    const add = await call(f, 'PATCH', `${CATALOG}/${lake}`, [{ ...off[0], op: 'add' }], { 'content-type': 'application/json-patch+json' });
    assert.equal(add.status, 200);
    assert.deepEqual((await get(lake)).tags, { unifiedProfile: ['enabled:false'] });
  });

  it('PATCH refuses Profile on a non-union schema, unknown ids, non-object bodies and read-only fields', async () => {
    const id = idOf(await create(OTHER_SCHEMA));
    const refused = await call(f, 'PATCH', `${CATALOG}/${id}`, { tags: PROFILE_TAGS });
    assert.equal(refused.status, 400);
    assert.match(refused.body.detail, /not enabled for Profile/);
    assert.deepEqual((await get(id)).tags, {}, 'a refused PATCH changes nothing');
    assert.equal((await call(f, 'PATCH', `${CATALOG}/ffffffffffffffffffffffff`, { tags: PROFILE_TAGS })).status, 404);
    assert.equal((await call(f, 'PATCH', `${CATALOG}/${id}`, [{ tags: PROFILE_TAGS }])).status, 400);
    assert.equal((await call(f, 'PATCH', `${CATALOG}/${id}`, 'tags')).status, 400);
    assert.equal((await call(f, 'PATCH', `${CATALOG}/${id}`, { schemaRef: { id: TENANT_SCHEMA } })).status, 400);
    const otherSandbox = await call(f, 'PATCH', `${CATALOG}/${id}`, { tags: {} }, { 'x-sandbox-name': 'dev' });
    assert.equal(otherSandbox.status, 404);
  });
});
