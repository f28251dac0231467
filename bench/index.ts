// `npm run bench`: every benchmark measured side by side in one run, printed with its target; `--json` adds one
// JSON line at the end for machines. Recorded figures (not measured by this run) are labelled as such.
import { benchJwt } from './jwt';
import { benchCalls } from './calls';
import { benchOverhead } from './overhead';
import { benchProcesses } from './processes';
import { BEFORE_14 } from './recorded';
import { benchPlanCalls } from './plan-calls';

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const out: Record<string, unknown> = {};
  const say = (s: string) => process.stdout.write(`${s}\n`);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

  say(`machine: ${require('node:os').cpus().length} cores, load average ${require('node:os').loadavg().map((l: number) => l.toFixed(1)).join(' ')}; node ${process.version}`);
  const p = benchProcesses({ runs: quick ? 3 : 5, newmanRuns: quick ? 1 : 3 });
  out.processes = p;
  say(`cold build --check (new process, with the parse and build caches an earlier build left): ${p.cold_build_ms} ms (target ≤ 500 ms: ${verdict(p.cold_build_ms <= 500)}; recorded before #14: ${BEFORE_14.cold_build_ms} ms); with no cache (a fresh clone's first build): ${p.cold_build_uncached_ms} ms`);
  say(`postforge --help: ${p.help_ms} ms (target ≤ 300 ms: ${verdict(p.help_ms <= 300)}; recorded before #14: ${BEFORE_14.help_ms} ms)`);
  const r = p.newman_ms / BEFORE_14.newman_ms;
  say(`npm run newman (whole pipeline, simulator): ${(p.newman_ms / 1000).toFixed(2)} s = ${r.toFixed(2)}× the recorded ${(BEFORE_14.newman_ms / 1000).toFixed(2)} s before #14 (target ≤ 0.5×: ${verdict(r <= 0.5)})`);
  say(`peak RSS of the run: ${p.newman_peak_rss_mib} MiB (target ≤ 200 MiB: ${verdict(p.newman_peak_rss_mib <= 200)}; recorded before #14: ${BEFORE_14.newman_peak_rss_mib} MiB)`);

  const o = await benchOverhead({ rounds: quick ? 1 : 3, rerunRounds: quick ? 3 : 9 });
  out.overhead = o;
  for (const [label, row] of Object.entries(o)) {
    const target = label.endsWith('fresh') ? 1.4 : 2;
    say(`scripts ${label}: ${row.scripted_ms_per_request.toFixed(1)} ms/request scripted vs ${row.bare_ms_per_request.toFixed(1)} bare over ${row.requests} requests = ${row.ratio.toFixed(2)}× (target ≤ ${target}×: ${verdict(row.ratio <= target)}); the same requests with a one-line test script each: ${row.floor_ratio.toFixed(2)}× (the sandbox's own cost per script run)`);
  }

  const j = await benchJwt();
  out.jwt = j;
  for (const [bits, row] of Object.entries(j) as Array<[string, { ours_ms: number; jsrsasign_ms: number; native_ms: number }]>) {
    say(`jwt ${bits}: ours ${row.ours_ms.toFixed(2)} ms, jsrsasign ${row.jsrsasign_ms.toFixed(2)} ms (${(row.jsrsasign_ms / row.ours_ms).toFixed(1)}× slower), node:crypto ${row.native_ms.toFixed(2)} ms (ours is ${(row.ours_ms / row.native_ms).toFixed(1)}× native)`);
  }

  const c = await benchCalls();
  out.calls = c;
  say(`B2B setup HTTP calls (measured): fresh ${c.fresh_calls}, repeated ${c.repeat_calls} (${c.repeat_writes} writes). Recorded reference, not measured: Adobe's utility makes about ${c.utility_calls_recorded} on a fresh sandbox (${(c.utility_calls_recorded / c.fresh_calls).toFixed(2)}× ours)`);

  const pc = await benchPlanCalls();
  out.plan = pc;
  const met = (n: number) => (n <= pc.target_calls ? 'met' : 'MISSED');
  say(`completed setup, whole pipeline: plan ${pc.plan_calls} calls (${pc.plan_writes} writes), no-change rerun ${pc.rerun_calls} calls (${pc.rerun_writes} writes); target ≤ ${pc.target_calls} (rerun before drift detection ${pc.target_calls - pc.flows} + ${pc.flows} flows): plan ${met(pc.plan_calls)}, rerun ${met(pc.rerun_calls)}`);

  if (json) say(JSON.stringify(out));
  return 0;
}
