import { runPipeline } from '../generator/run/run-pipeline';
import { e2eOptions } from './e2e/harness';
import { startSimulator } from '../simulator';
(async () => {
  const sim = await startSimulator();
  for (const mode of ['run', 'run', 'plan']) {
    const t = Date.now(); const lines: string[] = [];
    const before = sim.state.requests.length;
    const r = await runPipeline(e2eOptions(sim, lines, { plan: mode === 'plan' }));
    const methods = sim.state.requests.slice(before).filter((x) => x.method !== 'GET').map((x) => `${x.method} ${x.path}`);
    console.log(mode, r.exitCode, r.requests.length, 'writes', r.writes, Date.now() - t, 'ms', 'changes', r.changes.filter(c=>c.action!=='create').length, methods);
    console.log(lines.filter((l) => /FAIL/.test(l)).slice(0, 10).join('\n'));
    console.log(r.changes.filter(c=>c.action!=='create').map((c) => JSON.stringify(c).slice(0, 400)).join('\n'));
  }
  await sim.stop();
})();
