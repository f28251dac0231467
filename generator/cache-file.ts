// One file of a cache folder (the parse cache, the build cache): written whole or not at all (a temporary
// file renamed into place), the folder kept to a bounded number of entries (the least recently used half goes).
// A failed write is ignored and an unreadable entry is no entry: a cache only ever saves work.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function writeCacheFile(dir: string, name: string, text: string, maxEntries: number): void {
  const target = path.join(dir, name);
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
    if (names.length <= maxEntries) return;
    const aged = names.map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
    for (const { n } of aged.slice(0, aged.length >> 1)) fs.rmSync(path.join(dir, n), { force: true });
  } catch {
    try { fs.rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
  }
}

/**
 * The JSON of entry `name` when `valid` takes it (undefined for a missing, damaged or foreign entry). A hit
 * counts as a use: the entry is touched, so pruning keeps it.
 */
export function readCacheFile<T>(dir: string, name: string, valid: (value: T) => boolean): T | undefined {
  const at = path.join(dir, name);
  let value: T;
  try { value = JSON.parse(fs.readFileSync(at, 'utf8')) as T; } catch { return undefined; }
  if (!value || typeof value !== 'object' || !valid(value)) return undefined;
  try { const now = new Date(); fs.utimesSync(at, now, now); } catch { /* read-only cache: still a hit */ }
  return value;
}
