// The `destroy` library entry: refuses the prod sandbox unless allowed (before any request), plans, and deletes
// only when confirmed and not a dry run.
import type { VariableProblem } from '../run/check-variables';
import { withPlatformSession, type SessionOptions } from '../platform/open-session';
import { executeDestroy, type DestroyOutcome } from './execute-destroy';
import { planDestroy, type DestroyItem, type DestroyPlan } from './plan-destroy';

export class DestroyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DestroyRefused';
  }
}

export interface DestroyOptions extends SessionOptions {
  schemas?: boolean;
  dryRun?: boolean;
  /** The user's go-ahead (--yes); without it nothing is deleted. */
  confirm?: boolean;
  allowProd?: boolean;
  /** The plan, before anything is deleted (so the CLI lists it first). */
  onPlan?(plan: DestroyPlan): void;
  onItem?(item: DestroyItem, result: 'deleted' | 'gone' | 'failed', message?: string): void;
}

export interface DestroyResult { problems: VariableProblem[]; plan?: DestroyPlan; outcome?: DestroyOutcome; executed: boolean }

export function isProdSandbox(name: string | undefined): boolean {
  return (name || 'prod').trim().toLowerCase() === 'prod';
}

export async function runDestroy(opts: DestroyOptions): Promise<DestroyResult> {
  const guard = (values: Record<string, string>) => {
    if (isProdSandbox(values.SANDBOX_NAME) && !opts.allowProd) {
      throw new DestroyRefused(`refusing to destroy in the production sandbox '${values.SANDBOX_NAME || 'prod'}'; set SANDBOX_NAME to a development sandbox, or add --allow-prod if you really mean prod`);
    }
  };
  const { problems, result } = await withPlatformSession({ ...opts, guard }, async (s) => {
    const plan = await planDestroy(s.client, s.resources, { sandbox: s.values.SANDBOX_NAME || 'prod', schemas: opts.schemas });
    opts.onPlan?.(plan);
    if (opts.dryRun || !opts.confirm || plan.items.length === 0) return { plan, executed: false };
    const outcome = await executeDestroy(s.client, plan, (item, r, m) => opts.onItem?.(item, r, m === undefined ? undefined : s.mask(m)));
    return { plan, outcome: { ...outcome, failed: outcome.failed.map((f) => ({ ...f, message: s.mask(f.message) })) }, executed: true };
  });
  return { problems, ...result, executed: result?.executed ?? false };
}
