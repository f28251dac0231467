// `postforge plan` (npm run plan): the pipeline with every write skipped and recorded — a table of what a run
// would create, update (field by field), leave to a person, or find in the sandbox but no longer in the specs,
// and reports/plan.json. Only reads and token requests are sent.
import path from 'node:path';
import type { Command } from './types';
import { envVarsOption, parseCommandArgs } from './args';
// The runner (Newman and all) loads only when a plan starts: `--help` stays fast.
type RunPipeline = typeof import('../run/run-pipeline');
import { changeCounts, changeLines } from './changes-table';

export const planCommand: Command = {
  name: 'plan',
  help: [
    'Usage: postforge plan [options]           (npm run plan -- [options])',
    '',
    'Runs the pipeline like `postforge run`, but every request that would change something (POST, PUT, PATCH,',
    'DELETE, except the token requests) is skipped and recorded instead. Shows what would be created, updated',
    '(each field before → after), what needs a manual change (with the reason), and what is in the sandbox but',
    'no longer in the specs; writes reports/plan.json.',
    '',
    'Options:',
    '  --env NAME              environment: local (default) or production',
    '  --env-var KEY=VALUE     set a variable (repeatable)',
    '  --only NAME             plan one collection or folder (the auth collection runs first)',
    '  --reports-dir DIR       where plan.json goes (default: reports/)',
    '  --detailed-exitcode     exit 3 when changes are pending (for CI drift checks)',
    '  --verbose               show script console lines',
    '',
    'Exit codes: 0 no changes (or changes, without --detailed-exitcode), 3 changes pending (with',
    '--detailed-exitcode), 1 a request or check failed, 2 usage or configuration error.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      env: { type: 'string', default: 'local' },
      'env-var': { type: 'string', multiple: true },
      only: { type: 'string' },
      'reports-dir': { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const { runPipeline } = require('../run/run-pipeline') as RunPipeline;
    const result = await runPipeline({
      env: values.env,
      envVars: envVarsOption(values['env-var']),
      only: values.only,
      plan: true,
      allowDrift: true,
      reports: { junit: false, json: false },
      reportsDir: values['reports-dir'] ? path.resolve(io.cwd, values['reports-dir']) : undefined,
      dotenvPath: path.join(io.cwd, '.env'),
      processEnv: io.env,
      listener: {
        failure: (e) => io.stdout(`  FAIL ${e.collection} / ${e.step}: ${e.message}`),
        console: (e) => { if (e.text.startsWith('warning: ')) io.stderr(e.text); else if (values.verbose) io.stdout(`      · ${e.text}`); },
      },
    });
    if (result.problems.length) {
      io.stderr(`postforge plan: ${result.problems.length} variable problem(s) in environment '${values.env}'; no request was sent:`);
      for (const p of result.problems) io.stderr(`  ${p.name} ${p.message} — ${p.description}`);
      return 2;
    }
    io.stdout(`\nPlan for '${values.env}': ${result.changes.length ? changeCounts(result.changes) : 'no changes — the sandbox matches the specs'}`);
    if (result.changes.length) io.stdout(changeLines(result.changes, { plan: true }).join('\n'));
    const reads = result.requests.length;
    io.stdout(`\n${reads} request(s) sent, ${result.writes} write(s) — plan written to ${path.relative(io.cwd, result.reportFiles.find((f) => f.endsWith('plan.json')) ?? 'reports/plan.json')}`);
    if (result.exitCode !== 0) {
      io.stdout('plan incomplete: a request failed (see above)');
      return 1;
    }
    return values['detailed-exitcode'] && result.changes.length ? 3 : 0;
  },
};
