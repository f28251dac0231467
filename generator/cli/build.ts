// `postforge build [--check]`: compile specs to collections/ and environments/, or prove they are fresh.
import type { Command } from './types';
import { parseCommandArgs } from './args';
type Library = typeof import('../index');
import { formatDiagnostic } from '../diagnostics';

export const buildCommand: Command = {
  name: 'build',
  help: [
    'Usage: postforge build [--check] [--root DIR]',
    '',
    'Compiles specs/*.yaml (with specs/postforge.yaml) into Postman v2.1 collections under collections/ and',
    'Postman environments under environments/. Output is byte-stable: ids derive from names, no timestamps.',
    '',
    'Options:',
    '  --check       write nothing; exit 1 naming every stale, missing or extra generated file',
    '  --root DIR    project root holding specs/ (default: this package)',
    '  --verbose     show stack traces of internal errors',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { check: { type: 'boolean' }, root: { type: 'string' }, verbose: { type: 'boolean' } });
    const { build, cacheDir } = require('../index') as Library;
    const result = build({ root: values.root, check: values.check, cache: cacheDir() });
    for (const d of result.diagnostics) io.stderr(formatDiagnostic(d));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors || !result.emit) {
      io.stderr(`build failed: ${errors} error(s); nothing was written`);
      return 1;
    }
    const e = result.emit;
    if (values.check) {
      const problems = [...e.stale.map((f) => `stale: ${f}`), ...e.missing.map((f) => `missing: ${f}`), ...e.extra.map((f) => `extra: ${f}`)];
      if (problems.length) {
        for (const p of problems) io.stderr(p);
        io.stderr(`${problems.length} generated file(s) out of date; run: npm run build`);
        return 1;
      }
      io.stdout(`up to date: ${e.unchanged.length} file(s)`);
      return 0;
    }
    for (const f of e.written) io.stdout(`wrote ${f}`);
    io.stdout(`${e.written.length} written, ${e.unchanged.length} unchanged`);
    return 0;
  },
};
