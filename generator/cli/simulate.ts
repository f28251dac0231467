// `postforge simulate` (npm run simulate): the embedded simulator on its own, for the Postman app.
import type { Command } from './types';
import { parseCommandArgs } from './args';
import { UsageError } from './types';
type LocalTargetModule = typeof import('../run/local-target');

export const simulateCommand: Command = {
  name: 'simulate',
  help: [
    'Usage: postforge simulate [--port N] [--run-delay MS] [--fail-run TABLE=CODE:MESSAGE]...',
    '',
    'Starts the simulator of Adobe IMS, Experience Platform (Identity, Schema Registry, Flow Service, Catalog,',
    'Data Prep) and Salesforce on 127.0.0.1 and prints the values to paste into the "postforge local"',
    'environment in the Postman app (throwaway keys included). Stop it with Ctrl-C.',
    '',
    'Options:',
    '  --port N                       port to listen on (default 4010; 0 picks a free one)',
    '  --run-delay MS                 how long each dataflow run takes (default 2000)',
    '  --fail-run TABLE=CODE:MESSAGE  runs of that Salesforce table fail with this error (repeatable), e.g.',
    '                                 --fail-run "Lead=MAPPER-3700-400:Mapper Transform Error"',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string', default: '4010' }, 'run-delay': { type: 'string' }, 'fail-run': { type: 'string', multiple: true } });
    if (!/^\d+$/.test(values.port)) throw new UsageError(`--port expects a number, got '${values.port}'`);
    if (values['run-delay'] !== undefined && !/^\d+$/.test(values['run-delay'])) throw new UsageError(`--run-delay expects milliseconds, got '${values['run-delay']}'`);
    const failures: Record<string, { code: string; message: string }> = {};
    for (const f of values['fail-run'] ?? []) {
      const m = /^([A-Za-z0-9_]+)=([^:]+):(.+)$/.exec(f);
      if (!m) throw new UsageError(`--fail-run expects TABLE=CODE:MESSAGE, got '${f}'`);
      failures[m[1]] = { code: m[2], message: m[3] };
    }
    const { startSimulator } = await import('../../simulator');
    const simulator = await startSimulator({
      port: Number(values.port),
      config: { flowRuns: { delayMs: values['run-delay'] === undefined ? undefined : Number(values['run-delay']), failures } },
    });
    const { startLocalTarget } = require('../run/local-target') as LocalTargetModule;
    const target = await startLocalTarget({ simulator });
    io.stdout(`simulator listening on ${simulator.url}`);
    io.stdout('Environment values (paste into the "postforge local" environment; these are throwaway test values):');
    for (const [k, v] of Object.entries(target.values)) io.stdout(`${k}=${v.includes('\n') ? JSON.stringify(v) : v}`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await simulator.stop();
    return 0;
  },
};
