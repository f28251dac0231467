// The pre-request part of a step — `when` (skip), `ensure` (look up, capture, skip), next page and `jwt`
// (sign tokens) — compiled to one readable call of the collection's runtime: postforge.before(pm, {...}).
import type { ClaimValue, JwtSpec } from '../spec/types';
import type { ResolvedStep } from './expand-steps';
import { compactJson } from './compact-json';

function claimEntry(name: string, value: ClaimValue): unknown[] {
  if (value !== null && typeof value === 'object' && 'now' in value) return [name, 'now', value.now];
  if (value !== null && typeof value === 'object' && 'uuid' in value) return [name, 'uuid'];
  if (typeof value === 'string') return [name, 'text', value];
  return [name, 'value', value];
}

function jwtConfig(j: JwtSpec): Record<string, unknown> {
  return {
    into: j.into,
    alg: j.alg ?? 'RS256',
    key: j.key,
    ...(j.header ? { header: j.header } : {}),
    ...(j.expiryInto ? { expiryInto: j.expiryInto } : {}),
    claims: Object.entries(j.claims).map(([k, c]) => claimEntry(k, c)),
  };
}

/** Set by the collection compiler: where the runtime comes from, scratch variables this step retires, and its
 * place in the run plan (see skip-plan.ts). */
export interface ScriptContext {
  loader: string[];
  drop?: string[];
  /** Position in the run plan. */
  at?: number;
  /** Its pre-request script: none (an earlier script decides), a guard (decides when a run starts there, its
   * settings in the plan), or self (its settings in the script). */
  pre?: 'none' | 'guard' | 'self';
}

export function prerequestConfig(step: ResolvedStep, drop?: string[]): Record<string, unknown> | undefined {
  const cfg: Record<string, unknown> = {};
  if (step.when) cfg.when = step.when;
  if (step.ensure) {
    cfg.ensure = step.ensure;
    // The step's id clears its "looked up again after a 409" mark when the lookup finds it.
    cfg.step = step.id;
  }
  if (step.drift) cfg.drift = step.drift;
  if (step.safe) cfg.safe = true;
  // A paginated lookup's first page needs nothing before it (its first answer starts a fresh index); its
  // "next page" request puts the queued page on its URL, and is skipped while none is queued.
  if (step.index?.paginate && step.pageOf) { cfg.page = { step: step.pageOf, index: step.specId }; cfg.pageNext = step.pageOf; }
  else if (step.index?.paginate && !step.nextPage) cfg.page = { step: step.id, index: step.specId };
  // A plain lookup needs no script before it: its first page starts a fresh index (postforge.collect).
  if (step.filterRows) cfg.rows = step.filterRows;
  if (step.jwt?.length) cfg.jwt = step.jwt.map(jwtConfig);
  if (!Object.keys(cfg).length) return undefined;
  // Only a step that can skip itself retires variables before the request (its test script will not run).
  if (drop?.length && (cfg.when || cfg.ensure || cfg.drift)) cfg.drop = drop;
  return cfg;
}

/** The pre-request script, or undefined where an earlier script decides (see skip-plan.ts). */
export function buildPrerequest(step: ResolvedStep, ctx: ScriptContext): string[] | undefined {
  if (ctx.pre === 'none') return undefined;
  // A guard's settings are in the run plan (one copy, read by the script before it too); `self` keeps them here.
  const cfg = ctx.pre === 'guard' ? { at: ctx.at } : { ...(prerequestConfig(step, ctx.drop) ?? {}), ...(ctx.at !== undefined ? { at: ctx.at } : {}) };
  return [`// postforge: before "${step.name}"`, ...ctx.loader, ...`postforge.before(pm, ${compactJson(cfg)});`.split('\n')];
}
