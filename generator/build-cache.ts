// What a build made from exactly these inputs: the hash of each generated file and the diagnostics, keyed by
// every file the build reads (each spec and data file's text, the generator's own code, the runtime, the
// validators and the dependency lock). `build --check` on an unchanged project then compares the generated
// files with those hashes instead of compiling again; any other input is a new key. Kept beside the parse
// cache (node_modules/.cache/postforge/build). An unreadable or foreign entry means building as usual; a
// failed write is ignored.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root';
import type { Diagnostic } from './diagnostics';
import { readCacheFile, writeCacheFile } from './cache-file';

const FORMAT = 'build/1';
const MAX_ENTRIES = 50;

export interface BuildEntry {
  format: string;
  /** Generated file (project-relative) → sha256 of its content. */
  outputs: Record<string, string>;
  diagnostics: Diagnostic[];
}

export const sha256 = (text: string | Buffer): string => crypto.createHash('sha256').update(text).digest('hex');

function filesUnder(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  let names: fs.Dirent[];
  try { names = fs.readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const d of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) filesUnder(p, keep, out);
    else if (keep(d.name)) out.push(p);
  }
  return out;
}

let codeHash: string | undefined;
/**
 * The code a build runs, as text: this generator (compiled or source, whichever runs), the sandbox runtime
 * it embeds, the spec validators and JSON schemas, and package-lock.json (the versions of yaml, ajv and the
 * rest). Read once per process.
 */
export function codeFingerprint(): string {
  if (codeHash !== undefined) return codeHash;
  const h = crypto.createHash('sha256');
  const code = (n: string) => /\.(js|ts|json)$/.test(n);
  const files = [
    ...filesUnder(__dirname, code),
    ...filesUnder(path.join(__dirname, '..', 'validators'), code),
    ...filesUnder(path.join(PACKAGE_ROOT, 'generator', 'sandbox'), (n) => n.endsWith('.js')),
    ...filesUnder(path.join(PACKAGE_ROOT, 'specs'), (n) => n.endsWith('.schema.json')),
    path.join(PACKAGE_ROOT, 'package-lock.json'),
  ];
  for (const f of [...new Set(files)]) {
    h.update(`${path.relative(PACKAGE_ROOT, f)}\0`);
    try { h.update(fs.readFileSync(f)); } catch { h.update('(unreadable)'); }
    h.update('\0');
  }
  codeHash = h.digest('hex');
  return codeHash;
}

/**
 * The key of a build whose loader read `reads` (project-relative name, text), in reading order, and found
 * `observed` besides: what it learnt without reading a file (which declared data paths exist, and what
 * it reported about them), so that a data folder that is gone is not an empty one.
 */
export function buildKey(reads: Array<[string, string]>, observed = ''): string {
  const h = crypto.createHash('sha256').update(`${FORMAT}\0${codeFingerprint()}\0${observed.length}\0${observed}\0`);
  for (const [name, text] of reads) h.update(`${name}\0${text.length}\0${text}\0`);
  return h.digest('hex');
}

/** The build cache's folder, beside the parse cache's (`parseDir`). */
export function buildCacheDir(parseDir: string): string {
  return path.join(path.dirname(parseDir), 'build');
}

export function readEntry(dir: string, key: string): BuildEntry | undefined {
  return readCacheFile<BuildEntry>(dir, `${key}.json`, (e) => e.format === FORMAT && Boolean(e.outputs) && typeof e.outputs === 'object' && Array.isArray(e.diagnostics));
}

export function writeEntry(dir: string, key: string, entry: Omit<BuildEntry, 'format'>): void {
  writeCacheFile(dir, `${key}.json`, JSON.stringify({ format: FORMAT, ...entry }), MAX_ENTRIES);
}
