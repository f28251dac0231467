// Writes a set of files all-or-nothing: each goes to a temporary file in the target directory first, then all are
// moved into place. A key without its certificate (or the reverse) is worse than neither, so a failure part-way
// removes what was placed and restores what was replaced.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileToWrite {
  path: string;
  data: string | Buffer;
  mode: number;
}

export class FileExistsError extends Error {
  constructor(readonly paths: string[]) {
    super(`${paths.join(' and ')} already exist${paths.length === 1 ? 's' : ''}; use --force to overwrite`);
    this.name = 'FileExistsError';
  }
}

function tempName(target: string, purpose: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${crypto.randomBytes(6).toString('hex')}`);
}

function removeQuietly(file: string): void {
  try { fs.unlinkSync(file); } catch { /* already gone */ }
}

function writeTemp(file: FileToWrite): string {
  const temp = tempName(file.path, 'tmp');
  const fd = fs.openSync(temp, 'wx', file.mode);
  try {
    fs.writeSync(fd, typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data);
    fs.fchmodSync(fd, file.mode); // the umask may have narrowed the mode, never widen it beyond what we asked
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return temp;
}

interface Placed { target: string; backup?: string }

export function writeFilesAtomically(files: FileToWrite[], options: { overwrite: boolean }): void {
  if (!options.overwrite) {
    const existing = files.map((f) => f.path).filter((p) => fs.existsSync(p));
    if (existing.length > 0) throw new FileExistsError(existing);
  }
  const temps: string[] = [];
  const placed: Placed[] = [];
  try {
    for (const file of files) temps.push(writeTemp(file));
    files.forEach((file, i) => {
      if (!options.overwrite) {
        fs.linkSync(temps[i], file.path); // fails with EEXIST instead of clobbering a file created meanwhile
        placed.push({ target: file.path });
        return;
      }
      let backup: string | undefined;
      if (fs.existsSync(file.path)) {
        backup = tempName(file.path, 'bak');
        fs.linkSync(file.path, backup);
      }
      placed.push({ target: file.path, backup });
      fs.renameSync(temps[i], file.path);
    });
  } catch (err) {
    for (const { target, backup } of placed.reverse()) {
      if (backup) fs.renameSync(backup, target); else removeQuietly(target);
    }
    temps.forEach(removeQuietly);
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && !options.overwrite) throw new FileExistsError(files.map((f) => f.path));
    throw err;
  }
  temps.forEach(removeQuietly);
  for (const { backup } of placed) if (backup) removeQuietly(backup);
}
