// The library API: load → validate → compile → emit, and run. The CLI is a thin adapter over these.
import fs from 'node:fs';
import path from 'node:path';
import { loadProject, type LoadedProject } from './load/load-project';
import { PACKAGE_ROOT } from './package-root';
import type { CompiledProject } from './compile/compile-project';
import { checkOutputs, emitOutputs, type EmitResult, type OutputFile } from './emit/write-outputs';
import { stableJson } from './emit/stable-json';
import { sortDiagnostics, type Diagnostic } from './diagnostics';
import { buildCacheDir, buildKey, readEntry, sha256, writeEntry } from './build-cache';

export type { Diagnostic } from './diagnostics';
export type { CompiledProject } from './compile/compile-project';
export { formatDiagnostic, DiagnosticsError } from './diagnostics';
export { cacheDir } from './load/parse-cache';

/** The project root: the folder holding specs/ (this repository by default). */
export const DEFAULT_ROOT = PACKAGE_ROOT;

export interface CompileResult {
  compiled?: CompiledProject;
  diagnostics: Diagnostic[];
}

/** `cache`: the folder of the YAML parse cache (cacheDir() in load/parse-cache); none when absent. */
export function compile(root = DEFAULT_ROOT, opts: { cache?: string } = {}): CompileResult {
  return compileLoaded(loadProject({ root, cache: opts.cache }));
}

function compileLoaded(loaded: LoadedProject): CompileResult {
  // Loaded only when there is something to compile (not for a build the build cache answers).
  const { compileProject } = require('./compile/compile-project') as typeof import('./compile/compile-project');
  const { compiled, diagnostics } = compileProject(loaded);
  return { compiled, diagnostics: sortDiagnostics(diagnostics) };
}

export function outputFiles(compiled: CompiledProject): OutputFile[] {
  return [
    ...compiled.collections.map((c) => ({ path: `collections/${c.name}.postman_collection.json`, content: stableJson(c.json) })),
    ...compiled.environments.map((e) => ({ path: `environments/${e.name}.postman_environment.json`, content: stableJson(e.json) })),
  ];
}

export interface BuildResult extends CompileResult {
  emit?: EmitResult;
}

/**
 * Compile every spec and write (or, with check, compare) the generated files. Nothing is written on errors.
 * With a cache folder, a project whose every input is as in an earlier build is not compiled again: the
 * generated files are compared with the hashes that build recorded (see build-cache.ts), and where one
 * differs a write-mode build compiles and writes as usual.
 */
export function build(opts: { root?: string; check?: boolean; cache?: string } = {}): BuildResult {
  const root = opts.root ?? DEFAULT_ROOT;
  const dir = opts.cache ? buildCacheDir(opts.cache) : undefined;
  // With a cache: every file the loader reads, for the key.
  const reads: Array<[string, string]> = [];
  const readFile = dir ? (f: string) => {
    const text = fs.readFileSync(f, 'utf8');
    reads.push([path.relative(root, f).split(path.sep).join('/'), text]);
    return text;
  } : undefined;
  const loaded = loadProject({ root, cache: opts.cache, readFile });
  const key = dir ? buildKey(reads, JSON.stringify({ diagnostics: loaded.diagnostics, data: loaded.specs.map((s) => [s.name, s.data.files]) })) : '';
  const known = dir ? readEntry(dir, key) : undefined;
  if (known) {
    const emit = checkOutputs(root, known.outputs);
    const fresh = !emit.stale.length && !emit.missing.length && !emit.extra.length;
    if (opts.check || fresh) return { diagnostics: known.diagnostics, emit };
  }
  const result = compileLoaded(loaded);
  if (!result.compiled || result.diagnostics.some((d) => d.severity === 'error')) return result;
  const files = outputFiles(result.compiled);
  if (dir) writeEntry(dir, key, { outputs: Object.fromEntries(files.map((f) => [f.path, sha256(f.content)])), diagnostics: result.diagnostics });
  return { ...result, emit: emitOutputs(root, files, opts.check ? 'check' : 'write') };
}
