// `postforge doctor`: a checklist of the configuration, with fixes; exit 1 when any check fails.
import path from 'node:path';
import type { Command } from './types';
import { envVarsOption, parseCommandArgs } from './args';
type RunDoctorModule = typeof import('../doctor/run-doctor');

export const doctorCommand: Command = {
  name: 'doctor',
  help: [
    'Usage: postforge doctor [--env NAME] [--env-var KEY=VALUE]... [--cert cert.pem]',
    '',
    'Checks the configured environment and prints a checklist with fixes: required variables present and well',
    'formed, SALESFORCE_PRIVATE_KEY readable (and matching --cert, the certificate uploaded to the connected app),',
    'jwtToken claims sane (exp in seconds), clock skew against IMS, Salesforce token endpoint accepting a short',
    'JWT bearer assertion, Adobe access token obtainable, Platform reachable with the org and sandbox.',
    'Only token requests and one read are sent; nothing is created.',
    '',
    'Options:',
    '  --env NAME            environment (default local: checks against the embedded simulator)',
    '  --env-var KEY=VALUE   set a variable (repeatable)',
    '  --cert FILE           certificate uploaded to the connected app',
    '',
    'Exit codes: 0 all checks pass (warnings allowed), 1 a check failed, 2 usage error.',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      env: { type: 'string', default: 'local' }, 'env-var': { type: 'string', multiple: true }, cert: { type: 'string' }, verbose: { type: 'boolean' },
    });
    const envVars = envVarsOption(values['env-var']);
    const { runDoctor } = require('../doctor/run-doctor') as RunDoctorModule;
    const results = await runDoctor({ env: values.env, envVars, processEnv: io.env, dotenvPath: path.join(io.cwd, '.env'), certFile: values.cert ? path.resolve(io.cwd, values.cert) : undefined });
    const mark = { pass: io.isTTY ? '✓' : 'ok  ', warn: io.isTTY ? '!' : 'warn', fail: io.isTTY ? '✗' : 'FAIL', skip: io.isTTY ? '-' : 'skip' };
    for (const r of results) {
      io.stdout(`${mark[r.status]} ${r.name}: ${r.detail}`);
      if (r.fix && r.status !== 'pass') io.stdout(`     fix: ${r.fix}`);
    }
    const failed = results.filter((r) => r.status === 'fail').length;
    io.stdout(failed ? `${failed} check(s) failed` : 'all checks passed');
    return failed ? 1 : 0;
  },
};
