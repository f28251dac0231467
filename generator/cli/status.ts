// `postforge status` (npm run status): is data flowing? A read-only table of the base connection and every
// object's dataflow, last runs and dataset, plus reports/status.json and reports/status-junit.xml.
import path from 'node:path';
import type { Command } from './types';
import { envVarsOption, parseCommandArgs } from './args';
// Loaded when the command runs, so `postforge --help` stays fast.
type RunStatusModule = typeof import('../status/run-status');
import { renderStatus } from '../status/render-status';
import { printPlatformFailure } from './platform-errors';

export const statusCommand: Command = {
  name: 'status',
  help: [
    'Usage: postforge status [--env NAME] [--env-var KEY=VALUE]... [--json] [--reports-dir DIR]',
    '',
    'Reads, with the variables and environments of `run`, the Salesforce base connection (state, and when the',
    'jwtToken expires: a warning under 30 days), and per object of SALESFORCE_OBJECTS its dataflow (state,',
    'schedule), its last runs from Flow Service (status, records read / written / failed, duration, first errors)',
    'and whether its dataset is enabled for Profile and Identity. Nothing is changed.',
    'Writes reports/status.json and reports/status-junit.xml (one test case per object).',
    '',
    'Options:',
    '  --env NAME            environment (default local: the embedded simulator)',
    '  --env-var KEY=VALUE   set a variable (repeatable)',
    '  --json                print the report as JSON only',
    '  --reports-dir DIR     where reports go (default: reports/)',
    '',
    'Exit codes: 0 every dataflow\'s last finished run succeeded, 1 a run failed or a resource is missing,',
    '2 usage or configuration error.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      env: { type: 'string', default: 'local' }, 'env-var': { type: 'string', multiple: true }, json: { type: 'boolean' },
      'reports-dir': { type: 'string' }, verbose: { type: 'boolean' },
    });
    const envVars = envVarsOption(values['env-var']);
    return printPlatformFailure(io, 'status', async () => {
      const { runStatus } = require('../status/run-status') as RunStatusModule;
      const result = await runStatus({
        env: values.env, envVars, processEnv: io.env, dotenvPath: path.join(io.cwd, '.env'),
        reportsDir: values['reports-dir'] ? path.resolve(io.cwd, values['reports-dir']) : undefined,
      });
      if (result.problems.length) {
        io.stderr(`postforge status: ${result.problems.length} variable problem(s) in environment '${values.env}'; no request was sent:`);
        for (const p of result.problems) io.stderr(`  ${p.name} ${p.message} — ${p.description}`);
        return 2;
      }
      const report = result.report!;
      if (values.json) io.stdout(JSON.stringify(report, null, 2));
      else io.stdout(renderStatus(report).join('\n'));
      return report.exitCode;
    });
  },
};
