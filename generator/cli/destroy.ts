// `postforge destroy`: removes what the specs created (by their names), in reverse dependency order, for
// throwaway sandboxes. Lists the plan first; deletes only with --yes; never in prod without --allow-prod.
import path from 'node:path';
import type { Command } from './types';
import { UsageError } from './types';
import { envVarsOption, parseCommandArgs } from './args';
// Loaded when the command runs, so `postforge --help` stays fast.
type RunDestroyModule = typeof import('../destroy/run-destroy');
import { printPlatformFailure } from './platform-errors';

export const destroyCommand: Command = {
  name: 'destroy',
  help: [
    'Usage: postforge destroy [--env NAME] [--env-var KEY=VALUE]... [--schemas] [--dry-run] [--yes] [--allow-prod]',
    '',
    'Deletes, in reverse dependency order, exactly the resources the specs create, found by the names they give',
    '(postforge-salesforce and postforge-salesforce-<object>): dataflows, target connections, source connections,',
    'datasets and the base connection. With --schemas also the B2B descriptors and schemas of specs/data, unless',
    'a dataset that is not ours still uses them. Nothing else is touched. Mapping sets (the Data Prep API has no',
    'delete) and identity namespaces (Identity Service has none either) stay and are listed as kept.',
    'A later `postforge run` sets everything up again; a second destroy finds nothing and exits 0.',
    '',
    'Options:',
    '  --env NAME            environment (default local: the embedded simulator)',
    '  --env-var KEY=VALUE   set a variable (repeatable)',
    '  --schemas             also delete the B2B descriptors and schemas',
    '  --dry-run             list what would be deleted; delete nothing',
    '  --yes                 delete without asking (required: there is no prompt, in CI or not)',
    '  --allow-prod          allow SANDBOX_NAME=prod (refused otherwise)',
    '',
    'Exit codes: 0 deleted (or nothing to delete, or --dry-run), 1 a deletion failed, 2 usage, refused, or',
    'confirmation missing (nothing deleted).',
  ].join('\n'),
  async run(argv, io) {
    const { DestroyRefused, runDestroy } = require('../destroy/run-destroy') as RunDestroyModule;
    const { values } = parseCommandArgs(argv, {
      env: { type: 'string', default: 'local' }, 'env-var': { type: 'string', multiple: true }, schemas: { type: 'boolean' },
      'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, 'allow-prod': { type: 'boolean' }, verbose: { type: 'boolean' },
    });
    const envVars = envVarsOption(values['env-var']);
    const dryRun = Boolean(values['dry-run']);
    const confirm = Boolean(values.yes);
    return printPlatformFailure(io, 'destroy', async () => {
      let result;
      try {
        result = await runDestroy({
          env: values.env, envVars, processEnv: io.env, dotenvPath: path.join(io.cwd, '.env'),
          schemas: values.schemas, dryRun, confirm, allowProd: values['allow-prod'],
          onPlan: (plan) => {
            if (!plan.items.length) { io.stdout(`sandbox ${plan.sandbox}: nothing to delete — no resource carries the specs' names`); return; }
            io.stdout(`sandbox ${plan.sandbox}: ${dryRun || !confirm ? 'would delete' : 'deleting'} ${plan.items.length} resource(s), in this order:`);
            for (const i of plan.items) io.stdout(`  ${i.kind.padEnd(17)} ${i.name}  ${i.id}`);
            for (const k of plan.kept) io.stdout(`  kept: ${k.kind} ${k.name} — ${k.why}`);
          },
          onItem: (item, r, message) => io.stdout(`  ${r === 'deleted' ? 'deleted' : r === 'gone' ? 'gone   ' : 'FAILED '} ${item.kind} ${item.name}${message ? `: ${message}` : ''}`),
        });
      } catch (e) {
        if (e instanceof DestroyRefused) throw new UsageError(e.message);
        throw e;
      }
      if (result.problems.length) {
        io.stderr(`postforge destroy: ${result.problems.length} variable problem(s) in environment '${values.env}'; no request was sent:`);
        for (const p of result.problems) io.stderr(`  ${p.name} ${p.message} — ${p.description}`);
        return 2;
      }
      const plan = result.plan!;
      if (!plan.items.length) return 0;
      if (dryRun) { io.stdout('dry run: nothing was deleted'); return 0; }
      if (!confirm) {
        io.stderr('postforge destroy: nothing was deleted; add --yes to delete the resources listed above');
        return 2;
      }
      const o = result.outcome!;
      io.stdout(`${o.deleted.length} deleted, ${o.gone.length} already gone, ${o.failed.length} failed`);
      return o.failed.length ? 1 : 0;
    });
  },
};
