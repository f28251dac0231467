// A cache of parsed YAML files, keyed by their exact text: the yaml library's parse is most of what a build
// spends on an unchanged project (about 170 ms of a 600 ms `build --check`). Kept where npm tools keep theirs
// (node_modules/.cache/postforge/parse); an entry is the parse result of that very text by this yaml version
// and this parse-yaml code, so a hit gives what parsing would. Anything unusual — no such folder, an
// unreadable or foreign entry, a value JSON cannot carry — means parsing as usual; a failed write is ignored.
// POSTFORGE_NO_CACHE=1 turns it off.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root';
import type { Diagnostic } from '../diagnostics';
import type { ParsedFile, SourcePos } from './parse-yaml';
import { readCacheFile, writeCacheFile } from '../cache-file';

/** The entry's own shape. What an entry holds also depends on the yaml version and parse-yaml's code: both are in the key. */
const FORMAT = 'parse-yaml/1';
/** Entries beyond this many: the oldest half goes (a project has a few dozen files). */
const MAX_ENTRIES = 400;

interface Entry { format: string; file: string; data: unknown; positions: Array<[string, number, number]>; diagnostics: Diagnostic[] }

let yamlVersion: string | undefined;
function versionOfYaml(): string {
  if (yamlVersion === undefined) {
    try { yamlVersion = String(JSON.parse(fs.readFileSync(require.resolve('yaml/package.json'), 'utf8')).version); } catch { yamlVersion = '?'; }
  }
  return yamlVersion;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.POSTFORGE_NO_CACHE === '1') return undefined;
  const modules = path.join(PACKAGE_ROOT, 'node_modules');
  return fs.existsSync(modules) ? path.join(modules, '.cache', 'postforge', 'parse') : undefined;
}

let loaderHash: string | undefined;
/** parse-yaml's own code (its .ts source or compiled .js, whichever runs): a change to it is a new key. */
function versionOfLoader(): string {
  if (loaderHash === undefined) {
    try { loaderHash = crypto.createHash('sha256').update(fs.readFileSync(require.resolve('./parse-yaml'))).digest('hex'); } catch { loaderHash = '?'; }
  }
  return loaderHash;
}

function keyOf(file: string, text: string): string {
  return crypto.createHash('sha256').update(`${FORMAT}\0${versionOfYaml()}\0${versionOfLoader()}\0${file}\0${text}`).digest('hex');
}

/** Only what JSON carries unchanged: the cache must give back exactly what parsing gives. */
function jsonSafe(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(jsonSafe);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.entries(v as Record<string, unknown>).every(([k, x]) => k !== '__proto__' && jsonSafe(x));
  }
  return false;
}

export function readCached(dir: string | undefined, file: string, text: string): ParsedFile | undefined {
  if (!dir) return undefined;
  const e = readCacheFile<Entry>(dir, `${keyOf(file, text)}.json`, (x) => x.format === FORMAT && x.file === file && Array.isArray(x.positions) && Array.isArray(x.diagnostics));
  if (!e) return undefined;
  const positions = new Map<string, SourcePos>(e.positions.map(([p, line, col]) => [p, { line, col }]));
  return { file, data: e.data, positions, diagnostics: e.diagnostics };
}

export function writeCached(dir: string | undefined, parsed: ParsedFile, text: string): void {
  if (!dir || !jsonSafe(parsed.data ?? null)) return;
  const entry: Entry = { format: FORMAT, file: parsed.file, data: parsed.data, positions: [...parsed.positions].map(([p, pos]) => [p, pos.line, pos.col]), diagnostics: parsed.diagnostics };
  writeCacheFile(dir, `${keyOf(parsed.file, text)}.json`, JSON.stringify(entry), MAX_ENTRIES);
}
