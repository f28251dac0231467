// Property test: random and mutated specs and project files never crash the loader or compiler; each ends in
// a compiled project or in diagnostics with a position.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseYaml } from '../../generator/load/parse-yaml';
import { compileProject } from '../../generator/compile/compile-project';
import type { LoadedProject } from '../../generator/load/load-project';

const ROOT = path.join(__dirname, '..', '..');
const PROJECT = fs.readFileSync(path.join(ROOT, 'specs', 'postforge.yaml'), 'utf8');
const SPECS = ['adobe-auth', 'example'].map((n) => fs.readFileSync(path.join(ROOT, 'specs', `${n}.yaml`), 'utf8'));
const EXAMPLE_DATA = fs.readFileSync(path.join(ROOT, 'specs', 'data', 'example-namespaces.yaml'), 'utf8');

function project(projectText: string, specText: string): LoadedProject {
  const projectFile = parseYaml('specs/postforge.yaml', projectText);
  const spec = parseYaml('specs/example.yaml', specText);
  const data = parseYaml('specs/data/example-namespaces.yaml', EXAMPLE_DATA);
  return {
    root: ROOT, specsDir: path.join(ROOT, 'specs'), project: projectFile,
    specs: [{ name: 'example', parsed: spec, data: { values: { namespaces: data.data }, files: { namespaces: 'specs/data/example-namespaces.yaml' } } }],
    diagnostics: [...projectFile.diagnostics, ...spec.diagnostics],
  };
}

function settles(projectText: string, specText: string): void {
  const { compiled, diagnostics } = compileProject(project(projectText, specText));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.ok(compiled || errors.length > 0, 'either compiled or explained');
  for (const d of diagnostics) {
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.col) && d.col >= 1, `position of ${d.code}`);
    assert.ok(d.message.length > 0 && d.code.length > 0);
  }
}

// A pipeline of just the example, so the fuzzed spec is the one the project runs.
const SMALL_PROJECT = PROJECT.replace(/pipeline:\n(?:  - .*\n|  # .*\n)+/, 'pipeline:\n  - example\n');

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.constantFrom(':', '- ', '{', '}', '[', '"', "'", '${{', '}}', '{{X}}', '\n  ', '\t', '#', '&a', '*a', '!!int', ' ? ')) }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
);

function mutate(text: string, ms: Array<fc.Arbitrary<unknown> extends never ? never : { kind: string; at?: number; len?: number; text?: string; a?: number; b?: number }>): string {
  let out = text;
  for (const m of ms) {
    if (m.kind === 'delete') { const at = m.at! % (out.length || 1); out = out.slice(0, at) + out.slice(at + m.len!); }
    else if (m.kind === 'insert') { const at = m.at! % (out.length + 1); out = out.slice(0, at) + m.text! + out.slice(at); }
    else { const lines = out.split('\n'); const a = m.a! % lines.length; const b = m.b! % lines.length; [lines[a], lines[b]] = [lines[b], lines[a]]; out = lines.join('\n'); }
  }
  return out;
}

describe('fuzz: loader and compiler never crash', function () {
  this.timeout(120000);

  it('the unmutated inputs compile', () => {
    for (const s of SPECS) {
      const { compiled, diagnostics } = compileProject(project(SMALL_PROJECT, s));
      assert.ok(compiled, diagnostics.map((d) => d.message).join('\n'));
    }
  });

  it('600 mutated specs', () => {
    fc.assert(fc.property(fc.constantFrom(...SPECS), fc.array(mutation, { minLength: 1, maxLength: 6 }), (spec, ms) => {
      settles(SMALL_PROJECT, mutate(spec, ms));
    }), { numRuns: 600, seed: 20261129 });
  });

  it('250 mutated project files', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => {
      settles(mutate(SMALL_PROJECT, ms), SPECS[1]);
    }), { numRuns: 250, seed: 7 });
  });

  it('250 random YAML documents as specs', () => {
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (value) => {
      let text: string;
      try { text = stringify(value) ?? ''; } catch { return; }
      settles(SMALL_PROJECT, text);
    }), { numRuns: 250, seed: 42 });
  });

  it('200 specs with random step fields', () => {
    const step = fc.dictionary(fc.constantFrom('id', 'name', 'request', 'forEach', 'when', 'ensure', 'index', 'capture', 'check', 'jwt', 'steps', 'if', 'retry'), fc.anything({ maxDepth: 3 }));
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 4 }), (steps) => {
      settles(SMALL_PROJECT, stringify({ name: 'fuzz', data: { namespaces: 'data/example-namespaces.yaml' }, steps }));
    }), { numRuns: 200, seed: 99 });
  });
});

describe('fuzz: variable checks never crash', () => {
  it('300 random environments: every problem names a declared variable', () => {
    const { compileProject: cp } = require('../../generator/compile/compile-project') as typeof import('../../generator/compile/compile-project');
    const { checkVariables } = require('../../generator/run/check-variables') as typeof import('../../generator/run/check-variables');
    const { loadProject } = require('../../generator/load/load-project') as typeof import('../../generator/load/load-project');
    const declared = cp(loadProject({ root: ROOT })).compiled!.variables;
    const names = Object.keys(declared);
    const value = fc.oneof(fc.string(), fc.constantFrom('', 'http://127.0.0.1:1', 'https://', 'not a url', `${'-'.repeat(5)}BEGIN PRIVATE KEY${'-'.repeat(5)}\nabc\n${'-'.repeat(5)}END PRIVATE KEY${'-'.repeat(5)}`, '{{IMS}}', '12', '1e3', 'jwt', 'basic', '\\n'));
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...names), value), (values) => {
      for (const p of checkVariables(declared, values)) {
        assert.ok(names.includes(p.name));
        assert.ok(p.message.length > 0 && p.description.length > 0);
      }
    }), { numRuns: 300, seed: 3 });
  });
});
