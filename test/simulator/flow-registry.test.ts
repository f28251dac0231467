// Catalog, Data Prep and target connections against the real simulated Schema Registry (no injected finder):
// a schema created through the registry API is usable by $id, and unknown or other-sandbox schemas are not.
import assert from 'node:assert/strict';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { tokenStore } from '../../simulator/core/tokens';
import type { SimContext } from '../../simulator/core/types';
import { findSchema, registryOf } from '../../simulator/schema-registry/store';

describe('simulator: Flow Service side uses the Schema Registry', () => {
  let sim: RunningSimulator;
  const send = async (method: string, path: string, body?: unknown, sandbox = 'prod') => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: {
        authorization: 'Bearer registry-test', 'x-api-key': sim.config.adobe.clientId, 'x-gw-ims-org-id': sim.config.adobe.orgId,
        'x-sandbox-name': sandbox, 'content-type': 'application/json', accept: 'application/vnd.adobe.xed-id+json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  before(async () => {
    sim = await startSimulator({ config: { adobe: { sandboxes: ['prod', 'dev'] } } });
    tokenStore({ state: sim.state } as SimContext).set('registry-test', {
      clientId: sim.config.adobe.clientId, orgId: sim.config.adobe.orgId, expiresAt: Date.now() + 3_600_000, issuedAtSeq: 0,
    });
  });
  after(async () => { await sim.stop(); });

  it('accepts a registry schema by $id and rejects unknown and other-sandbox schemas', async () => {
    const schema = await send('POST', '/data/foundation/schemaregistry/tenant/schemas', {
      type: 'object', title: 'B2B Person', description: '', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }],
    });
    assert.equal(schema.status, 201, JSON.stringify(schema.body));
    const $id: string = schema.body.$id;
    const contentType = 'application/vnd.adobe.xed-full-notext+json; version=1';
    const ds = await send('POST', '/data/foundation/catalog/dataSets?requestDataSource=true', { name: 'B2B Person Dataset', schemaRef: { id: $id, contentType } });
    assert.equal(ds.status, 201, JSON.stringify(ds.body));
    const mapping = await send('POST', '/data/foundation/conversion/mappingSets', { xdmSchema: $id, mappings: [{ sourceType: 'ATTRIBUTE', source: 'Email', destination: 'workEmail.address' }] });
    assert.equal(mapping.status, 200, JSON.stringify(mapping.body));
    const missing = await send('POST', '/data/foundation/catalog/dataSets', { name: 'x', schemaRef: { id: `${$id}ff`, contentType } });
    assert.equal(missing.status, 400);
    const otherSandbox = await send('POST', '/data/foundation/catalog/dataSets', { name: 'x', schemaRef: { id: $id, contentType } }, 'dev');
    assert.equal(otherSandbox.status, 400);
  });

  it('reads Profile enablement from the schema\'s meta:immutableTags for dataset tags', async () => {
    const schema = await send('POST', '/data/foundation/schemaregistry/tenant/schemas', {
      type: 'object', title: 'B2B Account (tags test)', description: '', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/account' }],
    });
    assert.equal(schema.status, 201, JSON.stringify(schema.body));
    const body = { name: 'B2B Account Dataset', schemaRef: { id: schema.body.$id, contentType: 'application/vnd.adobe.xed-full-notext+json; version=1' }, tags: { unifiedProfile: ['enabled:true'] } };
    const refused = await send('POST', '/data/foundation/catalog/dataSets', body);
    assert.equal(refused.status, 400);
    assert.match(refused.body.detail, /not enabled for Profile/);
    // Enabling the schema for Profile through the API needs a primary identity; the stored tag is what counts here.
    findSchema(registryOf({ state: sim.state } as SimContext, 'prod'), schema.body.$id)!.immutableTags = ['union'];
    assert.equal((await send('POST', '/data/foundation/catalog/dataSets', body)).status, 201);
  });
});
