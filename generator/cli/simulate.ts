// `postforge simulate` (npm run simulate): the embedded simulator on its own, for the Postman app.
import type { Command } from './types';
import { parseCommandArgs } from './args';
import { UsageError } from './types';
type LocalTargetModule = typeof import('../run/local-target');

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run the embedded Adobe + Salesforce simulator and print environment values for the Postman app',
  help: [
    'Usage: postforge simulate [--port N]',
    '',
    'Starts the simulator of Adobe IMS, Experience Platform (Identity, Schema Registry, Flow Service, Catalog,',
    'Data Prep) and Salesforce on 127.0.0.1 and prints the values to paste into the "postforge local"',
    'environment in the Postman app (throwaway keys included). Stop it with Ctrl-C.',
    '',
    'Options:',
    '  --port N    port to listen on (default 4010; 0 picks a free one)',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string', default: '4010' } });
    if (!/^\d+$/.test(values.port)) throw new UsageError(`--port expects a number, got '${values.port}'`);
    const { startSimulator } = await import('../../simulator');
    const simulator = await startSimulator({ port: Number(values.port) });
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
