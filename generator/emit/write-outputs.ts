// Emit stage: write generated files atomically (temp file + rename), or — in check mode — write nothing and
// report which files are stale, missing or extra.
import fs from 'node:fs';
import path from 'node:path';
import { sha256 } from '../build-cache';

export interface OutputFile {
  /** Path relative to the project root, e.g. collections/b2b-schemas.postman_collection.json */
  path: string;
  content: string;
}

export interface EmitResult {
  written: string[];
  unchanged: string[];
  stale: string[];
  missing: string[];
  extra: string[];
}

/** Folders the build owns, with the suffix of the files it owns there. */
export const OUTPUT_DIRS: Array<{ dir: string; suffix: string }> = [
  { dir: 'collections', suffix: '.postman_collection.json' },
  { dir: 'environments', suffix: '.postman_environment.json' },
];

export function emitOutputs(root: string, files: OutputFile[], mode: 'write' | 'check'): EmitResult {
  const result: EmitResult = { written: [], unchanged: [], stale: [], missing: [], extra: [] };
  const wanted = new Set(files.map((f) => f.path));
  for (const f of files) {
    const target = path.join(root, f.path);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === f.content) { result.unchanged.push(f.path); continue; }
    if (mode === 'check') { (current === undefined ? result.missing : result.stale).push(f.path); continue; }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, f.content);
    fs.renameSync(tmp, target);
    result.written.push(f.path);
  }
  for (const rel of unwanted(root, wanted)) {
    if (mode === 'check') result.extra.push(rel);
    else { fs.unlinkSync(path.join(root, rel)); result.written.push(`${rel} (removed)`); }
  }
  return result;
}

/** Files in the build's folders that it does not generate. */
function unwanted(root: string, wanted: Set<string>): string[] {
  const out: string[] = [];
  for (const { dir, suffix } of OUTPUT_DIRS) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const name of fs.readdirSync(abs).filter((n) => n.endsWith(suffix)).sort()) if (!wanted.has(`${dir}/${name}`)) out.push(`${dir}/${name}`);
  }
  return out;
}

/** Check mode against known content hashes (file → sha256) instead of the content itself. */
export function checkOutputs(root: string, hashes: Record<string, string>): EmitResult {
  const result: EmitResult = { written: [], unchanged: [], stale: [], missing: [], extra: [] };
  for (const [rel, want] of Object.entries(hashes)) {
    let current: Buffer;
    try { current = fs.readFileSync(path.join(root, rel)); } catch { result.missing.push(rel); continue; }
    (sha256(current) === want ? result.unchanged : result.stale).push(rel);
  }
  result.extra.push(...unwanted(root, new Set(Object.keys(hashes))));
  return result;
}
