// What keeps each script's context small (every script run ships all variables in and out of the sandbox):
// the variables a collection reads, so the runner hands it only those; and the step after which a scratch
// variable (lookup index, captured column list) is read no more, so the runtime unsets it there.
import type { ResolvedStep } from './expand-steps';
import { PLAN_VARIABLE } from './skip-plan';

const VAR_REF = /\{\{([^{}$][^{}]*)\}\}/g;

/**
 * Names read by a collection: {{NAME}} anywhere in its items and auth, and the names the runtime reads
 * directly (`when` conditions, signing keys, a filter's column list, a skip record).
 */
/** Read by the runtime itself in every collection: plan mode (drift.js holds writes back when it is set). */
// POSTFORGE_FOLDERS: the top-level folders a folder run includes (the run plan walks over the others).
const RUNTIME_READS = ['POSTFORGE_PLAN', 'POSTFORGE_FOLDERS'];

export function usedVariables(steps: ResolvedStep[], collection: Record<string, unknown>): string[] {
  const names = new Set<string>(RUNTIME_READS);
  // The run plan holds most requests' decisions (lookup keys, drift values): its names count too.
  const plan = ((collection.variable ?? []) as Array<{ key: string; value: unknown }>).filter((v) => v.key === PLAN_VARIABLE);
  const text = JSON.stringify({ item: collection.item, auth: collection.auth, plan });
  for (const m of text.matchAll(VAR_REF)) names.add(m[1].trim());
  const visit = (list: ResolvedStep[]): void => list.forEach((s) => {
    for (const k of Object.keys(s.when ?? {})) names.add(k);
    for (const j of s.jwt ?? []) names.add(j.key);
    for (const n of namesReadByRuntime(s)) names.add(n);
    if (s.steps) visit(s.steps);
  });
  visit(steps);
  return [...names].sort();
}

function namesReadByRuntime(s: ResolvedStep): string[] {
  return [
    ...(s.filterRows ? [s.filterRows.columns] : []),
    ...(s.skipRestOn?.record ? [s.skipRestOn.record.into] : []),
    // An update's `apply` condition (e.g. POSTFORGE_PRUNE) names variables the way `when` does.
    ...Object.keys(s.drift?.apply ?? {}),
  ];
}

export const indexVariable = (lookup: string): string => `postforge.index.${lookup}`;

/**
 * Step id → scratch variables to unset once that step is done (or skipped). A lookup index dies after the last
 * ensure reading it before the lookup runs again (forEach rows reuse one index name); a collection-scope capture
 * after the last request that references it.
 */
export function dropPoints(steps: ResolvedStep[]): Map<string, string[]> {
  const collectionScoped = new Set<string>();
  for (const s of steps) {
    for (const [name, c] of Object.entries(s.capture ?? {})) if (typeof c === 'object' && c.scope === 'collection') collectionScoped.add(name);
  }
  const last = new Map<string, string>();
  const out = new Map<string, string[]>();
  const settle = (name: string) => {
    const at = last.get(name);
    if (at === undefined) return;
    out.set(at, [...(out.get(at) ?? []), name]);
    last.delete(name);
  };
  for (const s of steps) {
    // A lookup's "next page" request adds to the index the lookup started: it is not a new lookup.
    if (s.index && !s.pageOf) settle(indexVariable(s.specId));
    for (const name of Object.keys(s.capture ?? {})) if (collectionScoped.has(name)) settle(name);
    if (s.ensure) last.set(indexVariable(s.ensure.in), s.id);
    // An update step's drift check (and its 412 re-read) reads the lookup's index too.
    if (s.drift) last.set(indexVariable(s.drift.in), s.id);
    const text = JSON.stringify(s.request ?? {});
    for (const m of text.matchAll(VAR_REF)) if (collectionScoped.has(m[1].trim())) last.set(m[1].trim(), s.id);
    for (const n of namesReadByRuntime(s)) if (collectionScoped.has(n)) last.set(n, s.id);
  }
  for (const name of [...last.keys()]) settle(name);
  return out;
}
