// `postforge build` through the CLI entry (main with a captured IO): --check finds stale, extra and missing
// files and writes nothing; usage errors exit 2 in one line; invalid specs exit 1 with the diagnostics.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../generator/cli';
import { captureIO, snapshot, tempProject, REPO_ROOT } from '../unit/helpers/temp-project';

const STALE_FILE = 'collections/adobe-auth.postman_collection.json';

function tree(root: string): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  for (const dir of ['specs', 'collections', 'environments']) for (const [k, v] of snapshot(path.join(root, dir))) all.set(`${dir}/${k}`, v);
  return all;
}

function assertSameTree(before: Map<string, Buffer>, after: Map<string, Buffer>): void {
  assert.deepEqual([...after.keys()], [...before.keys()], 'files added or removed');
  for (const [k, v] of before) assert.ok(v.equals(after.get(k)!), `${k} changed`);
}

describe('postforge build (CLI)', () => {
  let p: ReturnType<typeof tempProject>;
  beforeEach(async () => {
    p = tempProject();
    const io = captureIO();
    assert.equal(await main(['build', '--root', p.root], io), 0, io.err.join('\n'));
    assert.match(io.out.at(-1)!, /^\d+ written, 0 unchanged$/);
  });
  afterEach(() => p.cleanup());

  it('--check after a fresh build: exit 0, "up to date"', async () => {
    const io = captureIO();
    assert.equal(await main(['build', '--check', '--root', p.root], io), 0);
    assert.match(io.out.join('\n'), /^up to date: \d+ file\(s\)$/);
    assert.deepEqual(io.err, []);
  });

  it('--check after editing a step name: exit 1, names the stale collection, writes nothing', async () => {
    const spec = path.join(p.root, 'specs', 'adobe-auth.yaml');
    const text = fs.readFileSync(spec, 'utf8');
    assert.ok(text.includes('name: Get access token (OAuth Server-to-Server)'));
    fs.writeFileSync(spec, text.replace('name: Get access token (OAuth Server-to-Server)', 'name: Get the access token'));
    const before = tree(p.root);
    const io = captureIO();
    assert.equal(await main(['build', '--check', '--root', p.root], io), 1);
    // The Adobe collections include the auth steps, so they go stale with it.
    const stale = [STALE_FILE, 'collections/b2b-namespaces.postman_collection.json', 'collections/b2b-schemas.postman_collection.json', 'collections/salesforce-source.postman_collection.json'];
    assert.deepEqual(io.err, [...stale.map((f) => `stale: ${f}`), '4 generated file(s) out of date; run: npm run build']);
    assertSameTree(before, tree(p.root));
  });

  it('--check after removing a spec: its collection is extra', async () => {
    fs.rmSync(path.join(p.root, 'specs', 'example.yaml'));
    const before = tree(p.root);
    const io = captureIO();
    assert.equal(await main(['build', '--check', '--root', p.root], io), 1);
    assert.deepEqual(io.err, ['extra: collections/example.postman_collection.json', '1 generated file(s) out of date; run: npm run build']);
    assertSameTree(before, tree(p.root));
  });

  it('--check after deleting an output: it is missing (and not recreated)', async () => {
    fs.rmSync(path.join(p.root, 'environments', 'local.postman_environment.json'));
    const before = tree(p.root);
    const io = captureIO();
    assert.equal(await main(['build', '--check', '--root', p.root], io), 1);
    assert.deepEqual(io.err, ['missing: environments/local.postman_environment.json', '1 generated file(s) out of date; run: npm run build']);
    assertSameTree(before, tree(p.root));
  });

  it('build (no --check) removes the collection of a removed spec; --check then passes', async () => {
    fs.rmSync(path.join(p.root, 'specs', 'example.yaml'));
    const io = captureIO();
    assert.equal(await main(['build', '--root', p.root], io), 0);
    assert.ok(io.out.includes('wrote collections/example.postman_collection.json (removed)'), io.out.join('\n'));
    assert.equal(fs.existsSync(path.join(p.root, 'collections', 'example.postman_collection.json')), false);
    const check = captureIO();
    assert.equal(await main(['build', '--check', '--root', p.root], check), 0);
  });

  it('an invalid spec: exit 1, diagnostics on stderr, nothing written', async () => {
    const spec = path.join(p.root, 'specs', 'adobe-auth.yaml');
    fs.writeFileSync(spec, fs.readFileSync(spec, 'utf8').replace('      method: POST\n      url: "{{IMS_URL}}/ims/token/v3"', '      method: PSOT\n      url: "{{IMS_URL}}/ims/token/v3"'));
    const before = tree(p.root);
    for (const args of [['build'], ['build', '--check']]) {
      const io = captureIO();
      assert.equal(await main([...args, '--root', p.root], io), 1);
      assert.match(io.err[0], /^specs\/adobe-auth\.yaml:\d+:15 error bad-enum string "PSOT" is not allowed at \/steps\/0\/request\/method;/);
      assert.equal(io.err.at(-1), 'build failed: 1 error(s); nothing was written');
      assert.deepEqual(io.out, []);
    }
    assertSameTree(before, tree(p.root));
  });
});

