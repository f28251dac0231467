// Golden diagnostics: every folder in test/fixtures/invalid/ is a small project that must fail to compile with
// exactly the lines in its expected.txt (as `postforge build` prints them). UPDATE_GOLDEN=1 rewrites them; review
// each rewrite by eye (message wording and line:col against the YAML).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compile, formatDiagnostic } from '../../generator';

const DIR = path.join(__dirname, '..', 'fixtures', 'invalid');
const cases = fs.readdirSync(DIR).filter((n) => fs.statSync(path.join(DIR, n)).isDirectory()).sort();

describe('invalid spec fixtures (golden diagnostics)', () => {
  it('has at least 15 cases', () => {
    assert.ok(cases.length >= 15, `only ${cases.length} cases`);
  });

  for (const name of cases) {
    it(name, () => {
      const root = path.join(DIR, name);
      const { compiled, diagnostics } = compile(root);
      const actual = `${diagnostics.map(formatDiagnostic).join('\n')}\n`;
      const goldenFile = path.join(root, 'expected.txt');
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(goldenFile, actual);
      assert.equal(actual, fs.readFileSync(goldenFile, 'utf8'));
      assert.ok(diagnostics.some((d) => d.severity === 'error'), 'an invalid fixture must produce an error');
      assert.equal(compiled, undefined, 'nothing is compiled when there are errors');
    });
  }
});
