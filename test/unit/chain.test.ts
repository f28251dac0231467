// The requests of a collection as data for postforge's own runs (generator/run/chain.ts): read from the very
// JSON Newman runs, so a request sent from a script is the one its item describes, or the item is left to
// Newman.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chainTable, withChain, CHAIN_VARIABLE, STUB_URL } from '../../generator/run/chain';
import { runnerInput, sentStep, RUNNER_VARIABLE, BAIL_VARIABLE } from '../../generator/run/run-collection';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Postman JSON

const collections = path.join(__dirname, '..', '..', 'collections');
const committed = (name: string): Json => JSON.parse(fs.readFileSync(path.join(collections, `${name}.postman_collection.json`), 'utf8'));

function requests(items: Json[], auth?: Json, out: Array<{ item: Json; auth?: Json }> = []) {
  for (const it of items) {
    if (it.item) requests(it.item, it.auth ?? auth, out);
    else out.push({ item: it, auth: it.request.auth ?? auth });
  }
  return out;
}

describe('chained requests: chainTable()', () => {
  for (const name of ['b2b-schemas', 'salesforce-source']) {
    it(`${name}: every request with a test script, as its item says, with the settings its script passes`, () => {
      const c = committed(name);
      const table = chainTable(c);
      const plan = JSON.parse(c.variable.find((v: Json) => v.key === 'postforge.plan').value);
      let entries = 0;
      for (const { item, auth } of requests(c.item, c.auth)) {
        const e = table[item.id] as { q: ReturnType<typeof chainTable>[string]['q']; a: Json } | undefined;
        if (item.request.body?.mode === 'formdata') { assert.equal(e, undefined, `${item.name}: a form-data body is left to Newman`); continue; }
        assert.ok(e, item.name);
        entries += 1;
        assert.equal(e.q.m, item.request.method);
        assert.equal(e.q.u, item.request.url.raw);
        assert.deepEqual(e.q.h, item.request.header.map((h: Json) => [h.key, h.value]));
        assert.equal(e.q.raw, item.request.body?.mode === 'raw' ? item.request.body.raw : undefined);
        assert.equal(e.q.bearer, auth?.type === 'bearer' ? '{{ACCESS_TOKEN}}' : undefined, `${item.name}: bearer token from the collection's auth`);
        const script = item.event.find((x: Json) => x.listen === 'test').script.exec.join('\n');
        assert.ok(script.includes(JSON.stringify(e.a.step)), `${item.name}: its own test settings`);
        assert.equal(plan.e[e.a.at].id, item.id, `${item.name}: its place in the run plan`);
      }
      assert.ok(entries > 100, `${entries} entries`);
    });
  }

  it('leaves out what a plain send would not reproduce; folder auth is inherited; exec may be one string', () => {
    const after = (step: string) => ({ listen: 'test', script: { exec: [`const wait = postforge.after(pm, { "step": "${step}", "status": [200], "expect": [["json a equals \\"}\\"", "json", "a", "equals", "}"]], "at": 0 });`] } });
    const req = (extra: Json = {}) => ({ method: 'POST', url: { raw: '{{BASE}}/x' }, header: [{ key: 'A', value: '{{A}}' }, { key: 'Off', value: '1', disabled: true }, { key: 'Content-Type', value: 'application/json' }], body: { mode: 'raw', raw: '{}' }, ...extra });
    const c = {
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{T}}' }] },
      item: [
        { id: 'plain', name: 'plain', request: req(), event: [after('plain')] },
        { id: 'form', name: 'form', request: req({ body: { mode: 'urlencoded', urlencoded: [{ key: 'k', value: '{{V}}' }, { key: 'x', value: '1', disabled: true }] } }), event: [after('form')] },
        { id: 'file', name: 'file', request: req({ body: { mode: 'formdata', formdata: [] } }), event: [after('file')] },
        { id: 'basic', name: 'basic', request: req({ auth: { type: 'basic', basic: [] } }), event: [after('basic')] },
        { id: 'twice', name: 'twice', request: req(), event: [{ listen: 'test', script: { exec: [after('a').script.exec[0], after('b').script.exec[0]] } }] },
        { id: 'none', name: 'none', request: req() },
        // Newman would add a Content-Type of its own, prune the body, or read the URL's parts, not its raw text.
        { id: 'untyped', name: 'untyped', request: req({ header: [{ key: 'A', value: '1' }] }), event: [after('untyped')] },
        { id: 'getbody', name: 'getbody', request: req({ method: 'GET' }), event: [after('getbody')] },
        { id: 'pathvar', name: 'pathvar', request: req({ url: { raw: '{{BASE}}/x/:id', variable: [{ key: 'id', value: '1' }] } }), event: [after('pathvar')] },
        { id: 'offquery', name: 'offquery', request: req({ url: { raw: '{{BASE}}/x?a=1', query: [{ key: 'a', value: '1' }, { key: 'b', value: '2', disabled: true }] } }), event: [after('offquery')] },
        { id: 'ownauth', name: 'ownauth', request: req({ header: [{ key: 'Authorization', value: 'Basic x' }, { key: 'Content-Type', value: 'text/plain' }] }), event: [after('ownauth')] },
        { id: 'folder', name: 'folder', auth: { type: 'noauth' }, item: [{ id: 'inner', name: 'inner', request: req({ url: '{{BASE}}/y' }), event: [{ listen: 'test', script: { exec: after('inner').script.exec[0] } }] }] },
      ],
    };
    const t = chainTable(c);
    assert.deepEqual(Object.keys(t).sort(), ['form', 'inner', 'plain']);
    assert.deepEqual(t.plain.q, { m: 'POST', u: '{{BASE}}/x', h: [['A', '{{A}}'], ['Content-Type', 'application/json']], bearer: '{{T}}', raw: '{}' });
    assert.deepEqual(t.plain.a, { step: 'plain', status: [200], expect: [['json a equals "}"', 'json', 'a', 'equals', '}']], at: 0 }, 'a brace inside a string does not end the settings');
    assert.deepEqual(t.form.q.form, [['k', '{{V}}']]);
    assert.deepEqual(t.inner.q, { m: 'POST', u: '{{BASE}}/y', h: [['A', '{{A}}'], ['Content-Type', 'application/json']], raw: '{}' }, 'the folder says noauth: no bearer token');
  });

  it("postforge's run gets the table as a collection variable and POSTFORGE_RUNNER; the file itself is unchanged", () => {
    const c = committed('b2b-schemas');
    const before = JSON.stringify(c);
    const input = runnerInput(c, { A: '1' });
    assert.equal(JSON.stringify(c), before);
    const v = (input.collection.variable as Json[]).filter((x) => x.key === CHAIN_VARIABLE);
    assert.equal(v.length, 1);
    assert.deepEqual(JSON.parse(v[0].value), chainTable(c));
    assert.deepEqual(input.environment.values.map((x) => x.key), ['A', RUNNER_VARIABLE]);
    assert.equal(withChain(input.collection), input.collection, 'a collection that has its table is given as it is');
    const timed = runnerInput(c, {}, { timeoutScriptMs: 9000, bail: true });
    assert.equal((timed.collection.variable as Json[]).some((x) => x.key === CHAIN_VARIABLE), false, 'under a script timeout: one item per request, no chain');
    assert.deepEqual(timed.environment.values.map((x) => [x.key, x.value]), [[BAIL_VARIABLE, 'true'], [RUNNER_VARIABLE, 'postforge']]);
  });

  for (const name of ['b2b-schemas', 'salesforce-source']) {
    it(`${name}: Newman gets a stub of each request the chain sends, except those with work of their own; the rest whole`, () => {
      const c = committed(name);
      const plan = JSON.parse(c.variable.find((v: Json) => v.key === 'postforge.plan').value) as { e: Array<{ id: string; self?: true }> };
      const self = new Set(plan.e.filter((e) => e.self).map((e) => e.id));
      const run = withChain(c);
      const table = JSON.parse((run.variable as Json[]).find((v) => v.key === CHAIN_VARIABLE)!.value) as Record<string, Json>;
      const original = new Map(requests(c.item).map(({ item }) => [item.id, item]));
      const given = requests(run.item as Json[]);
      assert.deepEqual(given.map(({ item }) => item.id), [...original.keys()], 'every item, in the same order');
      let stubs = 0;
      for (const { item } of given) {
        const whole = original.get(item.id)!;
        const entry = table[item.id];
        if (!entry || self.has(item.id)) {
          assert.deepEqual(item, whole, `${item.name}: whole`);
          continue;
        }
        stubs += 1;
        assert.deepEqual(item.request, { method: whole.request.method, url: STUB_URL });
        assert.equal(item.event.length, 1, 'no test script: a stub is never sent');
        const exec = item.event[0].script.exec as string[];
        const own = (whole.event ?? []).find((e: Json) => e.listen === 'prerequest')?.script.exec as string[] | undefined;
        // The request as data, right after the runtime loader; then the item's own decision, if it has one.
        const at = exec.findIndex((l) => l.startsWith('postforge.stub(pm, '));
        assert.equal(exec[at - 1], 'postforge.enter(pm, console, setTimeout);');
        assert.equal(exec[at], `postforge.stub(pm, ${JSON.stringify(entry)}${own ? ', true' : ''});`);
        if (own) assert.deepEqual([...exec.slice(0, at), ...exec.slice(at + 1)], own, `${item.name}: its own pre-request script`);
        else assert.equal(at, exec.length - 1);
        assert.equal(exec[0], "'use sandbox2';");
      }
      assert.ok(stubs > given.length / 2, `${stubs} of ${given.length} are stubs`);
    });
  }

  it('reads the step a "postforge: send" line names', () => {
    assert.equal(sentStep('postforge: send "Schema B2B \\"x\\""'), 'Schema B2B "x"');
    assert.equal(sentStep('postforge: exists: ["a"]'), undefined);
  });
});