describe('postforge --help', () => {
  it('lists every command with a summary, and loads none of them', () => {
    // A new process, so that nothing another test loaded counts.
    const probe = [
      "const { main } = require('./generator/cli');",
      "const out = []; const io = { stdout: (s) => out.push(s), stderr: (s) => out.push(s), cwd: process.cwd(), env: {} };",
      'main([\'--help\'], io).then((code) => {',
      "  const loaded = Object.keys(require.cache).map((f) => f.split(require('path').sep).join('/')).filter((f) => /generator\\/cli\\/|node_modules\\/(jose|yaml|newman)\\//.test(f));",
      '  process.stdout.write(JSON.stringify({ code, out: out.join("\\n"), loaded }));',
      '});',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', probe], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { code, out, loaded } = JSON.parse(r.stdout) as { code: number; out: string; loaded: string[] };
    assert.equal(code, 0);
    assert.deepEqual(loaded.filter((f) => !f.endsWith('generator/cli/types.ts')), []);
    for (const name of ['build', 'run', 'plan', 'simulate', 'keygen', 'sign-jwt', 'allowlist', 'doctor', 'status', 'destroy']) {
      assert.match(out, new RegExp(`^  ${name} +\\S.{20,}$`, 'm'), name);
    }
  });
});

describe('postforge build: usage', () => {
  it('--help: exit 0, usage on stdout', async () => {
    const io = captureIO();
    assert.equal(await main(['build', '--help'], io), 0);
    assert.match(io.out.join('\n'), /^Usage: postforge build \[--check\] \[--root DIR\]/);
    assert.deepEqual(io.err, []);
  });

  it('an unknown option: exit 2, one line, no stack', async () => {
    const io = captureIO();
    assert.equal(await main(['build', '--chek'], io), 2);
    assert.equal(io.err.length, 1);
    assert.equal(io.err[0].split('\n').length, 1);
    assert.match(io.err[0], /^postforge build: .*'--chek'/);
    assert.doesNotMatch(io.err[0], /\bat .*\.ts:\d+/);
  });

  it('a fixture project with errors: exit 1 and exactly the golden diagnostics', async () => {
    const root = path.join(REPO_ROOT, 'test', 'fixtures', 'invalid', 'several-files');
    const io = captureIO();
    assert.equal(await main(['build', '--root', root], io), 1);
    const expected = fs.readFileSync(path.join(root, 'expected.txt'), 'utf8').trimEnd();
    assert.equal(io.err.slice(0, -1).join('\n'), expected);
    assert.match(io.err.at(-1)!, /^build failed: 3 error\(s\); nothing was written$/);
  });

  it('the real binary: --check on this repository exits 0; an unknown option exits 2 without a stack', () => {
    const bin = path.join(REPO_ROOT, 'bin', 'postforge.js');
    const ok = spawnSync(process.execPath, [bin, 'build', '--check'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^up to date: \d+ file\(s\)\n$/);
    const bad = spawnSync(process.execPath, [bin, 'build', '--nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trimEnd().split('\n').length, 1, bad.stderr);
    assert.equal(bad.stdout, '');
  });
});
