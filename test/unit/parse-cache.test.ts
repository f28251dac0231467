// The YAML parse cache (generator/load/parse-cache.ts): a hit gives exactly what parsing gives; anything
// unusual falls back to parsing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseYaml } from '../../generator/load/parse-yaml';
import { cacheDir, readCached, writeCached } from '../../generator/load/parse-cache';
import { loadProject } from '../../generator/load/load-project';
import { REPO_ROOT } from './helpers/temp-project';

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('YAML parse cache', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-cache-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a hit equals a fresh parse (data, every position, diagnostics) for every file of the specs', () => {
    const files = yamlFiles(path.join(REPO_ROOT, 'specs'));
    assert.ok(files.length > 10);
    for (const f of files) {
      const name = path.relative(REPO_ROOT, f);
      const text = fs.readFileSync(f, 'utf8');
      const parsed = parseYaml(name, text);
      assert.equal(readCached(dir, name, text), undefined, 'nothing cached yet');
      writeCached(dir, parsed, text);
      assert.deepEqual(readCached(dir, name, text), parsed, name);
    }
  });

  it('keys on the exact text and the file name; a warning or an error is given back as parsed', () => {
    const text = 'a: 1\nb: [1, 2]\n';
    writeCached(dir, parseYaml('x.yaml', text), text);
    assert.equal(readCached(dir, 'x.yaml', `${text} `), undefined, 'one more space: another entry');
    assert.equal(readCached(dir, 'y.yaml', text), undefined, 'diagnostics name the file: another entry');
    const bad = 'a: 1\na: 2\n';
    const parsed = parseYaml('bad.yaml', bad);
    assert.ok(parsed.diagnostics.some((d) => d.severity === 'error'));
    writeCached(dir, parsed, bad);
    assert.deepEqual(readCached(dir, 'bad.yaml', bad), parsed);
  });

  it('parses as usual when an entry is damaged, when JSON cannot carry the value, or with no cache', () => {
    const text = 'a: 1\n';
    writeCached(dir, parseYaml('x.yaml', text), text);
    const [entry] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, entry), '{"format": "parse-yaml/1", "file": "x.ya');
    assert.equal(readCached(dir, 'x.yaml', text), undefined, 'cut short');
    fs.writeFileSync(path.join(dir, entry), JSON.stringify({ format: 'other', file: 'x.yaml', data: 2, positions: [], diagnostics: [] }));
    assert.equal(readCached(dir, 'x.yaml', text), undefined, 'another format');
    const inf = 'a: .inf\nb: -0\n';
    writeCached(dir, parseYaml('inf.yaml', inf), inf);
    assert.equal(readCached(dir, 'inf.yaml', inf), undefined, 'Infinity and -0 are not cached (JSON would change them)');
    assert.equal(readCached(undefined, 'x.yaml', text), undefined);
    assert.equal(cacheDir({ POSTFORGE_NO_CACHE: '1' }), undefined);
    assert.match(cacheDir({}) ?? '', /node_modules[\\/]\.cache[\\/]postforge[\\/]parse$/);
  });

  it('loadProject gives the same project from the cache as without it', () => {
    const plain = loadProject({ root: REPO_ROOT });
    const first = loadProject({ root: REPO_ROOT, cache: dir });
    const cached = loadProject({ root: REPO_ROOT, cache: dir });
    assert.ok(fs.readdirSync(dir).length >= plain.specs.length + 1);
    assert.deepEqual(first, plain);
    assert.deepEqual(cached, plain);
  });

  it('keeps the cache bounded: past 400 entries the least recently used half goes', () => {
    for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, `old${i}.json`), '{}');
    const t = new Date(Date.now() - 3_600_000);
    for (let i = 0; i < 400; i++) fs.utimesSync(path.join(dir, `old${i}.json`), t, t);
    const text = 'a: 1\n';
    writeCached(dir, parseYaml('x.yaml', text), text);
    assert.equal(fs.readdirSync(dir).length, 201);
    assert.ok(readCached(dir, 'x.yaml', text), 'the newest entry stays');
  });
});
