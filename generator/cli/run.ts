// `postforge run` (npm run newman): the pipeline through Newman, with a live line per request, failures
// with the step and the server's message, a final summary, and reports/ — secrets masked everywhere.
import path from 'node:path';
import type { Command } from './types';
import { UsageError } from './types';
import { envVarsOption, parseCommandArgs } from './args';
import { existsNames } from '../run/exists-lines';
// The runner (Newman and all) loads only when a run starts: `--help` stays fast.
type RunPipeline = typeof import('../run/run-pipeline');
import { changeLines } from './changes-table';
import { renderStatus } from '../status/render-status';

/** Default bound of `--wait`: 15 minutes. */
export const DEFAULT_WAIT_SECONDS = 900;

/** `--wait` takes an optional value (`--wait`, `--wait=600`, `--wait 600`); parseArgs needs one, so fill it in. */
export function normaliseWait(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--wait') { out.push(argv[i]); continue; }
    if (/^\d+$/.test(argv[i + 1] ?? '')) out.push(`--wait=${argv[++i]}`);
    else out.push(`--wait=${DEFAULT_WAIT_SECONDS}`);
  }
  return out;
}

const REPORTERS = ['cli', 'junit', 'json'] as const;

export const runCommand: Command = {
  name: 'run',
  help: [
    'Usage: postforge run [options]            (npm run newman -- [options])',
    '',
    'Runs the pipeline collections in order through Newman, sharing one environment so tokens and ids captured',
    'by one collection reach the next. With --env local (the default) the embedded simulator is started on a free',
    'loopback port and stopped afterwards; with --env production the real Adobe and Salesforce services are used.',
    '',
    'Variables, low to high precedence: environments/<env> file < .env < process environment < --env-var.',
    'Against the simulator, its URLs and fake credentials take the place of .env and process values.',
    '',
    'Options:',
    '  --env NAME              environment: local (default) or production',
    '  --env-var KEY=VALUE     set a variable (repeatable)',
    '  --only LIST             comma list of collections or folders (the auth collection runs first; a',
    '                          folder with the lookups outside any folder; collections in between only read)',
    '  --bail                  stop at the first failed check',
    '  --timeout-request MS    per-request timeout (default 30000)',
    '  --timeout-script MS     per-script timeout (default: none)',
    '  --reporters LIST        comma list of cli,junit,json (default: all)',
    '  --reports-dir DIR       where reports go (default: reports/)',
    '  --export-environment F  write the final environment to F (secrets emptied)',
    '  --prune                 disable dataflows of objects no longer in the specs (never deletes)',
    '  --allow-drift           changes the API cannot make are reported but do not fail the run',
    '  --wait[=SECONDS]        then wait (default 900 s) for each dataflow\'s first run and print `status`;',
    '                          exit 1 when a run failed or did not finish in time',
    '  --verbose               show script console lines and variable sources',
    '',
    'Exit codes: 0 success, 1 a request or check failed or a change needs a manual step (unless --allow-drift),',
    '2 usage or configuration error (nothing sent).',
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseCommandArgs(normaliseWait(argv), {
      wait: { type: 'string' },
      env: { type: 'string', default: 'local' },
      'env-var': { type: 'string', multiple: true },
      only: { type: 'string' },
      bail: { type: 'boolean' },
      'timeout-request': { type: 'string', default: '30000' },
      'timeout-script': { type: 'string' },
      reporters: { type: 'string', default: REPORTERS.join(',') },
      'reports-dir': { type: 'string' },
      'export-environment': { type: 'string' },
      verbose: { type: 'boolean' },
      prune: { type: 'boolean' },
      'allow-drift': { type: 'boolean' },
    });
    const reporters = values.reporters.split(',').map((r) => r.trim()).filter(Boolean);
    const unknown = reporters.filter((r) => !(REPORTERS as readonly string[]).includes(r));
    if (unknown.length) throw new UsageError(`unknown reporter(s) ${unknown.join(', ')}; known: ${REPORTERS.join(', ')}`);
    const ms = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v)) throw new UsageError(`--${name} expects milliseconds, got '${v}'`);
      return Number(v);
    };
    const envVars = envVarsOption(values['env-var']);
    if (values.wait !== undefined && !/^\d+$/.test(values.wait)) throw new UsageError(`--wait expects seconds, got '${values.wait}'`);
    const waitSeconds = values.wait === undefined ? undefined : Number(values.wait);
    const live = reporters.includes('cli');
    const tick = io.isTTY ? '✓' : 'ok';
    const cross = io.isTTY ? '✗' : 'FAIL';
    let lastFailureStep = '';
    const { runPipeline } = require('../run/run-pipeline') as RunPipeline;
    const result = await runPipeline({
      env: values.env,
      envVars,
      only: values.only,
      bail: values.bail,
      prune: values.prune,
      allowDrift: values['allow-drift'],
      timeoutRequestMs: ms('timeout-request', values['timeout-request']),
      timeoutScriptMs: ms('timeout-script', values['timeout-script']),
      reports: { junit: reporters.includes('junit'), json: reporters.includes('json') },
      reportsDir: values['reports-dir'] ? path.resolve(io.cwd, values['reports-dir']) : undefined,
      exportEnvironment: values['export-environment'] ? path.resolve(io.cwd, values['export-environment']) : undefined,
      dotenvPath: path.join(io.cwd, '.env'),
      processEnv: io.env,
      wait: waitSeconds === undefined ? undefined : {
        timeoutMs: waitSeconds * 1000,
        onProgress: (p) => io.stdout(`  … first runs: ${p.finished}/${p.total} finished after ${Math.round(p.elapsedMs / 1000)} s${p.pending.length ? ` (waiting for ${p.pending.join(', ')})` : ''}`),
      },
      listener: live ? {
        collectionStart: (_name, title) => io.stdout(`\n${title}`),
        request: (e) => {
          const status = e.status !== undefined ? String(e.status) : 'ERR';
          io.stdout(`  ${e.status !== undefined && e.status < 400 ? tick : cross} ${status.padStart(3)} ${String(e.timeMs ?? 0).padStart(5)} ms  ${e.step}`);
        },
        failure: (e) => {
          io.stdout(`      ${cross} ${e.step === lastFailureStep ? '' : `${e.step}: `}${e.message}`);
          lastFailureStep = e.step;
        },
        console: (e) => {
          if (e.text.startsWith('warning: ')) io.stderr(e.text);
          else if (values.verbose || e.text.startsWith('postforge: retry')) {
            const exists = existsNames(e.text);
            for (const line of exists.length ? exists.map((n) => `exists: ${n}`) : [e.text]) io.stdout(`      · ${line}`);
          }
        },
      } : undefined,
    });
    if (result.problems.length) {
      io.stderr(`postforge run: ${result.problems.length} variable problem(s) in environment '${values.env}'; no request was sent:`);
      for (const p of result.problems) io.stderr(`  ${p.name} ${p.message} — ${p.description}`);
      io.stderr('Set them in .env, the process environment or with --env-var KEY=VALUE.');
      return 2;
    }
    if (values.verbose && result.variables) {
      for (const [k, src] of Object.entries(result.variables.sources).sort()) io.stdout(`  ${k} ← ${src}`);
    }
    const shown = result.changes.filter((c) => c.action !== 'create');
    if (shown.length) io.stdout(`\nChanges to existing resources:\n${changeLines(shown, { plan: false }).join('\n')}`);
    const manual = result.changes.filter((c) => c.action === 'manual').length;
    if (manual && !values['allow-drift']) io.stdout(`${manual} change(s) need a manual step (see above); the run fails until they are made, or pass --allow-drift`);
    if (result.outputs.SALESFORCE_CONNECTION_JWT_EXPIRES) io.stdout(`Salesforce jwtToken of the base connection expires ${result.outputs.SALESFORCE_CONNECTION_JWT_EXPIRES}`);
    const failedSteps = new Set(result.failures.map((f) => `${f.collection}/${f.step}`)).size;
    const secs = (result.durationMs / 1000).toFixed(1);
    io.stdout(`\n${result.requests.length} request(s): ${result.writes} Platform write(s), ${result.tokenRequests} token request(s); ${result.existing} step(s) skipped (exist); ${failedSteps} failed step(s) in ${secs} s — ${result.exitCode === 0 ? 'setup complete' : 'setup FAILED'}`);
    if (Object.keys(result.outputs).length) io.stdout(`captured ${Object.keys(result.outputs).length} value(s) → reports/outputs.json`);
    const w = result.wait;
    if (w) {
      io.stdout('');
      if (w.error) io.stdout(`waiting for the first runs failed: ${w.error}`);
      if (w.status) io.stdout(renderStatus(w.status).join('\n'));
      if (w.wait?.timedOut) io.stdout(`timed out after ${waitSeconds} s; no finished run yet for ${w.wait.pending.join(', ')}`);
      for (const o of w.status?.objects ?? []) if (o.verdict === 'failed') io.stderr(`postforge run: first run of ${o.object} failed: ${o.reason}`);
    }
    return result.exitCode;
  },
};
