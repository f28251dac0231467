// HTTP calls of `postforge plan` and of a no-change rerun of the whole pipeline on a completed setup, against
// the embedded simulator. Target (issue #12): no more than the rerun before drift detection (48 calls at
// f815244, where every resource was only looked up by name) plus one read per dataflow.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPipeline } from '../generator/run/run-pipeline';
import { startSimulator } from '../simulator';

export const RERUN_CALLS_BEFORE_DRIFT = 48;

export async function benchPlanCalls(): Promise<{ rerun_calls: number; rerun_writes: number; plan_calls: number; plan_writes: number; flows: number; target_calls: number }> {
  const sim = await startSimulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-bench-'));
  const opts = { env: 'local', simulator: sim, reportsDir: dir, processEnv: {}, dotenvPath: path.join(dir, 'none') };
  try {
    const setup = await runPipeline(opts);
    if (setup.exitCode !== 0) throw new Error(`bench setup failed: ${setup.failures.map((f) => f.message).join('; ')}`);
    const count = async (plan: boolean) => {
      const from = sim.state.requests.length;
      const r = await runPipeline({ ...opts, plan });
      if (r.exitCode !== 0) throw new Error(`bench ${plan ? 'plan' : 'rerun'} failed`);
      const sent = sim.state.requests.slice(from);
      return { calls: sent.length, writes: sent.filter((q) => q.method !== 'GET' && !/\/ims\/token|\/oauth2\/token/.test(q.path)).length };
    };
    const rerun = await count(false);
    const plan = await count(true);
    const flows = (sim.state.flowService as { flows: Map<string, unknown> }).flows.size;
    return { rerun_calls: rerun.calls, rerun_writes: rerun.writes, plan_calls: plan.calls, plan_writes: plan.writes, flows, target_calls: RERUN_CALLS_BEFORE_DRIFT + flows };
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
