// The spec construct `update` (drift check and update of an existing resource) becomes its own request, right
// after the step's create request: "Update: <name>". Its decision (in the run plan, made by the script before
// it) compares the named fields of the entry the lookup found with what the spec wants and skips the request
// when they match, so the update is as visible (and as runnable in the Postman app) as the create. A field's
// wanted value defaults to the create request's JSON body at the same path: the spec says each value once.
import type { Diagnostic } from '../diagnostics';
import { positionOf, type ParsedFile } from '../load/parse-yaml';
import type { DriftField, StepSpec } from '../spec/types';
import type { ResolvedStep } from './expand-steps';

export interface DriftConfig {
  in: string;
  key: string;
  match?: Array<[string, string]>;
  unless?: Array<[string, string]>;
  fields: DriftField[];
  capture?: Record<string, string | [string, string]>;
  manual?: string;
  action?: 'update' | 'remove' | 'delete';
  apply?: StepSpec['when'];
  rekey?: string;
  keep?: string;
}

/** Walks `a.b`, `a[0].b` in a JSON body (the spec's own value, {{VAR}} left in). */
function bodyValue(body: unknown, path: string): unknown {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).reduce<unknown>((x, k) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), body);
}

function updateStep(step: ResolvedStep, parsed: ParsedFile, diagnostics: Diagnostic[]): ResolvedStep | undefined {
  const u = step.update!;
  const pointer = `${step.pointer}/update`;
  const lookupIn = u.in ?? step.ensure?.in;
  const key = u.key ?? step.ensure?.key;
  if (!lookupIn || key === undefined) {
    diagnostics.push({ code: 'update-without-lookup', severity: 'error', message: `step '${step.specId}': update needs a lookup (update.in and update.key, or the step's ensure)`, file: parsed.file, ...positionOf(parsed, pointer), pointer });
    return undefined;
  }
  const json = step.request?.body?.json;
  const fields = u.fields.map((f, i) => {
    if (f.want !== undefined || f.expiresWithinDays !== undefined) return f;
    const want = bodyValue(json, f.path);
    if (want === undefined) {
      const at = `${pointer}/fields/${i}`;
      diagnostics.push({ code: 'update-field-want', severity: 'error', message: `step '${step.specId}': update field '${f.path}' has no want, and the create request has no JSON body value at that path`, file: parsed.file, ...positionOf(parsed, at), pointer: at, hint: 'give want: (a template), or compare a path the create body sends' });
    }
    return { ...f, want };
  });
  const drift: DriftConfig = {
    in: lookupIn, key, fields,
    ...(u.match ? { match: Object.entries(u.match) } : {}),
    ...(u.unless ? { unless: Object.entries(u.unless) } : {}),
    ...(u.capture ? { capture: u.capture } : {}),
    ...(u.manual ? { manual: u.manual.trim() } : {}),
    ...(u.action && u.action !== 'update' ? { action: u.action } : {}),
    ...(u.apply ? { apply: u.apply } : {}),
    ...(u.rekey ? { rekey: u.rekey } : {}),
    ...(u.keep ? { keep: u.keep.trim().replace(/\s+/g, ' ') } : {}),
  };
  // A manual step sends nothing; its request only names the resource (the create's URL, or update.request's
  // for a standalone check).
  const shown = step.request ?? u.request;
  const request = u.manual ? (shown ? { method: 'GET' as const, url: shown.url, ...(shown.headers ? { headers: shown.headers } : {}) } : undefined) : u.request
    ? { ...u.request, ...(u.request.body ?? step.request?.body ? { body: u.request.body ?? step.request!.body } : {}) }
    : undefined;
  if (!request) {
    diagnostics.push({ code: 'update-without-request', severity: 'error', message: `step '${step.specId}': update needs request: (or manual: with the reason the API cannot make the change)`, file: parsed.file, ...positionOf(parsed, pointer), pointer });
    return undefined;
  }
  return {
    id: `${step.id}.update`,
    specId: `${step.specId}.update`,
    pointer,
    // A standalone update (no create of its own) keeps the step's name.
    name: u.name ?? (!step.ensure && !step.request ? step.name : u.manual ? `Drift check: ${step.name}` : `Update: ${step.name}`),
    ...(u.description ? { description: u.description } : {}),
    ...(step.when ? { when: step.when } : {}),
    request,
    check: u.check ?? { status: [200, 201] },
    ...(u.captureAnswer ? { capture: u.captureAnswer } : {}),
    ...(step.retry !== undefined ? { retry: step.retry } : {}),
    ...(step.hints ? { hints: step.hints } : {}),
    // The update sends (and compares against) the rows the create would send: the same filter applies.
    ...(step.filterRows && !u.manual ? { filterRows: step.filterRows } : {}),
    drift,
    ...(u.conflict ? { conflict: { on: u.conflict.on ?? [412], in: lookupIn } } : {}),
  };
}

/** Inserts each step's update request after it (recursively through folders). */
export function expandUpdates(steps: ResolvedStep[], parsed: ParsedFile, diagnostics: Diagnostic[]): ResolvedStep[] {
  return steps.flatMap((s) => {
    if (s.steps) return [{ ...s, steps: expandUpdates(s.steps, parsed, diagnostics) }];
    if (!s.update) return [s];
    const { update: _u, ...create } = s;
    const u = updateStep(s, parsed, diagnostics);
    // A standalone update (no ensure, no request of its own) is only the update request.
    if (!s.ensure && !s.request) return u ? [u] : [];
    return u ? [create as ResolvedStep, u] : [create as ResolvedStep];
  });
}
