// The whole B2B setup of Adobe's utility (reference §1.5, as tabled in specs/data) driven through HTTP against the
// simulator, then compared with the reference lists through snapshotAdobe: proves the simulator's catalogue and
// rules accept exactly what the real setup creates.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RunningSimulator } from '../../simulator/core/app';
import { snapshotAdobe } from '../../simulator/schema-registry';
import { countWriteRequests } from '../../simulator/core/request-log';
import { SR, getToken, identityDescriptor, platform, startAdobe } from './adobe-helpers';

interface SchemaRow { key: string; title: string; class: string; mergePolicyClass: string | null; fieldGroups: string[] }
type Row = Record<string, string | boolean>;
interface DescriptorTables { identities: Row[]; relationships: Row[]; oneToOne: Row[]; referenceIdentities: Row[] }

const data = (file: string): unknown => parse(readFileSync(join(__dirname, '../../specs/data', file), 'utf8'));

describe('simulator: the complete B2B setup of the reference utility', () => {
  const namespaces = data('namespaces.yaml') as Array<{ name: string; code: string; idType: string }>;
  const schemas = data('schemas.yaml') as SchemaRow[];
  const descriptors = data('descriptors.yaml') as DescriptorTables;
  let sim: RunningSimulator;
  let token: string;
  const ids = new Map<string, { $id: string; altId: string }>();

  before(async () => {
    sim = await startAdobe();
    token = await getToken(sim);
  });
  after(async () => { await sim.stop(); });

  it('creates every namespace, schema, field group, descriptor and enables Profile on every schema', async () => {
    for (const n of namespaces) {
      const res = await platform(sim, token, 'POST', '/data/core/idnamespace/identities', { body: { ...n, description: `Namespace ${n.name} created for B2B ingestion purpose` } });
      assert.equal(res.status, 200, n.code);
    }
    for (const s of schemas) {
      const res = await platform(sim, token, 'POST', `${SR}/schemas`, { body: { type: 'object', title: s.title, description: '', allOf: [{ $ref: s.class }] } });
      assert.equal(res.status, 201, s.title);
      ids.set(s.key, { $id: res.body.$id, altId: res.body['meta:altId'] });
      if (s.fieldGroups.length) {
        const patch = await platform(sim, token, 'PATCH', `${SR}/schemas/${res.body['meta:altId']}`, {
          body: s.fieldGroups.map((ref) => ({ op: 'add', path: '/allOf/-', value: { $ref: ref } })),
        });
        assert.equal(patch.status, 200, `${s.title}: ${JSON.stringify(patch.body)}`);
      }
    }
    const sid = (key: unknown) => ids.get(String(key))!.$id;
    const post = async (body: Record<string, unknown>) => {
      const res = await platform(sim, token, 'POST', `${SR}/descriptors`, { body });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    };
    for (const d of descriptors.identities) await post(identityDescriptor(sid(d.schema), String(d.sourceProperty), String(d.namespace), d.primary === true));
    for (const r of descriptors.relationships) {
      await post({
        '@type': 'xdm:descriptorRelationship', 'xdm:sourceSchema': sid(r.schema), 'xdm:sourceVersion': 1, 'xdm:sourceProperty': r.sourceProperty,
        'xdm:destinationSchema': sid(r.destinationSchema), 'xdm:destinationVersion': 1, 'xdm:destinationProperty': r.destinationProperty,
        'xdm:destinationNamespace': r.destinationNamespace, 'xdm:destinationToSourceTitle': r.destinationToSourceTitle,
        'xdm:sourceToDestinationTitle': r.sourceToDestinationTitle, 'xdm:cardinality': r.cardinality,
      });
    }
    for (const o of descriptors.oneToOne) {
      await post({
        '@type': 'xdm:descriptorOneToOne', 'xdm:sourceSchema': sid(o.schema), 'xdm:sourceVersion': 1, 'xdm:sourceProperty': o.sourceProperty,
        'xdm:destinationSchema': sid(o.destinationSchema), 'xdm:destinationVersion': 1, 'xdm:destinationProperty': o.destinationProperty,
      });
    }
    for (const r of descriptors.referenceIdentities) {
      await post({ '@type': 'xdm:descriptorReferenceIdentity', 'xdm:sourceSchema': sid(r.schema), 'xdm:sourceVersion': 1, 'xdm:sourceProperty': r.sourceProperty, 'xdm:identityNamespace': r.namespace });
    }
    for (const s of schemas) {
      const res = await platform(sim, token, 'PATCH', `${SR}/schemas/${ids.get(s.key)!.altId}`, { body: [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }] });
      assert.equal(res.status, 200, `${s.title}: ${JSON.stringify(res.body)}`);
    }
  });

  it('ends with exactly the reference resources', () => {
    const snap = snapshotAdobe(sim.state);
    assert.deepEqual(snap.namespaces.map((n) => [n.name, n.code, n.idType]), namespaces.map((n) => [n.name, n.code, n.idType]));
    assert.deepEqual(snap.schemas.map((s) => [s.title, s.classId, s.fieldGroups, s.immutableTags]), schemas.map((s) => [s.title, s.class, s.fieldGroups, ['union']]));
    assert.equal(snap.schemas.reduce((n, s) => n + s.fieldGroups.length, 0), 39);
    const byType = (t: string) => snap.descriptors.filter((d) => d['@type'] === t).length;
    assert.deepEqual([byType('xdm:descriptorIdentity'), byType('xdm:descriptorRelationship'), byType('xdm:descriptorOneToOne'), byType('xdm:descriptorReferenceIdentity')], [19, 12, 4, 4]);
    const expectedClasses = schemas.map((s) => s.mergePolicyClass).filter((c): c is string => c !== null);
    assert.deepEqual([...snap.defaultMergePolicyClasses].sort(), [...new Set(expectedClasses)].sort());
    // 1 token + 11 namespaces + 12 schemas + one field-group PATCH per schema that has field groups (9)
    // + 39 descriptors + 12 profile PATCHes
    assert.equal(schemas.filter((s) => s.fieldGroups.length > 0).length, 9);
    assert.equal(countWriteRequests(sim.state), 1 + 11 + 12 + 9 + 39 + 12);
  });

  it('answers the utility\'s default merge-policy lookup for every class', async () => {
    for (const s of schemas.filter((x) => x.mergePolicyClass)) {
      const res = await platform(sim, token, 'GET', `/data/core/ups/config/mergePolicies?default=true&schema.name=${s.mergePolicyClass}`);
      assert.equal(res.body._page.totalCount, 1, String(s.mergePolicyClass));
    }
  });
});
