// Emit stage: write generated files atomically (temp file + rename), or — in check mode — write nothing and
// report which files are stale, missing or extra.
import fs from 'node:fs';
import path from 'node:path';

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
  for (const { dir, suffix } of OUTPUT_DIRS) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const name of fs.readdirSync(abs).filter((n) => n.endsWith(suffix)).sort()) {
      const rel = `${dir}/${name}`;
      if (wanted.has(rel)) continue;
      if (mode === 'check') result.extra.push(rel);
      else { fs.unlinkSync(path.join(abs, name)); result.written.push(`${rel} (removed)`); }
    }
  }
  return result;
}
