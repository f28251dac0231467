// HTTP calls of the B2B setup (auth + namespaces + schemas) on a fresh and on an already set-up sandbox,
// measured against the embedded simulator. Adobe's utility (about 128 calls) is a recorded reference.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPipeline } from '../generator/run/run-pipeline';
import { startSimulator } from '../simulator';

import { UTILITY_FRESH_CALLS } from './recorded';

export async function benchCalls(): Promise<{ fresh_calls: number; repeat_calls: number; repeat_writes: number; utility_calls_recorded: number }> {
  const sim = await startSimulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-bench-'));
  try {
    const adobe = async () => {
      const r = await runPipeline({ env: 'local', simulator: sim, only: 'b2b-namespaces,b2b-schemas', reportsDir: dir, processEnv: {}, dotenvPath: path.join(dir, 'none') });
      if (r.exitCode !== 0) throw new Error(`bench run of the B2B setup failed: ${r.failures.map((f) => f.message).join('; ')}`);
      return { calls: r.requests.length, writes: r.requests.filter((q) => q.method !== 'GET' && !/\/ims\//.test(q.url)).length };
    };
    const fresh = await adobe();
    const repeat = await adobe();
    return { fresh_calls: fresh.calls, repeat_calls: repeat.calls, repeat_writes: repeat.writes, utility_calls_recorded: UTILITY_FRESH_CALLS };
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
