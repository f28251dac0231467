// The build cache (generator/build-cache.ts): `build --check` on a project whose every input is as in an
// earlier build compares the generated files with that build's hashes instead of compiling; any change of an
// input, of a generated file or of the cache itself gives what a build without the cache gives.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../generator/index';
import { buildCacheDir, buildKey } from '../../generator/build-cache';
import { tempProject } from './helpers/temp-project';

describe('build cache', function () {
  this.timeout(60_000);
  let project: { root: string; cleanup: () => void };
  let cache: string;
  beforeEach(() => {
    project = tempProject();
    cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-build-cache-')), 'parse');
  });
  afterEach(() => {
    project.cleanup();
    fs.rmSync(path.dirname(cache), { recursive: true, force: true });
  });
  const entries = () => fs.readdirSync(buildCacheDir(cache)).filter((n) => n.endsWith('.json'));
  const run = (check: boolean) => build({ root: project.root, check, cache });
  const file = (rel: string) => path.join(project.root, rel);

  it('an unchanged project is checked against the hashes, not compiled; the same verdict and diagnostics', () => {
    const first = run(false);
    assert.ok(first.compiled, 'the first build compiles');
    assert.equal(first.emit!.written.length, 7);
    assert.equal(entries().length, 1);
    const checked = run(true);
    assert.equal(checked.compiled, undefined, 'answered from the cache');
    assert.deepEqual(checked.emit!.unchanged.sort(), first.emit!.written.sort());
    assert.deepEqual([checked.emit!.stale, checked.emit!.missing, checked.emit!.extra], [[], [], []]);
    assert.deepEqual(checked.diagnostics, first.diagnostics, 'warnings are given again');
    const rebuilt = run(false);
    assert.equal(rebuilt.compiled, undefined, 'nothing to write: not compiled either');
    assert.equal(rebuilt.emit!.written.length, 0);
  });

  it('a generated file changed, removed or added by hand is stale, missing or extra; a build writes it again', () => {
    run(false);
    const target = 'collections/b2b-schemas.postman_collection.json';
    const good = fs.readFileSync(file(target), 'utf8');
    fs.writeFileSync(file(target), good.replace('"Schema B2B Account"', '"Schema B2B Acount"'));
    fs.rmSync(file('environments/local.postman_environment.json'));
    fs.writeFileSync(file('collections/stray.postman_collection.json'), '{}');
    const checked = run(true);
    assert.equal(checked.compiled, undefined);
    assert.deepEqual(checked.emit!.stale, [target]);
    assert.deepEqual(checked.emit!.missing, ['environments/local.postman_environment.json']);
    assert.deepEqual(checked.emit!.extra, ['collections/stray.postman_collection.json']);
    const rebuilt = run(false);
    assert.ok(rebuilt.compiled, 'compiled to write the files again');
    assert.equal(fs.readFileSync(file(target), 'utf8'), good);
    assert.ok(fs.existsSync(file('environments/local.postman_environment.json')));
    assert.ok(!fs.existsSync(file('collections/stray.postman_collection.json')));
  });

  it('an edited spec or data file is another key: compiled, and the check names what is stale', () => {
    run(false);
    const schemas = file('specs/data/schemas.yaml');
    fs.writeFileSync(schemas, fs.readFileSync(schemas, 'utf8').replace('B2B Account schema for B2B ingestion', 'B2B Account schema (edited)'));
    const checked = run(true);
    assert.ok(checked.compiled, 'compiled: the inputs changed');
    assert.deepEqual(checked.emit!.stale, ['collections/b2b-schemas.postman_collection.json']);
    fs.writeFileSync(file('specs/extra.yaml'), fs.readFileSync(file('specs/example.yaml'), 'utf8'));
    assert.ok(run(true).compiled, 'a new spec file is another key too');
  });

  it('a declared data folder that is gone is not an empty one: the error a build without the cache reports', () => {
    const spec = file('specs/example.yaml');
    const text = fs.readFileSync(spec, 'utf8');
    assert.match(text, /^data:\n/m, 'the example spec declares data tables');
    fs.writeFileSync(spec, text.replace(/^data:\n/m, 'data:\n  extra: data/extra\n'));
    fs.mkdirSync(file('specs/data/extra'));
    assert.equal(run(false).diagnostics.filter((d) => d.severity === 'error').length, 0);
    fs.rmdirSync(file('specs/data/extra'));
    const checked = run(true);
    assert.deepEqual(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['data-missing']);
  });

  it('a damaged entry is no entry; an error is never cached', () => {
    run(false);
    const [entry] = entries();
    fs.writeFileSync(path.join(buildCacheDir(cache), entry), '{"format":"build/1","outputs":');
    assert.ok(run(true).compiled);
    fs.writeFileSync(file('specs/b2b-schemas.yaml'), 'version: [\n');
    const failed = run(true);
    assert.ok(failed.diagnostics.some((d) => d.severity === 'error'));
    assert.equal(entries().length, 1, 'only the good build has an entry');
    assert.ok(run(true).diagnostics.some((d) => d.severity === 'error'), 'and the error is found again');
  });

  it('the key is every file read, by name and exact text, in order', () => {
    const k = buildKey([['specs/a.yaml', 'x: 1\n'], ['specs/b.yaml', 'y: 2\n']]);
    assert.notEqual(buildKey([['specs/a.yaml', 'x: 1 \n'], ['specs/b.yaml', 'y: 2\n']]), k);
    assert.notEqual(buildKey([['specs/c.yaml', 'x: 1\n'], ['specs/b.yaml', 'y: 2\n']]), k);
    assert.notEqual(buildKey([['specs/a.yaml', 'x: 1\n']]), k);
    assert.notEqual(buildKey([['specs/a.yaml', 'x: 1\ny: 2\n'], ['specs/b.yaml', '']]), buildKey([['specs/a.yaml', 'x: 1\n'], ['specs/b.yaml', 'y: 2\n']]), 'where one file ends is part of it');
    assert.equal(buildKey([['specs/a.yaml', 'x: 1\n'], ['specs/b.yaml', 'y: 2\n']]), k);
  });
});
