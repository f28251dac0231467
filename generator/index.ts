// The library API: load → validate → compile → emit, and run. The CLI is a thin adapter over these.
import path from 'node:path';
import { loadProject } from './load/load-project';
import { PACKAGE_ROOT } from './package-root';
import { compileProject, type CompiledProject } from './compile/compile-project';
import { emitOutputs, type EmitResult, type OutputFile } from './emit/write-outputs';
import { stableJson } from './emit/stable-json';
import { sortDiagnostics, type Diagnostic } from './diagnostics';

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
  const loaded = loadProject({ root, cache: opts.cache });
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

/** Compile every spec and write (or, with check, compare) the generated files. Nothing is written on errors. */
export function build(opts: { root?: string; check?: boolean; cache?: string } = {}): BuildResult {
  const root = opts.root ?? DEFAULT_ROOT;
  const result = compile(root, { cache: opts.cache });
  if (!result.compiled || result.diagnostics.some((d) => d.severity === 'error')) return result;
  return { ...result, emit: emitOutputs(root, outputFiles(result.compiled), opts.check ? 'check' : 'write') };
}
