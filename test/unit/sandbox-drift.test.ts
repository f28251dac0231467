// The drift half of the sandbox runtime (generator/sandbox/drift.js) with a fake `pm`: normalised comparison,
// the update decision, plan mode (writes skipped and recorded, reads sent), the 412 re-read, list filters.
import assert from 'node:assert/strict';
import { fakeSandbox, type Sandbox } from './helpers/fake-pm';

function withEntry(entry: Record<string, unknown>, opts: { method?: string; env?: Record<string, string> } = {}): Sandbox {
  const sb = fakeSandbox({ method: opts.method ?? 'PATCH', env: opts.env, url: 'http://127.0.0.1:4010/flows/f1', requestName: 'Update: Dataflow for Lead' });
  sb.coll.set('postforge.index.lookup', JSON.stringify({ 'postforge-salesforce-lead': entry }));
  return sb;
}

const changes = (sb: Sandbox) => sb.logs.filter((l) => l.startsWith('postforge: change ')).map((l) => JSON.parse(l.slice(18)));

const FLOW = {
  id: 'f1', etag: '"e1"',
  scheduleParams: { startTime: '1700000000', frequency: 'hour', interval: '1' },
  transformations: [{ name: 'Copy', params: {} }, { name: 'Mapping', params: { mappingId: 'm1', mappingVersion: '0' } }],
};
const FIELDS = [
  { path: 'scheduleParams.frequency', want: '{{DATAFLOW_FREQUENCY}}' },
  { path: 'scheduleParams.interval', want: '{{DATAFLOW_INTERVAL}}', as: 'number' },
  { path: 'transformations[name=Mapping].params.mappingVersion', want: '{{V}}', as: 'number', label: 'mapping version' },
];
const drift = { in: 'lookup', key: 'postforge-salesforce-lead', fields: FIELDS, capture: { ETAG: 'etag' } };

