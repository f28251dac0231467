// parseYaml: positions by JSON pointer, readable syntax errors, and no output from library code.
import assert from 'node:assert/strict';
import { parseYaml, positionOf } from '../../generator/load/parse-yaml';

describe('parseYaml', () => {
  it('indexes value and key positions by JSON pointer (1-based line:col)', () => {
    const p = parseYaml('f.yaml', 'name: A\nsteps:\n  - id: x\n    request: { method: GET, url: "/a~b/c" }\n');
    assert.deepEqual(p.diagnostics, []);
    const cases: Array<[string, boolean, { line: number; col: number }]> = [
      ['/name', false, { line: 1, col: 7 }],
      ['/steps/0', false, { line: 3, col: 5 }],
      ['/steps/0/id', true, { line: 3, col: 5 }],
      ['/steps/0/id', false, { line: 3, col: 9 }],
      ['/steps/0/request/url', false, { line: 4, col: 34 }],
      ['/steps/0/request/nothing/deeper', false, { line: 4, col: 14 }], // nearest ancestor
    ];
    for (const [pointer, key, want] of cases) assert.deepEqual(positionOf(p, pointer, key), want, `${pointer}${key ? '#key' : ''}`);
  });

  it('escapes "/" and "~" in keys as JSON pointers do', () => {
    const p = parseYaml('f.yaml', 'json:\n  a/b: 1\n  c~d: 2\n');
    assert.deepEqual(positionOf(p, '/json/a~1b'), { line: 2, col: 8 });
    assert.deepEqual(positionOf(p, '/json/c~0d'), { line: 3, col: 8 });
  });

  it('an unquoted {{VAR}} is one clear error, and yaml prints no process warning', () => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const p = parseYaml('f.yaml', 'a:\n  url: {{BASE_URL}}\n  b: 1\n');
      assert.deepEqual(p.diagnostics.map((d) => [d.code, d.line, d.col]), [['yaml-unquoted-variable', 2, 8]]);
      assert.equal(p.data, undefined, 'no data from a file with errors');
    } finally {
      process.off('warning', onWarning);
    }
    return new Promise<void>((resolve) => setImmediate(() => { assert.deepEqual(warnings, []); resolve(); }));
  });

  it('a cascade of follow-on errors is cut to its first error', () => {
    const text = `a: 1\nb: [1, 2\n${Array.from({ length: 20 }, (_, i) => `k${i}: {x: }}`).join('\n')}\n`;
    const p = parseYaml('f.yaml', text);
    assert.deepEqual(p.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`), ['3:1 yaml-syntax Flow sequence in block collection must be sufficiently indented and end with a ]']);
  });

  it('at most three syntax errors per file, the last one saying how many more there are', () => {
    const p = parseYaml('f.yaml', 'a: 1\na: 2\nb: 1\nb: 2\nc: 1\nc: 2\nd: 1\nd: 2\ne: 1\ne: 2\n');
    assert.deepEqual(p.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`), [
      "2:1 Map keys must be unique: 'a' appears twice",
      "4:1 Map keys must be unique: 'b' appears twice",
      "6:1 Map keys must be unique: 'c' appears twice",
    ]);
    assert.equal(p.diagnostics[2].hint, '2 more syntax error(s) not shown; fix these first');
  });
});
