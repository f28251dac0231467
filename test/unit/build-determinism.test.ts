// Output is deterministic: two builds in separate folders give the same bytes, ids are UUID v5 of names, no
// timestamps; and the committed collections/ and environments/ are what the specs compile to today.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build, compile, outputFiles } from '../../generator';
import { uuidV5 } from '../../generator/compile/ids';
import { snapshot, tempProject, REPO_ROOT } from './helpers/temp-project';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form Postman JSON

/** The step id a request was compiled from, read back from its test script's `"step": "…"`. */
function stepIdOf(item: Json): string {
  const exec: string[] = item.event.find((e: Json) => e.listen === 'test').script.exec;
  const m = /"step": "([^"]+)"/.exec(exec.join('\n'));
  assert.ok(m, `no step id in the test script of ${item.name}`);
  return m[1];
}

function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.push(k); keysOf(v, out); }
  return out;
}

function allIds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => allIds(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'id' || k === '_postman_id') && typeof v === 'string') out.push(v);
      else allIds(v, out);
    }
  }
  return out;
}

describe('build output is deterministic', () => {
  const a = tempProject();
  const b = tempProject();
  after(() => { a.cleanup(); b.cleanup(); });

  let files: Map<string, Buffer>;
  before(() => {
    for (const p of [a, b]) {
      const r = build({ root: p.root });
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.ok(r.emit && r.emit.written.length > 0);
    }
    files = snapshot(path.join(a.root, 'collections'));
    for (const [k, v] of snapshot(path.join(a.root, 'environments'))) files.set(`env/${k}`, v);
  });

  it('two builds in different folders are byte-identical', () => {
    const other = snapshot(path.join(b.root, 'collections'));
    for (const [k, v] of snapshot(path.join(b.root, 'environments'))) other.set(`env/${k}`, v);
    assert.deepEqual([...other.keys()], [...files.keys()]);
    for (const [name, bytes] of files) assert.ok(bytes.equals(other.get(name)!), `${name} differs between builds`);
  });

  it('a second build into the same folder writes nothing', () => {
    const r = build({ root: a.root });
    assert.deepEqual(r.emit?.written, []);
    assert.equal(r.emit?.unchanged.length, files.size);
  });

  it('every file: `info` first (collections), two-space JSON, LF, one trailing newline, no timestamps', () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const [name, bytes] of files) {
      const text = bytes.toString('utf8');
      assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'), `${name}: trailing newline`);
      assert.ok(!text.includes('\r'), `${name}: LF only`);
      assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, `${name}: canonical two-space JSON`);
      if (!name.startsWith('env/')) assert.equal(Object.keys(JSON.parse(text))[0], 'info', `${name}: info first`);
      // Keys only: `{{$timestamp}}` in a body is a run-time Postman variable, not a build timestamp.
      assert.deepEqual(keysOf(JSON.parse(text)).filter((k) => /exported_at|timestamp|createdAt|updatedAt/i.test(k)), [], name);
      assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:\d\d/, `${name} contains an ISO time`);
      assert.ok(!text.includes(today), `${name} contains today's date`);
    }
  });

  it('ids are the UUID v5 derivations of collection, step and environment names, and unique', () => {
    let requests = 0;
    for (const [name, bytes] of files) {
      const json = JSON.parse(bytes.toString('utf8')) as Json;
      const ids = allIds(json);
      assert.equal(new Set(ids).size, ids.length, `${name}: duplicate ids`);
      for (const id of ids) assert.match(id, UUID_V5, name);
      if (name.startsWith('env/')) {
        assert.equal(json.id, uuidV5(`environment/${name.slice(4).replace('.postman_environment.json', '')}`));
        continue;
      }
      const spec = name.replace('.postman_collection.json', '');
      assert.equal(json.info._postman_id, uuidV5(`collection/${spec}`));
      assert.equal(json.event, undefined, `${name}: no collection-level script (it would run before every request)`);
      const visit = (items: Json[]) => items.forEach((it) => {
        if (it.item) return visit(it.item);
        const step = stepIdOf(it);
        assert.equal(it.id, uuidV5(`${spec}/${step}`), `${name} ${it.name}`);
        assert.equal(it.event.find((e: Json) => e.listen === 'test').script.id, uuidV5(`${spec}/${step}#test`));
        requests++;
      });
      visit(json.item);
    }
    assert.ok(requests > 10, `only ${requests} requests checked`);
  });

  it('outputFiles() lists exactly what build wrote, in the same bytes', () => {
    const { compiled } = compile(a.root);
    const out = outputFiles(compiled!);
    assert.equal(out.length, files.size);
    for (const f of out) {
      const key = f.path.startsWith('environments/') ? `env/${f.path.slice('environments/'.length)}` : f.path.slice('collections/'.length);
      assert.equal(files.get(key)?.toString('utf8'), f.content, f.path);
    }
  });
});

describe('committed outputs', () => {
  it('are fresh: build({ check: true }) finds nothing stale, missing or extra', () => {
    const r = build({ root: REPO_ROOT, check: true });
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual({ stale: r.emit?.stale, missing: r.emit?.missing, extra: r.emit?.extra }, { stale: [], missing: [], extra: [] });
    assert.ok(r.emit!.unchanged.length >= 5);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'collections', 'adobe-auth.postman_collection.json')));
  });
});
