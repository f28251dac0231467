import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../simulator/core/app';
import { CLASS, SR, createNamespace, createSchema, getToken, identityDescriptor, nextLink, platform, startAdobe } from './adobe-helpers';

describe('simulator: Schema Registry descriptors and merge policies', () => {
  let sim: RunningSimulator;
  let token: string;
  let account: { $id: string; 'meta:altId': string };
  let person: { $id: string; 'meta:altId': string };
  const post = (body: Record<string, unknown>) => platform(sim, token, 'POST', `${SR}/descriptors`, { body, accept: 'application/vnd.adobe.xdm-id+json' });

  beforeEach(async () => {
    sim = await startAdobe();
    token = await getToken(sim);
    for (const [code, type] of [['b2b_account', 'B2B_ACCOUNT'], ['b2b_person', 'CROSS_DEVICE']]) await createNamespace(sim, token, code, type);
    account = await createSchema(sim, token, 'B2B Account', CLASS.account);
    person = await createSchema(sim, token, 'B2B Person', CLASS.profile);
  });
  afterEach(async () => { await sim.stop(); });

  it('creates an identity descriptor with 201 and a 40-hex @id, readable by id', async () => {
    const res = await post(identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true));
    assert.equal(res.status, 201);
    assert.match(res.body['@id'], /^[0-9a-f]{40}$/);
    assert.equal(res.body['meta:containerId'], 'tenant');
    assert.equal(res.body['xdm:isPrimary'], true);
    const got = await platform(sim, token, 'GET', `${SR}/descriptors/${res.body['@id']}`);
    assert.equal(got.status, 200);
    assert.equal(got.body['xdm:namespace'], 'b2b_account');
    assert.equal(got.body.imsOrg, sim.config.adobe.orgId);
  });

  it('answers an exact duplicate with 400 and a report.detailed-message saying it exists', async () => {
    const body = identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true);
    const first = await post(body);
    const dup = await post(body);
    assert.equal(dup.status, 400);
    assert.equal(dup.body.status, 400);
    assert.match(dup.body.report['detailed-message'], /already exists/);
    assert.match(dup.body.report['detailed-message'], new RegExp(first.body['@id']));
  });

  it('allows one primary identity per schema, and secondary ones next to it', async () => {
    assert.equal((await post(identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true))).status, 201);
    const second = await post(identityDescriptor(account.$id, '/extSourceSystemAudit/externalKey/sourceKey', 'b2b_account', true));
    assert.equal(second.status, 400);
    assert.match(second.body.detail, /primary identity/);
    assert.equal((await post(identityDescriptor(account.$id, '/extSourceSystemAudit/externalKey/sourceKey', 'b2b_account', false))).status, 201);
    assert.equal((await post(identityDescriptor(person.$id, '/workEmail/address', 'Email', false))).status, 201);
  });

  it('validates required fields, schemas and namespaces', async () => {
    const bad: Array<Record<string, unknown>> = [
      { '@type': 'xdm:descriptorIdentity', 'xdm:sourceSchema': account.$id, 'xdm:sourceVersion': 1, 'xdm:sourceProperty': '/a' },
      identityDescriptor('https://ns.adobe.com/postforgesim/schemas/nope', '/a', 'b2b_account', false),
      identityDescriptor(account.$id, '/a', 'no_such_namespace', false),
      identityDescriptor(account.$id, 'a/b', 'b2b_account', false),
      { '@type': 'xdm:descriptorNope', 'xdm:sourceSchema': account.$id, 'xdm:sourceVersion': 1, 'xdm:sourceProperty': '/a' },
      { '@type': 'xdm:descriptorReferenceIdentity', 'xdm:sourceSchema': account.$id, 'xdm:sourceVersion': 1, 'xdm:sourceProperty': '/a', 'xdm:identityNamespace': 'nope' },
    ];
    for (const body of bad) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.ok(res.body.report['detailed-message']);
    }
  });

  it('creates relationship, one-to-one and reference identity descriptors; union needs the reference identity', async () => {
    await post(identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true));
    const rel = await post({
      '@type': 'xdm:descriptorRelationship', 'xdm:sourceSchema': person.$id, 'xdm:sourceVersion': 1,
      'xdm:sourceProperty': '/personComponents[*]/sourceAccountKey/sourceKey', 'xdm:destinationSchema': account.$id, 'xdm:destinationVersion': 1,
      'xdm:destinationProperty': '/accountKey/sourceKey', 'xdm:destinationNamespace': 'b2b_account',
      'xdm:destinationToSourceTitle': 'People', 'xdm:sourceToDestinationTitle': 'Account', 'xdm:cardinality': 'M:1',
    });
    assert.equal(rel.status, 201);
    const oneToOne = { '@type': 'xdm:descriptorOneToOne', 'xdm:sourceSchema': account.$id, 'xdm:sourceVersion': 1, 'xdm:sourceProperty': '/accountParentKey/sourceKey',
      'xdm:destinationSchema': account.$id, 'xdm:destinationVersion': 1, 'xdm:destinationProperty': '/accountKey/sourceKey' };
    assert.equal((await post(oneToOne)).status, 201);
    const union = [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }];
    const refused = await platform(sim, token, 'PATCH', `${SR}/schemas/${account['meta:altId']}`, { body: union });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.type, 'http://ns.adobe.com/aep/errors/XDM-1526-400');
    const ref = await post({ '@type': 'xdm:descriptorReferenceIdentity', 'xdm:sourceSchema': account.$id, 'xdm:sourceVersion': 1,
      'xdm:sourceProperty': '/accountParentKey/sourceKey', 'xdm:identityNamespace': 'b2b_account' });
    assert.equal(ref.status, 201);
    assert.equal((await platform(sim, token, 'PATCH', `${SR}/schemas/${account['meta:altId']}`, { body: union })).status, 200);
  });

  it('lists descriptors grouped by @type as ids, links or objects, filterable by property', async () => {
    const a = await post(identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true));
    const p = await post(identityDescriptor(person.$id, '/b2b/personKey/sourceKey', 'b2b_person', true));
    const ids = await platform(sim, token, 'GET', `${SR}/descriptors`, { accept: 'application/vnd.adobe.xdm-id+json' });
    assert.deepEqual(ids.body, { 'xdm:descriptorIdentity': [a.body['@id'], p.body['@id']] });
    const links = await platform(sim, token, 'GET', `${SR}/descriptors`, { accept: 'application/vnd.adobe.xdm-link+json' });
    assert.deepEqual(links.body['xdm:descriptorIdentity'], [`/tenant/descriptors/${a.body['@id']}`, `/tenant/descriptors/${p.body['@id']}`]);
    const filtered = await platform(sim, token, 'GET', `${SR}/descriptors?property=xdm:sourceSchema==${encodeURIComponent(person.$id)}`, { accept: 'application/vnd.adobe.xdm+json' });
    assert.equal(filtered.body['xdm:descriptorIdentity'].length, 1);
    assert.equal(filtered.body['xdm:descriptorIdentity'][0]['xdm:sourceProperty'], '/b2b/personKey/sourceKey');
    const none = await platform(sim, token, 'GET', `${SR}/descriptors?property=@type==xdm:descriptorOneToOne`, { accept: 'application/vnd.adobe.xdm-id+json' });
    assert.deepEqual(none.body, {});
    const badAccept = await platform(sim, token, 'GET', `${SR}/descriptors`, { accept: 'application/vnd.adobe.xed+json' });
    assert.equal(badAccept.status, 400);
    assert.equal(badAccept.body.type, 'http://ns.adobe.com/aep/errors/XDM-1008-400');
  });

  it('pages descriptors with the -v2 Accept and deletes them', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) created.push((await post(identityDescriptor(account.$id, `/f${i}`, 'b2b_account', false))).body['@id']);
    const seen: string[] = [];
    let url: string | null = `${SR}/descriptors?limit=2`;
    while (url) {
      const res = await platform(sim, token, 'GET', url, { accept: 'application/vnd.adobe.xdm-v2-id+json' });
      seen.push(...res.body.results);
      url = nextLink(res.body);
    }
    assert.deepEqual([...seen].sort(), [...created].sort());
    assert.equal((await platform(sim, token, 'DELETE', `${SR}/descriptors/${created[0]}`)).status, 204);
    assert.equal((await platform(sim, token, 'GET', `${SR}/descriptors/${created[0]}`)).status, 404);
  });

  describe('merge policies', () => {
    const MP = '/data/core/ups/config/mergePolicies';

    it('has a default policy for the profile class from the start', async () => {
      const res = await platform(sim, token, 'GET', `${MP}?default=true&schema.name=_xdm.context.profile`, { accept: 'application/vnd.adobe.xdm-id+json' });
      assert.equal(res.status, 200);
      assert.equal(res.body._page.totalCount, 1);
      assert.equal(res.body.children[0].default, true);
      assert.equal(res.body.children[0].schema.name, '_xdm.context.profile');
      const byId = await platform(sim, token, 'GET', `${MP}/${res.body.children[0].id}`);
      assert.equal(byId.body.id, res.body.children[0].id);
      assert.equal((await platform(sim, token, 'GET', `${MP}/00000000-0000-0000-0000-000000000000`)).status, 404);
    });

    it('gets a default policy for a B2B class once a schema of that class is enabled for Profile', async () => {
      const q = `${MP}?default=true&schema.name=_xdm.context.account`;
      assert.equal((await platform(sim, token, 'GET', q)).body._page.totalCount, 0);
      await post(identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true));
      await platform(sim, token, 'PATCH', `${SR}/schemas/${account['meta:altId']}`, { body: [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }] });
      const after = await platform(sim, token, 'GET', q);
      assert.equal(after.body._page.totalCount, 1);
      assert.equal(after.body.children[0].schema.name, '_xdm.context.account');
      const again = await platform(sim, token, 'GET', q);
      assert.equal(again.body.children[0].id, after.body.children[0].id);
      const all = await platform(sim, token, 'GET', `${MP}?limit=1`);
      assert.equal(all.body._page.totalCount, 2);
      assert.equal(all.body.children.length, 1);
      const next = await platform(sim, token, 'GET', followMergePolicyLink(all.body._links.next.href));
      assert.equal(next.body.children.length, 1);
      assert.equal(next.body._links.next.href, '');
      assert.equal(next.body._page.next, undefined);
    });

    // The documented link is relative to the service root: `@/mergePolicies?start=…&orderBy=&limit=N`.
    const followMergePolicyLink = (href: string) => {
      assert.match(href, /^@\/mergePolicies\?start=[A-Za-z0-9+/=]+&orderBy=[^&]*&limit=\d+$/);
      return href.replace(/^@/, '/data/core/ups/config');
    };

    it('pages with an opaque start token that keeps the first request\'s filters, and rejects garbage', async () => {
      await post(identityDescriptor(account.$id, '/accountKey/sourceKey', 'b2b_account', true));
      await platform(sim, token, 'PATCH', `${SR}/schemas/${account['meta:altId']}`, { body: [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }] });
      const first = await platform(sim, token, 'GET', `${MP}?default=true&limit=1&orderBy=name`);
      assert.equal(first.status, 200);
      const { totalCount, next } = first.body._page;
      assert.ok(totalCount >= 2, JSON.stringify(first.body));
      assert.equal(typeof next, 'string');
      assert.ok(!/^\d+$/.test(next), 'the token is not a bare offset');
      assert.ok(first.body._links.next.href.includes(`start=${next}&orderBy=name&limit=1`));
      const names = [first.body.children[0].name];
      let href: string = first.body._links.next.href;
      while (href) {
        const page = await platform(sim, token, 'GET', followMergePolicyLink(href));
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.ok(page.body.children.every((p: { default: boolean }) => p.default), 'the filter survives the link');
        names.push(...page.body.children.map((p: { name: string }) => p.name));
        href = page.body._links.next.href;
      }
      assert.equal(names.length, totalCount);
      assert.deepEqual(names, [...names].sort());
      for (const garbage of ['1', 'not-a-token', Buffer.from('{"o":-1,"f":{}}').toString('base64')]) {
        const bad = await platform(sim, token, 'GET', `${MP}?start=${encodeURIComponent(garbage)}`);
        assert.equal(bad.status, 400, garbage);
        assert.match(bad.body.detail, /Invalid start token/);
      }
    });
  });
});
