// The run plan (collection variable postforge.plan): every request of a collection in run order with what its
// pre-request decision needs (condition, lookup, drift check, method, URL). After each request, the runtime
// decides the requests that follow, as their own pre-request scripts would, and jumps to the first that is sent
// (postforge.walk): a skipped request costs no script run, a sent one usually only its test script. Requests
// keep a pre-request script where that cannot work: those with work on the request itself (next page, row
// filtering, JWT signing) when they are sent, and the first request of the collection
// and of each top-level folder that starts with a write, where a run (or the Postman app's folder runner) may
// start.
import { flattenSteps, type ResolvedStep } from './expand-steps';
import { prerequestConfig, type ScriptContext } from './build-prerequest';

export const PLAN_VARIABLE = 'postforge.plan';

export interface PlanEntry {
  id: string;
  name: string;
  /** Top-level group: a top-level folder, or a run of consecutive top-level requests. */
  g: number;
  /** Method and raw URL, for the change it records; the {{names}} its URL and body use (plan mode). */
  m: string;
  u: string;
  v?: string[];
  /** Its before() settings (absent: nothing to decide but plan mode). */
  b?: Record<string, unknown>;
  /** It has work of its own before it is sent (next page, rows, signing): the walk stops there unless it skips. */
  self?: true;
  /** It has a pre-request script that decides when the run starts there; the walk marks it decided. */
  guard?: true;
}

export interface RunPlan {
  e: PlanEntry[];
  /** Per group: the top-level folder's name (what a folder run names), null for top-level requests. */
  f: Array<string | null>;
}

export type PrerequestKind = NonNullable<ScriptContext['pre']>;

export interface StepPlace { at: number; pre: PrerequestKind }

export interface RequestFacts { method: string; url: string; body: string }

const VAR_REF = /\{\{([^{}$][^{}]*)\}\}/g;

/**
 * The plan of a collection's steps (`top`: its top-level steps). `facts` gives each step's compiled method, raw
 * URL (base URL and query included) and raw body.
 */
export function runPlan(top: ResolvedStep[], idOf: (id: string) => string, drops: Map<string, string[]>, facts: (s: ResolvedStep) => RequestFacts): { plan: RunPlan; places: Map<string, StepPlace> } {
  const plan: RunPlan = { e: [], f: [] };
  const places = new Map<string, StepPlace>();
  let open = false;
  for (const t of top) {
    if (t.steps || !open) { plan.f.push(t.steps ? t.name : null); open = !t.steps; }
    const g = plan.f.length - 1;
    flattenSteps([t]).forEach((s, i) => {
      const at = plan.e.length;
      const cfg = prerequestConfig(s, drops.get(s.id));
      const r = facts(s);
      const vars = [...new Set([...`${r.url}\n${r.body}`.matchAll(VAR_REF)].map((m) => m[1].trim()))].sort();
      const entry: PlanEntry = { id: idOf(s.id), name: s.name, g, m: r.method, u: r.url, ...(vars.length ? { v: vars } : {}) };
      let pre: PrerequestKind = 'none';
      // Every decision is in the plan: the walk passes over a request with work of its own when it skips too.
      if (cfg) entry.b = cfg;
      if (cfg && (cfg.page || cfg.rows || cfg.jwt)) { entry.self = true; pre = 'self'; }
      else {
        // A folder that starts with a read needs no guard: sent without a decision, it harms nothing, and its
        // test script decides the rest of the folder.
        if (at === 0 || (t.steps && i === 0 && !/^(GET|HEAD)$/i.test(r.method))) { entry.guard = true; pre = 'guard'; }
      }
      plan.e.push(entry);
      places.set(s.id, { at, pre });
    });
  }
  return { plan, places };
}
