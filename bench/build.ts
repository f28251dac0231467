// Cold build time: what a user (or CI) waits for `postforge build --check` in a fresh node process, including
// ts-node start-up, loading the specs and data tables, validating, compiling and comparing every output.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(__dirname, '..', 'bin', 'postforge.js');
const RUNS = 5;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median wall time (ms) of `node bin/postforge.js build --check` over fresh processes. Throws if the check fails. */
export async function benchBuild(): Promise<{ cold_build_ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'build', '--check'], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`postforge build --check exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    samples.push(ms);
  }
  return { cold_build_ms: Math.round(median(samples)) };
}
