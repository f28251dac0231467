// Whole-process figures, each in fresh node processes as a user starts them: the cold `build --check` (with
// the parse and build caches an earlier build left, and without any), `postforge --help`, and `npm run newman` (the
// whole pipeline against the simulator) with its peak RSS.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', ...(path.basename(path.join(__dirname, '..')) === 'dist' ? ['..'] : []));
const BIN = path.join(ROOT, 'bin', 'postforge.js');
const PROBE = path.join(ROOT, 'bench', 'rss-probe.js');

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function timed(args: string[], env: Record<string, string> = {}): { ms: number; rssKb: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PROBE, BIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`postforge ${args.join(' ')} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  const rss = /postforge-bench peak-rss-kb (\d+)/.exec(r.stderr);
  return { ms, rssKb: rss ? Number(rss[1]) : NaN };
}

/** `npm run newman` itself (npm included, as the README's first command line and the recorded baseline). */
function npmRunNewman(reportsDir: string): { ms: number; rssKb: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('npm', ['run', '--silent', 'newman', '--', '--reports-dir', reportsDir], {
    encoding: 'utf8', cwd: ROOT, env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r ${PROBE}`.trim() }, maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`npm run newman exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  // Every node process of the run reports (npm's own too); the pipeline's is the largest.
  const all = [...r.stderr.matchAll(/postforge-bench peak-rss-kb (\d+)/g)].map((m) => Number(m[1]));
  return { ms, rssKb: all.length ? Math.max(...all) : NaN };
}

export interface ProcessFigures {
  /** A new process, parse and build caches warm (any build before it on this checkout leaves them so). */
  cold_build_ms: number;
  /** A new process with no parse cache (POSTFORGE_NO_CACHE=1): a fresh clone's first build. */
  cold_build_uncached_ms: number;
  help_ms: number;
  newman_ms: number;
  newman_peak_rss_mib: number;
}

/** Medians: `build --check` and `--help` over `runs` processes, the whole run over `newmanRuns`. */
export function benchProcesses(opts: { runs?: number; newmanRuns?: number } = {}): ProcessFigures {
  const runs = opts.runs ?? 5;
  const uncached = Array.from({ length: runs }, () => timed(['build', '--check'], { POSTFORGE_NO_CACHE: '1' }).ms);
  timed(['build', '--check']); // fills the cache if nothing did yet
  const build = Array.from({ length: runs }, () => timed(['build', '--check']).ms);
  const help = Array.from({ length: runs }, () => timed(['--help']).ms);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-bench-'));
  try {
    const whole = Array.from({ length: opts.newmanRuns ?? 3 }, () => npmRunNewman(dir));
    return {
      cold_build_ms: Math.round(median(build)),
      cold_build_uncached_ms: Math.round(median(uncached)),
      help_ms: Math.round(median(help)),
      newman_ms: Math.round(median(whole.map((w) => w.ms))),
      newman_peak_rss_mib: Math.round(Math.max(...whole.map((w) => w.rssKb)) / 1024),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
