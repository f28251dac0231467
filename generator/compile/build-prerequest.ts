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

export function prerequestConfig(step: ResolvedStep): Record<string, unknown> | undefined {
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
  else if (step.index) cfg.index = step.specId;
  if (step.filterRows) cfg.rows = step.filterRows;
  if (step.jwt?.length) cfg.jwt = step.jwt.map(jwtConfig);
  return Object.keys(cfg).length ? cfg : undefined;
}

export function buildPrerequest(step: ResolvedStep): string[] | undefined {
  // Every request calls before(), even with nothing to configure: in plan mode it is what holds writes back.
  const cfg = prerequestConfig(step) ?? {};
  return [`// postforge: before "${step.name}"`, ...`postforge.before(pm, ${compactJson(cfg)});`.split('\n')];
}
