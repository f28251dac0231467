// `npm run bench`: every benchmark measured side by side in one run, printed as ratios; `--json` adds one JSON
// line at the end for machines.
import { benchJwt } from './jwt';
import { benchCalls } from './calls';
import { benchPlanCalls } from './plan-calls';

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const out: Record<string, unknown> = {};
  const say = (s: string) => process.stdout.write(`${s}\n`);

  try {
    const { benchBuild } = require('./build') as { benchBuild(): Promise<{ cold_build_ms: number }> };
    const b = await benchBuild();
    out.build = b;
    say(`build (cold, all specs, --check): ${b.cold_build_ms.toFixed(0)} ms (target ≤ 1500 ms: ${b.cold_build_ms <= 1500 ? 'met' : 'MISSED'})`);
  } catch (e) {
    say(`build benchmark unavailable: ${(e as Error).message}`);
  }

  const j = await benchJwt();
  out.jwt = j;
  for (const [bits, row] of Object.entries(j) as Array<[string, { ours_ms: number; jsrsasign_ms: number; native_ms: number }]>) {
    say(`jwt ${bits}: ours ${row.ours_ms.toFixed(2)} ms, jsrsasign ${row.jsrsasign_ms.toFixed(2)} ms (${(row.jsrsasign_ms / row.ours_ms).toFixed(1)}× slower), node:crypto ${row.native_ms.toFixed(2)} ms (ours is ${(row.ours_ms / row.native_ms).toFixed(1)}× native)`);
  }

  const c = await benchCalls();
  out.calls = c;
  say(`B2B setup HTTP calls: fresh ${c.fresh_calls}, repeated ${c.repeat_calls} (${c.repeat_writes} writes); Adobe's utility ≈ ${c.utility_calls} (ours is ${(c.utility_calls / c.fresh_calls).toFixed(2)}× fewer)`);

  const p = await benchPlanCalls();
  out.plan = p;
  const met = (n: number) => (n <= p.target_calls ? 'met' : 'MISSED');
  say(`completed setup, whole pipeline: plan ${p.plan_calls} calls (${p.plan_writes} writes), no-change rerun ${p.rerun_calls} calls (${p.rerun_writes} writes); target ≤ ${p.target_calls} (rerun before drift detection ${p.target_calls - p.flows} + ${p.flows} flows): plan ${met(p.plan_calls)}, rerun ${met(p.rerun_calls)}`);

  if (json) say(JSON.stringify(out));
  return 0;
}
