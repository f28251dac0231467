// A throw-away copy of this project's specs/ (all a build reads from its root; schemas and the sandbox
// runtime come from the package), so tests can build, edit and check without touching the working tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from '../../../generator/cli/types';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');

export function tempProject(prefix = 'postforge-build-'): { root: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.join(REPO_ROOT, 'specs'), path.join(root, 'specs'), { recursive: true });
  return { root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Every file under `dir`, relative, sorted, with its bytes. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs).split(path.sep).join('/'), fs.readFileSync(abs));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

export function captureIO(cwd = REPO_ROOT): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd, env: {}, isTTY: false };
}
