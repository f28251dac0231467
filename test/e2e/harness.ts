// Shared by the end-to-end tests: runner options that keep everything hermetic (a fresh reports folder, no
// .env, no process environment) and collect what a person would see as plain lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunOptions } from '../../generator/run/run-pipeline';
import type { RunningSimulator } from '../../simulator';

export function tmpDir(prefix = 'postforge-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Options for runPipeline against `sim` (or a simulator of its own when undefined); lines collect output. */
export function e2eOptions(sim: RunningSimulator | undefined, lines: string[], extra: Partial<RunOptions> = {}): RunOptions {
  const dir = tmpDir();
  return {
    env: 'local', simulator: sim, reportsDir: dir, processEnv: {}, dotenvPath: path.join(dir, 'no.env'),
    listener: {
      request: (e) => lines.push(`${e.status} ${e.step} ${e.url}`),
      failure: (e) => lines.push(`FAIL ${e.step}: ${e.message}`),
      console: (e) => lines.push(e.text),
    },
    ...extra,
  };
}
