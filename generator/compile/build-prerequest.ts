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

/** Set by the collection compiler: where the runtime comes from, and scratch variables this step retires. */
export interface ScriptContext {
  loader: string[];
  drop?: string[];
  /** Place in the skip-ahead plan ([folder, position]) of a step that can skip itself. */
  plan?: [number, number];
  /** Its pre-request script would only repeat the folder's `when` (see folderWhenOnly): none is emitted. */
  noPrerequest?: boolean;
}

export function prerequestConfig(step: ResolvedStep, drop?: string[], plan?: [number, number]): Record<string, unknown> | undefined {
  const cfg: Record<string, unknown> = {};
  if (step.when) cfg.when = step.when;
  if (step.ensure) {
    cfg.ensure = step.ensure;
    // The step's id clears its "looked up again after a 409" mark when the lookup finds it.
    cfg.step = step.id;
  }
  if (step.drift) cfg.drift = step.drift;
  if (step.safe) cfg.safe = true;
  if (step.index?.paginate) cfg.page = { step: step.id, index: step.specId };
  // A plain lookup needs no script before it: its first page starts a fresh index (postforge.collect).
  if (step.filterRows) cfg.rows = step.filterRows;
  if (step.jwt?.length) cfg.jwt = step.jwt.map(jwtConfig);
  if (!Object.keys(cfg).length) return undefined;
  // Only a step that can skip itself retires variables before the request (its test script will not run).
  if (drop?.length && (cfg.when || cfg.ensure)) cfg.drop = drop;
  if (plan && (cfg.when || cfg.ensure)) cfg.plan = plan;
  return cfg;
}

export function buildPrerequest(step: ResolvedStep, ctx: ScriptContext): string[] | undefined {
  // Every request calls before(), even with nothing to configure: in plan mode it holds writes back, and
  // skips reads that need an id only a skipped create would have made.
  const cfg = prerequestConfig(step, ctx.drop, ctx.plan) ?? {};
  return [`// postforge: before "${step.name}"`, ...ctx.loader, ...`postforge.before(pm, ${compactJson(cfg)});`.split('\n')];
}