describe('sandbox runtime: drift and plan', () => {
  it('string values the server answers ("1", "0") equal the numbers the spec sends: no request', () => {
    const sb = withEntry(FLOW, { env: { DATAFLOW_FREQUENCY: 'hour', DATAFLOW_INTERVAL: '1', V: '0' } });
    sb.postforge.before(sb.pm, { drift });
    assert.equal(sb.skipped, true);
    assert.deepEqual(changes(sb), []);
    assert.equal(sb.env.get('ETAG'), '"e1"', 'captures come from the existing entry');
  });

  it('a changed schedule and mapping version: the request goes, the change lists each field before → after', () => {
    const sb = withEntry(FLOW, { env: { DATAFLOW_FREQUENCY: 'day', DATAFLOW_INTERVAL: '1', V: '1' } });
    sb.postforge.before(sb.pm, { drift });
    assert.equal(sb.skipped, false);
    const [c] = changes(sb);
    assert.equal(c.action, 'update');
    assert.equal(c.applied, true);
    assert.equal(c.method, 'PATCH');
    assert.deepEqual(c.fields, [{ field: 'scheduleParams.frequency', before: 'hour', after: 'day' }, { field: 'mapping version', before: '0', after: '1' }]);
  });

  it('plan mode: the same change is recorded as not applied and the request skipped', () => {
    const sb = withEntry(FLOW, { env: { DATAFLOW_FREQUENCY: 'day', DATAFLOW_INTERVAL: '1', V: '0', POSTFORGE_PLAN: 'true' } });
    sb.postforge.before(sb.pm, { drift });
    assert.equal(sb.skipped, true);
    assert.equal(changes(sb)[0].applied, false);
  });

  it('plan mode: GETs and safe (token) requests are sent; a create is recorded and skipped', () => {
    const get = fakeSandbox({ method: 'GET', env: { POSTFORGE_PLAN: 'true' } });
    get.postforge.before(get.pm, {});
    assert.equal(get.skipped, false);
    const token = fakeSandbox({ method: 'POST', env: { POSTFORGE_PLAN: 'true' } });
    token.postforge.before(token.pm, { safe: true });
    assert.equal(token.skipped, false);
    assert.deepEqual(changes(token), []);
    const again = fakeSandbox({ method: 'POST', env: { POSTFORGE_PLAN: 'true' } });
    again.coll.set('postforge.index.list', '{}');
    again.postforge.before(again.pm, { ensure: { in: 'list', key: 'x' } });
    assert.equal(again.skipped, true);
    assert.equal(changes(again)[0].action, 'create');
  });

  it('plan mode: a read whose URL needs an id that a skipped create would capture is skipped too', () => {
    const sb = fakeSandbox({ method: 'GET', env: { POSTFORGE_PLAN: 'true' }, url: 'http://127.0.0.1:4010/connections/{{CONN_ID}}/explore' });
    sb.postforge.before(sb.pm, {});
    assert.equal(sb.skipped, true);
  });

  it('mapping rows compare as a set on the picked keys, with the server spellings and expression whitespace ignored', () => {
    const rows = { mappings: [
      { id: 'x1', sourceType: 'text/x.aep-xl', source: 'concat( Id ,"@o.Salesforce")', destination: 'b2b.key' },
      { id: 'x2', sourceType: 'text/x.schema-path', source: 'Email', destination: 'workEmail.address' },
    ] };
    const field = { path: 'mappings', ignoreOrder: true, pick: ['sourceType', 'source', 'destination'], aliases: { 'text/x.schema-path': 'ATTRIBUTE', 'text/x.aep-xl': 'EXPRESSION' }, whitespace: 'collapse' };
    const want = [
      { sourceType: 'ATTRIBUTE', source: 'Email', destination: 'workEmail.address' },
      { sourceType: 'EXPRESSION', source: 'concat(Id,"@{{ORG}}.Salesforce")', destination: 'b2b.key' },
    ];
    const same = withEntry(rows, { method: 'PUT', env: { ORG: 'o' } });
    same.postforge.before(same.pm, { drift: { in: 'lookup', key: 'postforge-salesforce-lead', fields: [{ ...field, want }] } });
    assert.equal(same.skipped, true);
    const changed = withEntry(rows, { method: 'PUT', env: { ORG: 'o' } });
    changed.postforge.before(changed.pm, { drift: { in: 'lookup', key: 'postforge-salesforce-lead', fields: [{ ...field, want: [want[0], { ...want[1], destination: 'b2b.other' }] }] } });
    const [c] = changes(changed);
    assert.deepEqual(c.fields[0].before, [{ destination: 'b2b.key', source: 'concat(Id,"@o.Salesforce")', sourceType: 'EXPRESSION' }].map((r) => ({ sourceType: r.sourceType, source: r.source, destination: r.destination })));
    assert.equal(c.fields[0].after[0].destination, 'b2b.other');
  });

  it('whitespace inside string literals still counts', () => {
    const sb = fakeSandbox();
    assert.equal(sb.postforge.collapse('iif( a ,  "x  y" , b )'), 'iif(a,"x  y",b)');
    assert.notEqual(sb.postforge.collapse('"a  b"'), sb.postforge.collapse('"a b"'));
  });

  it('manual: the difference is recorded with the reason and nothing is sent; `extra` counts only what the spec no longer lists', () => {
    const schema = { allOf: [{ $ref: 'class' }, { $ref: 'fg-a' }, { $ref: 'fg-b' }] };
    const d = { in: 'lookup', key: 'postforge-salesforce-lead', manual: 'refused by the registry', fields: [{ path: 'allOf[*].$ref', want: ['fg-a', 'fg-b', 'fg-c'], ignore: ['class'], extra: true }] };
    const additionOnly = withEntry(schema, { method: 'GET' });
    additionOnly.postforge.before(additionOnly.pm, { drift: d });
    assert.equal(additionOnly.skipped, true);
    assert.deepEqual(changes(additionOnly), []);
    const removed = withEntry(schema, { method: 'GET' });
    removed.postforge.before(removed.pm, { drift: { ...d, fields: [{ ...d.fields[0], want: ['fg-a'] }] } });
    assert.equal(removed.skipped, true);
    const [c] = changes(removed);
    assert.equal(c.action, 'manual');
    assert.equal(c.reason, 'refused by the registry');
    assert.deepEqual(c.fields, [{ field: 'allOf[*].$ref', before: ['fg-b'], after: [] }]);
  });

  it('expiresWithinDays: a date far enough ahead matches; a near or unknown one is a change', () => {
    const far = new Date(Date.now() + 90 * 86400000).toISOString();
    const near = new Date(Date.now() + 5 * 86400000).toISOString();
    const field = { path: 'description', extract: 'expires (\\S+)', expiresWithinDays: '{{DAYS}}', want: '{{NEW}}', label: 'jwtToken expires' };
    const run = (description: string) => {
      const sb = withEntry({ description }, { env: { DAYS: '30', NEW: 'new-date' } });
      sb.postforge.before(sb.pm, { drift: { in: 'lookup', key: 'postforge-salesforce-lead', fields: [field] } });
      return changes(sb);
    };
    assert.deepEqual(run(`token expires ${far}`), []);
    assert.deepEqual(run(`token expires ${near}`)[0].fields, [{ field: 'jwtToken expires', before: near, after: 'new-date' }]);
    assert.deepEqual(run('made before expiry dates were kept')[0].fields[0].before, '(unknown)');
  });

  it('apply: a removal is reported but not sent unless its condition holds (--prune)', () => {
    const d = { in: 'lookup', key: 'postforge-salesforce-lead', action: 'remove', apply: { PRUNE: 'true' }, fields: [{ path: 'state', want: 'disabled' }] };
    const listed = withEntry({ state: 'enabled' }, { method: 'POST' });
    listed.postforge.before(listed.pm, { drift: d });
    assert.equal(listed.skipped, true);
    assert.deepEqual(changes(listed).map((c) => [c.action, c.applied]), [['remove', false]]);
    const pruned = withEntry({ state: 'enabled' }, { method: 'POST', env: { PRUNE: 'true' } });
    pruned.postforge.before(pruned.pm, { drift: d });
    assert.equal(pruned.skipped, false);
    assert.deepEqual(changes(pruned).map((c) => [c.action, c.applied]), [['remove', true]]);
  });

  it('an entry that no longer matches (`match`) or is absent: the update is skipped (the create makes it)', () => {
    const sb = withEntry({ state: 'enabled', target: 't-old' }, { env: { T: 't-new' } });
    sb.postforge.before(sb.pm, { drift: { in: 'lookup', key: 'postforge-salesforce-lead', match: [['target', '{{T}}']], fields: [{ path: 'state', want: 'disabled' }] } });
    assert.equal(sb.skipped, true);
    const absent = withEntry({});
    absent.postforge.before(absent.pm, { drift: { in: 'lookup', key: 'other', fields: [{ path: 'state', want: 'x' }] } });
    assert.equal(absent.skipped, true);
  });

  it('absent: a value the resource lacks counts as the given one (a tag never set is off); extract reads the enabled: entry', () => {
    const tagDrift = (want: string) => ({ in: 'lookup', key: 'postforge-salesforce-lead', fields: [{ path: 'tags.unifiedProfile', extract: 'enabled:\\s*(true|false)', absent: 'false', want }] });
    const never = withEntry({ '@key': 'd1' });
    never.postforge.before(never.pm, { drift: tagDrift('false') });
    assert.equal(never.skipped, true, 'no tag = off: nothing to switch off');
    assert.deepEqual(changes(never), []);
    const upsert = withEntry({ '@key': 'd1', 'tags.unifiedProfile': ['enabled: true', 'isUpsert:true'] });
    upsert.postforge.before(upsert.pm, { drift: tagDrift('true') });
    assert.equal(upsert.skipped, true, 'other entries of the tag are no drift');
    const on = withEntry({ '@key': 'd1', 'tags.unifiedProfile': ['enabled:true'] });
    on.postforge.before(on.pm, { drift: tagDrift('false') });
    assert.deepEqual(changes(on)[0].fields, [{ field: 'tags.unifiedProfile', before: 'true', after: 'false' }]);
  });

  it('rekey (a rename): the entry is filed under its new key with the new values; a taken new key is a manual step', () => {
    const rename = { in: 'lookup', key: 'B2B Account', rekey: 'B2B Salesforce Account', fields: [{ path: 'title', want: 'B2B Salesforce Account' }, { path: 'description', want: '{{D}}' }] };
    const sb = fakeSandbox({ method: 'PATCH', env: { D: 'Accounts' } });
    sb.coll.set('postforge.index.lookup', JSON.stringify({ 'B2B Account': { $id: 's1', title: 'B2B Account', description: 'old' } }));
    sb.postforge.before(sb.pm, { drift: rename });
    assert.equal(sb.skipped, false);
    assert.equal(changes(sb)[0].action, 'update');
    const index = JSON.parse(sb.coll.get('postforge.index.lookup')!);
    assert.deepEqual(index['B2B Salesforce Account'], { $id: 's1', title: 'B2B Salesforce Account', description: 'Accounts' });
    assert.ok(index['B2B Account'], 'the old key stays (the lookup listed it)');

    const taken = fakeSandbox({ method: 'PATCH', env: { D: 'Accounts' } });
    taken.coll.set('postforge.index.lookup', JSON.stringify({ 'B2B Account': { $id: 's1', title: 'B2B Account' }, 'B2B Salesforce Account': { $id: 's2', title: 'B2B Salesforce Account' } }));
    taken.postforge.before(taken.pm, { drift: rename });
    assert.equal(taken.skipped, true);
    const [c] = changes(taken);
    assert.equal(c.action, 'manual');
    assert.match(c.reason, /both "B2B Account" and "B2B Salesforce Account" exist/);
    assert.equal(JSON.parse(taken.coll.get('postforge.index.lookup')!)['B2B Salesforce Account'].$id, 's2', 'the other one is not overwritten');
  });

  it('HTTP 412: goes back to the lookup once, then fails like any other status', () => {
    const sb = fakeSandbox({ requestName: 'Update: Dataflow for Lead' });
    const cfg = { step: 'u', status: [200], conflict: { on: [412], reread: 'lookup-id' } };
    sb.respond({ code: 412, body: { title: 'Precondition failed' } });
    sb.postforge.after(sb.pm, cfg);
    assert.equal(sb.next, 'lookup-id');
    assert.equal(sb.tests.filter((t) => t.error).length, 0);
    sb.respond({ code: 412, body: { title: 'Precondition failed' } });
    sb.postforge.after(sb.pm, cfg);
    assert.equal(sb.next, null);
    assert.equal(sb.tests.filter((t) => t.error).length, 1);
  });

  it('list filters in paths: transformations[name=Mapping] picks the entry by field value', () => {
    const sb = fakeSandbox();
    assert.equal(sb.postforge.at(FLOW, 'transformations[name=Mapping].params.mappingId'), 'm1');
    assert.equal(sb.postforge.at(FLOW, 'transformations[name=Nope].params'), undefined);
    assert.equal(sb.postforge.at(FLOW, 'transformations[1].name'), 'Mapping');
  });
});
