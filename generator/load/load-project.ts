// Load stage: read the project file, every spec and every data table they name, keeping source positions.
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml, type ParsedFile } from './parse-yaml';
import { readCached, writeCached } from './parse-cache';
import type { Diagnostic } from '../diagnostics';

export const PROJECT_FILE = 'postforge.yaml';

export interface LoadedData {
  /** Data table name → value (a folder becomes a map of file basename → value). */
  values: Record<string, unknown>;
  /** Data table name → the file(s) behind it, for diagnostics. */
  files: Record<string, string>;
}

export interface LoadedSpec {
  /** Collection name = spec file basename without extension. */
  name: string;
  parsed: ParsedFile;
  data: LoadedData;
}

export interface LoadedProject {
  root: string;
  specsDir: string;
  project: ParsedFile;
  specs: LoadedSpec[];
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  /** Project root (the folder holding specs/). */
  root: string;
  /** Read a file; injectable for tests. */
  readFile?: (file: string) => string;
  /** Folder of the parse cache (see parse-cache.ts); none when absent. */
  cache?: string;
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

export function loadProject(opts: LoadOptions): LoadedProject {
  const read = opts.readFile ?? ((f: string) => fs.readFileSync(f, 'utf8'));
  const specsDir = path.join(opts.root, 'specs');
  const diagnostics: Diagnostic[] = [];
  const load = (file: string): ParsedFile => {
    const text = read(file);
    const name = rel(opts.root, file);
    let parsed = readCached(opts.cache, name, text);
    if (!parsed) {
      parsed = parseYaml(name, text);
      writeCached(opts.cache, parsed, text);
    }
    diagnostics.push(...parsed.diagnostics);
    return parsed;
  };
  const projectPath = path.join(specsDir, PROJECT_FILE);
  if (!fs.existsSync(projectPath)) {
    diagnostics.push({ code: 'project-missing', severity: 'error', message: `no ${PROJECT_FILE} in ${rel(opts.root, specsDir) || '.'}`, file: rel(opts.root, projectPath), line: 1, col: 1, pointer: '' });
    return { root: opts.root, specsDir, project: { file: rel(opts.root, projectPath), data: undefined, positions: new Map(), diagnostics: [] }, specs: [], diagnostics };
  }
  const project = load(projectPath);
  const specFiles = fs.readdirSync(specsDir).filter((f) => /\.ya?ml$/.test(f) && f !== PROJECT_FILE).sort();
  const specs = specFiles.map((f) => {
    const parsed = load(path.join(specsDir, f));
    return { name: f.replace(/\.ya?ml$/, ''), parsed, data: loadData(parsed, specsDir, opts.root, load, diagnostics) };
  });
  return { root: opts.root, specsDir, project, specs, diagnostics };
}

function loadData(spec: ParsedFile, specsDir: string, root: string, load: (f: string) => ParsedFile, diagnostics: Diagnostic[]): LoadedData {
  const out: LoadedData = { values: {}, files: {} };
  const decl = (spec.data as { data?: unknown } | undefined)?.data;
  if (!decl || typeof decl !== 'object' || Array.isArray(decl)) return out;
  for (const [name, relPath] of Object.entries(decl as Record<string, unknown>)) {
    if (typeof relPath !== 'string') continue; // the schema check reports it
    const target = path.resolve(specsDir, relPath);
    const pointer = `/data/${name}`;
    const pos = spec.positions.get(pointer) ?? { line: 1, col: 1 };
    if (!fs.existsSync(target)) {
      diagnostics.push({ code: 'data-missing', severity: 'error', message: `data table '${name}': ${relPath} does not exist`, file: spec.file, ...pos, pointer, hint: 'paths are relative to the specs/ folder' });
      continue;
    }
    out.files[name] = rel(root, target);
    if (fs.statSync(target).isDirectory()) {
      const map: Record<string, unknown> = {};
      for (const f of fs.readdirSync(target).filter((x) => /\.ya?ml$/.test(x)).sort()) {
        map[f.replace(/\.ya?ml$/, '')] = load(path.join(target, f)).data;
      }
      out.values[name] = map;
    } else {
      out.values[name] = load(target).data;
    }
  }
  return out;
}
