import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../simulator/core/app';
import { snapshotAdobe } from '../../simulator/schema-registry';
import { countWriteRequests } from '../../simulator/core/request-log';
import { CLASS, FG, SR, createNamespace, createSchema, getToken, identityDescriptor, nextLink, platform, startAdobe } from './adobe-helpers';

const ID_ACCEPT = 'application/vnd.adobe.xed-id+json';

describe('simulator: Schema Registry schemas', () => {
  let sim: RunningSimulator;
  let token: string;
  beforeEach(async () => { sim = await startAdobe(); token = await getToken(sim); });
  afterEach(async () => { await sim.stop(); });

  it('creates a schema with 201 and the registry\'s identifiers', async () => {
    const res = await platform(sim, token, 'POST', `${SR}/schemas`, { body: { type: 'object', title: 'B2B Account', description: '', allOf: [{ $ref: CLASS.account }] } });
    assert.equal(res.status, 201);
    const hex = /^https:\/\/ns\.adobe\.com\/postforgesim\/schemas\/([0-9a-f]{48})$/.exec(res.body.$id)?.[1];
    assert.ok(hex, res.body.$id);
    assert.equal(res.body['meta:altId'], `_postforgesim.schemas.${hex}`);
    assert.equal(res.body['meta:class'], CLASS.account);
    assert.equal(res.body.version, '1.0');
    assert.deepEqual(res.body['meta:extends'], [CLASS.account, 'https://ns.adobe.com/xdm/data/record']);
    assert.equal(res.body['meta:immutableTags'], undefined);
    assert.equal(res.body['meta:containerId'], 'tenant');
  });

  it('rejects a duplicate title with 400 XDM-1521 "Title not unique"', async () => {
    const first = await createSchema(sim, token, 'B2B Person', CLASS.profile);
    const dup = await platform(sim, token, 'POST', `${SR}/schemas`, { body: { title: 'B2B Person', allOf: [{ $ref: CLASS.profile }] } });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.type, 'http://ns.adobe.com/aep/errors/XDM-1521-400');
    assert.equal(dup.body.title, 'Title not unique');
    assert.match(dup.body.report['detailed-message'], new RegExp(first.$id));
  });

  it('rejects unknown classes (404 XDM-1010) and missing classes (400)', async () => {
    const unknown = await platform(sim, token, 'POST', `${SR}/schemas`, { body: { title: 'X', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/nope' }] } });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.type, 'http://ns.adobe.com/aep/errors/XDM-1010-404');
    const onlyFieldGroup = await platform(sim, token, 'POST', `${SR}/schemas`, { body: { title: 'Y', allOf: [{ $ref: FG.consents }] } });
    assert.equal(onlyFieldGroup.status, 400);
  });

  it('pages with orderby/start/limit so that following _links.next visits every schema exactly once', async () => {
    const titles = Array.from({ length: 23 }, (_, i) => `B2B Schema ${String(i).padStart(2, '0')}`);
    for (const t of [...titles].reverse()) await createSchema(sim, token, t, CLASS.account);
    await createSchema(sim, token, 'A Schema before B2B', CLASS.account);
    const seen: string[] = [];
    let url: string | null = `${SR}/schemas?orderby=title&start=B2B&limit=7`;
    let pages = 0;
    while (url) {
      const res = await platform(sim, token, 'GET', url, { accept: ID_ACCEPT });
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body.results[0]).sort(), ['$id', 'meta:altId', 'title', 'version']);
      assert.equal(res.body._page.count, res.body.results.length);
      seen.push(...res.body.results.map((r: { title: string }) => r.title));
      if (res.body._page.next !== null) assert.equal(res.body._page.next, res.body.results[res.body.results.length - 1].title);
      url = nextLink(res.body);
      pages += 1;
    }
    assert.equal(pages, 4);
    assert.deepEqual(seen, titles);
  });

  it('pages in descending order and with the default order too', async () => {
    for (const t of ['C', 'A', 'B', 'E', 'D']) await createSchema(sim, token, t, CLASS.account);
    const desc: string[] = [];
    let start = '';
    for (;;) {
      const res = await platform(sim, token, 'GET', `${SR}/schemas?orderby=-title&limit=2${start}`, { accept: ID_ACCEPT });
      desc.push(...res.body.results.map((r: { title: string }) => r.title));
      if (res.body._page.next === null) break;
      start = `&start=${encodeURIComponent(res.body._page.next)}`;
    }
    assert.deepEqual(desc, ['E', 'D', 'C', 'B', 'A']);
    const all: string[] = [];
    let url: string | null = `${SR}/schemas?limit=2`;
    while (url) {
      const res = await platform(sim, token, 'GET', url, { accept: ID_ACCEPT });
      assert.equal(res.body._page.orderby, 'updated');
      all.push(...res.body.results.map((r: { title: string }) => r.title));
      url = nextLink(res.body);
    }
    assert.deepEqual([...all].sort(), ['A', 'B', 'C', 'D', 'E']);
  });

  it('returns full schemas with allOf for the xed/xdm Accept and filters by property', async () => {
    await createSchema(sim, token, 'B2B Account', CLASS.account);
    await createSchema(sim, token, 'B2B Person', CLASS.profile);
    const res = await platform(sim, token, 'GET', `${SR}/schemas?property=title==B2B%20Person`, { accept: 'application/vnd.adobe.xdm+json' });
    assert.equal(res.status, 200);
    assert.equal(res.body.results.length, 1);
    assert.equal(res.body.results[0].allOf[0].$ref, CLASS.profile);
    assert.ok(res.body._links.global_schemas.href.endsWith('/data/foundation/schemaregistry/global/schemas'));
  });

  it('rejects a missing or unsupported Accept on listing with 400 XDM-1006', async () => {
    for (const accept of [undefined, 'application/json', 'application/vnd.adobe.xed+json; version=1']) {
      const res = await platform(sim, token, 'GET', `${SR}/schemas`, { accept });
      assert.equal(res.status, 400, String(accept));
      assert.equal(res.body.type, 'http://ns.adobe.com/aep/errors/XDM-1006-400');
    }
  });

  it('looks a schema up by meta:altId or URL-encoded $id with a versioned Accept', async () => {
    const s = await createSchema(sim, token, 'B2B Account', CLASS.account);
    const accept = 'application/vnd.adobe.xed+json; version=1';
    assert.equal((await platform(sim, token, 'GET', `${SR}/schemas/${s['meta:altId']}`, { accept })).body.$id, s.$id);
    assert.equal((await platform(sim, token, 'GET', `${SR}/schemas/${encodeURIComponent(s.$id)}`, { accept })).body.title, 'B2B Account');
    const noVersion = await platform(sim, token, 'GET', `${SR}/schemas/${s['meta:altId']}`, { accept: 'application/vnd.adobe.xed+json' });
    assert.equal(noVersion.status, 400);
    assert.equal(noVersion.body.type, 'http://ns.adobe.com/aep/errors/XDM-1007-400');
    const missing = await platform(sim, token, 'GET', `${SR}/schemas/_postforgesim.schemas.0000`, { accept });
    assert.equal(missing.status, 404);
  });

  it('adds several field groups in one PATCH and bumps the version', async () => {
    const s = await createSchema(sim, token, 'B2B Person', CLASS.profile);
    const ops = [FG.personDetails, FG.personComponents, FG.identityMap, FG.consents].map((ref) => ({ op: 'add', path: '/allOf/-', value: { $ref: ref } }));
    const res = await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, { body: ops, accept: 'application/vnd.adobe.xdm+json' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.allOf.map((a: { $ref: string }) => a.$ref), [CLASS.profile, FG.personDetails, FG.personComponents, FG.identityMap, FG.consents]);
    assert.equal(res.body.version, '1.1');
    assert.ok(res.body['meta:extends'].includes(FG.consents));
  });

  it('rejects unknown and incompatible field groups without changing the schema', async () => {
    const s = await createSchema(sim, token, 'B2B Account', CLASS.account);
    const unknown = await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, {
      body: [{ op: 'add', path: '/allOf/-', value: { $ref: FG.accountDetails } }, { op: 'add', path: '/allOf/-', value: { $ref: 'https://ns.adobe.com/xdm/mixins/nope' } }],
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.type, 'http://ns.adobe.com/aep/errors/XDM-1011-404');
    const incompatible = await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, { body: [{ op: 'add', path: '/allOf/-', value: { $ref: FG.personDetails } }] });
    assert.equal(incompatible.status, 400);
    const now = await platform(sim, token, 'GET', `${SR}/schemas/${s['meta:altId']}`, { accept: 'application/vnd.adobe.xed+json; version=1' });
    assert.equal(now.body.allOf.length, 1);
    assert.equal(now.body.version, '1.0');
  });

  it('enables Profile only with a primary identity, and the union tag cannot be removed', async () => {
    const s = await createSchema(sim, token, 'B2B Account', CLASS.account);
    const union = [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }];
    const refused = await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, { body: union });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.type, 'http://ns.adobe.com/aep/errors/XDM-1528-400');
    await createNamespace(sim, token, 'b2b_account');
    const d = await platform(sim, token, 'POST', `${SR}/descriptors`, { body: identityDescriptor(s.$id, '/accountKey/sourceKey', 'b2b_account', true) });
    assert.equal(d.status, 201);
    const ok = await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, { body: union, accept: 'application/vnd.adobe.xdm-id+json' });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body['meta:immutableTags'], ['union']);
    const removal = await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, { body: [{ op: 'remove', path: '/meta:immutableTags' }] });
    assert.equal(removal.status, 400);
  });

  it('renames a schema and changes its description by JSON Patch; a taken title, no title or a replace of an absent member is refused', async () => {
    const s = await createSchema(sim, token, 'B2B Account', CLASS.account);
    await createSchema(sim, token, 'B2B Person', CLASS.profile);
    const url = `${SR}/schemas/${s['meta:altId']}`;
    const renamed = await platform(sim, token, 'PATCH', url, { body: [{ op: 'replace', path: '/title', value: 'B2B Salesforce Account' }, { op: 'replace', path: '/description', value: 'Accounts' }] });
    assert.equal(renamed.status, 200);
    assert.deepEqual([renamed.body.$id, renamed.body.title, renamed.body.description, renamed.body.version], [s.$id, 'B2B Salesforce Account', 'Accounts', '1.1']);
    const taken = await platform(sim, token, 'PATCH', url, { body: [{ op: 'replace', path: '/title', value: 'B2B Person' }] });
    assert.equal(taken.status, 400);
    assert.equal(taken.body.title, 'Title not unique');
    assert.equal((await platform(sim, token, 'PATCH', url, { body: [{ op: 'remove', path: '/title' }] })).status, 400);
    assert.equal((await platform(sim, token, 'PATCH', url, { body: [{ op: 'remove', path: '/description' }] })).status, 200);
    // RFC 6902: replace needs the member to exist, add sets it either way.
    assert.equal((await platform(sim, token, 'PATCH', url, { body: [{ op: 'replace', path: '/description', value: 'x' }] })).status, 400);
    const added = await platform(sim, token, 'PATCH', url, { body: [{ op: 'add', path: '/description', value: 'Salesforce accounts' }] });
    assert.equal(added.status, 200);
    assert.equal(added.body.description, 'Salesforce accounts');
    assert.equal((await platform(sim, token, 'PATCH', url, { body: [{ op: 'replace', path: '/meta:altId', value: '_x.schemas.y' }] })).status, 400);
  });

  it('exposes created resources and the write count for inspection', async () => {
    await createNamespace(sim, token, 'b2b_person', 'CROSS_DEVICE');
    const s = await createSchema(sim, token, 'B2B Person', CLASS.profile);
    await platform(sim, token, 'PATCH', `${SR}/schemas/${s['meta:altId']}`, { body: [{ op: 'add', path: '/allOf/-', value: { $ref: FG.identityMap } }] });
    const snap = snapshotAdobe(sim.state);
    assert.deepEqual(snap.namespaces.map((n) => [n.code, n.idType]), [['b2b_person', 'CROSS_DEVICE']]);
    assert.deepEqual(snap.schemas.map((x) => [x.title, x.classId, x.fieldGroups, x.immutableTags]), [['B2B Person', CLASS.profile, [FG.identityMap], []]]);
    assert.deepEqual(snap.defaultMergePolicyClasses, ['_xdm.context.profile']);
    // token, namespace, schema, patch
    assert.equal(countWriteRequests(sim.state), 4);
    assert.equal(countWriteRequests(sim.state, '/data/foundation/schemaregistry'), 2);
  });
});
