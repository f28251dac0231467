// Every committed collection is valid Postman v2.1 (official schema) and survives postman-collection's SDK —
// the library Newman and the Postman app load collections with — without losing ids, order, URLs or scripts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { Collection, ItemGroup, type Item } from 'postman-collection';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA = path.join(__dirname, '..', 'fixtures', 'postman-collection-v2.1.0.schema.json');
const files = fs.readdirSync(path.join(ROOT, 'collections')).filter((f) => f.endsWith('.postman_collection.json')).sort();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form Postman JSON

function load(file: string): Json {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'collections', file), 'utf8'));
}

function execOf(events: Json[] | undefined, listen: string): string[] | undefined {
  return events?.find((e) => e.listen === listen)?.script.exec;
}

/** The SDK drops `type: "text"` of urlencoded fields (their only type), so that is not a loss. */
function withoutDefaultTypes(body: Json | undefined): Json | undefined {
  if (body?.mode !== 'urlencoded') return body;
  return { ...body, urlencoded: body.urlencoded.map(({ type, ...rest }: Json) => (type === 'text' ? rest : { type, ...rest })) };
}

/** Auth as type + parameters; the SDK writes `noauth: []` for a parameterless type. */
function authOf(auth: Json | undefined): Json | undefined {
  return auth && { type: auth.type, params: auth[auth.type] ?? [] };
}

/** Compare our item list with the SDK's, recursively, in order. Returns the number of requests compared. */
function compareItems(ours: Json[], theirs: Array<Item | ItemGroup<Item>>, where: string): number {
  assert.deepEqual(theirs.map((t) => t.name), ours.map((o) => o.name), `${where}: names/order`);
  assert.deepEqual(theirs.map((t) => t.id), ours.map((o) => o.id), `${where}: ids`);
  let requests = 0;
  ours.forEach((o, i) => {
    const t = theirs[i];
    const here = `${where} > ${o.name}`;
    if (o.item) {
      assert.ok(ItemGroup.isItemGroup(t), `${here}: a folder`);
      requests += compareItems(o.item, (t as ItemGroup<Item>).items.all(), here);
      return;
    }
    const item = t as Item;
    const req = item.request;
    assert.equal(req.url.toString(), o.request.url.raw, `${here}: url`);
    assert.equal(req.method, o.request.method, `${here}: method`);
    assert.deepEqual(req.headers.all().map((h) => [h.key, h.value]), o.request.header.map((h: Json) => [h.key, h.value]), `${here}: headers`);
    assert.deepEqual(req.body ? req.body.toJSON() : undefined, withoutDefaultTypes(o.request.body), `${here}: body`);
    if (o.request.auth) assert.deepEqual(authOf(req.auth?.toJSON()), authOf(o.request.auth), `${here}: auth`);
    for (const listen of ['prerequest', 'test']) {
      const exec = item.events.all().find((e) => e.listen === listen)?.script?.exec;
      assert.deepEqual(exec, execOf(o.event, listen), `${here}: ${listen} script`);
    }
    requests++;
  });
  return requests;
}

describe('committed collections', () => {
  it('there are collections to check', () => {
    assert.ok(files.length >= 3, files.join(', '));
  });

  describe('validate against the official Postman v2.1.0 schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
    it('the schema rejects a broken collection (so a pass means something)', () => {
      assert.equal(validate({ info: { name: 'x', schema: 'y' }, item: [{ name: 'r', request: { method: 7 } }] }), false);
      assert.equal(validate({ item: [] }), false);
    });
    for (const file of files) {
      it(file, () => {
        const ok = validate(load(file));
        assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      });
    }
  });

  describe('load with postman-collection without loss', () => {
    for (const file of files) {
      it(file, () => {
        const json = load(file);
        const collection = new Collection(json as never);
        assert.equal(collection.id, json.info._postman_id);
        assert.equal(collection.name, json.info.name);
        const requests = compareItems(json.item, collection.items.all(), file);
        assert.ok(requests > 0);
        if (json.auth) assert.deepEqual(authOf(collection.auth?.toJSON()), authOf(json.auth));
        assert.equal(collection.events.count(), 0, 'no collection-level script: it would run before every request');
        const runtime = collection.variables.one('postforge.runtime')?.value;
        assert.equal(typeof runtime, 'string');
        assert.match(String(runtime), /^postforge = \{/m, 'the runtime travels once, as a collection variable');
      });
    }
    for (const file of files) {
      it(`${file}: toJSON() → load → toJSON() is stable`, () => {
        const once = new Collection(load(file) as never).toJSON();
        const twice = new Collection(once as never).toJSON();
        assert.deepEqual(twice, once);
      });
    }
  });
});
