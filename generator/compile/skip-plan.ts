// The skip-ahead plan (collection variable postforge.plan): per folder, its requests in run order with what
// their pre-request scripts would decide on. A step that skips itself settles the following steps that would
// skip too (same `when` / `ensure` logic, captures included) and jumps to the first that must run: a rerun
// costs one script run per run of skipped steps, not one per step. Jumps never leave a folder, so `--only`
// folder runs and the Postman app's folder runner stay inside what they were asked to run.
import type { ResolvedStep } from './expand-steps';
import { prerequestConfig } from './build-prerequest';

export const PLAN_VARIABLE = 'postforge.plan';

export interface PlanEntry {
  id: string;
  name: string;
  /** What may skip the step; absent: it always runs (the look-ahead stops there). */
  skip?: { when?: unknown; ensure?: unknown; step?: string; drop?: string[] };
  /** It signs or pages: only a false `when` skips it. */
  must?: true;
}

export interface SkipPlan {
  groups: PlanEntry[][];
  /** Step id → [group, position], for steps that can skip themselves and have steps after them. */
  position: Map<string, [number, number]>;
}

/** Groups: consecutive requests under the same top-level item (folder), in flattened order. */
export function skipPlan(top: ResolvedStep[], idOf: (id: string) => string, drops: Map<string, string[]>): SkipPlan {
  const groups: PlanEntry[][] = [];
  const position = new Map<string, [number, number]>();
  const leaves = (s: ResolvedStep): ResolvedStep[] => (s.steps ? s.steps.flatMap(leaves) : [s]);
  let current: PlanEntry[] | undefined;
  for (const t of top) {
    if (t.steps || !current) { current = []; groups.push(current); }
    for (const s of leaves(t)) {
      const cfg = prerequestConfig(s, drops.get(s.id));
      const entry: PlanEntry = { id: idOf(s.id), name: s.name };
      if (cfg && (cfg.when || cfg.ensure)) {
        // A step that signs, pages or compares an existing resource (an update) decides for itself.
        const decides = Boolean(cfg.jwt || cfg.page || cfg.drift);
        entry.skip = {
          ...(cfg.when ? { when: cfg.when } : {}),
          ...(cfg.ensure && !decides ? { ensure: cfg.ensure, ...(cfg.step ? { step: cfg.step as string } : {}) } : {}),
          ...(cfg.drop ? { drop: cfg.drop as string[] } : {}),
        };
        if (decides) entry.must = true;
      }
      current.push(entry);
    }
    if (t.steps) current = undefined;
  }
  groups.forEach((g, gi) => g.forEach((e, i) => {
    if (e.skip && i < g.length - 1) position.set(e.id, [gi, i]);
  }));
  return { groups, position };
}

/**
 * Requests whose pre-request script would only repeat their folder's `when`: not the folder's first (it
 * decides, and on a false `when` skips the rest through the plan) nor its last (the plan never jumps past it),
 * and nothing else to do before the request. They get no pre-request script at all.
 */
export function folderWhenOnly(top: ResolvedStep[], drops: Map<string, string[]>): Set<string> {
  const out = new Set<string>();
  const leaves = (s: ResolvedStep): ResolvedStep[] => (s.steps ? s.steps.flatMap(leaves) : [s]);
  const visit = (folder: ResolvedStep) => {
    const when = JSON.stringify(folder.when);
    const list = leaves(folder);
    list.forEach((s, i) => {
      // A write keeps its script: in plan mode before() is what holds it back.
      if (i === 0 || i === list.length - 1 || !folder.when || (s.request?.method ?? 'GET') !== 'GET') return;
      const cfg = prerequestConfig(s, drops.get(s.id));
      const keys = Object.keys(cfg ?? {}).filter((k) => k !== 'drop');
      if (keys.length === 1 && keys[0] === 'when' && JSON.stringify(cfg!.when) === when) out.add(s.id);
    });
  };
  for (const t of top) if (t.steps) visit(t);
  return out;
}

