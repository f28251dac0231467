// Semantic checks on resolved steps, across the pipeline in run order: unique ids, ensure → index links, and
// every {{VAR}} either declared (project/spec variables) or captured by an earlier step.
import { didYouMean, type Diagnostic } from '../diagnostics';
import { escapePointer, positionOf, type ParsedFile } from '../load/parse-yaml';
import type { StepSpec, VariableSpec, AuthSpec } from '../spec/types';
import { flattenSteps, type ResolvedStep } from '../compile/expand-steps';

export interface SemanticSpec {
  name: string;
  parsed: ParsedFile;
  steps: StepSpec[];
  resolved: ResolvedStep[];
  variables: Record<string, VariableSpec>;
  baseUrl?: string;
  defaultHeaders?: Record<string, string>;
  defaultAuth?: AuthSpec;
}

const VAR_RE = /\{\{([^{}]+)\}\}/g;

function varsIn(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') for (const m of value.matchAll(VAR_RE)) out.add(m[1].trim());
  else if (Array.isArray(value)) value.forEach((v) => varsIn(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { varsIn(k, out); varsIn(v, out); }
  return out;
}

/** Variables a step sets: captures, ensure captures, ensure.missing, jwt targets. */
/** `{{VAR}}` or scheme://host at the start of a URL: which service it goes to. */
function serviceOf(url: string): string | undefined {
  return /^(\{\{[^{}]+\}\}|[a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url.trim())?.[1].toLowerCase();
}

/** Default headers (API keys, org ids, sandbox names) would go to a URL outside the spec's base URL's service. */
function headersToOtherService(step: ResolvedStep, spec: SemanticSpec): string | undefined {
  const headers = step.defaultHeaders === false ? [] : Object.keys(spec.defaultHeaders ?? {});
  // The default bearer token (an Adobe access token) is a header too, unless the step sets its own auth.
  if (spec.defaultAuth?.type === 'bearer' && !step.request?.auth) headers.push('Authorization');
  const url = step.request?.url;
  if (!headers.length || !url || !spec.baseUrl) return undefined;
  const own = serviceOf(spec.baseUrl);
  const target = serviceOf(url);
  if (!own || !target || target === own) return undefined;
  return `step '${step.specId}' sends the spec's default headers (${headers.join(', ')}) to ${target}, which is not the service of defaults.baseUrl (${own})`;
}

export function producedBy(step: ResolvedStep): string[] {
  return [
    ...Object.keys(step.capture ?? {}),
    ...Object.keys(step.ensure?.capture ?? {}),
    ...(step.ensure?.missing?.into ? [step.ensure.missing.into] : []),
    ...(step.filterRows ? [step.filterRows.into] : []),
    ...(step.skipRestOn?.record ? [step.skipRestOn.record.into] : []),
    ...(step.jwt ?? []).map((j) => j.into),
    ...(step.jwt ?? []).flatMap((j) => (j.expiryInto ? [j.expiryInto] : [])),
    ...Object.keys(step.drift?.capture ?? {}),
  ];
}

function usedBy(step: ResolvedStep, spec: SemanticSpec): Set<string> {
  const used = varsIn([step.request, spec.baseUrl, spec.defaultHeaders, step.ensure?.key, step.ensure?.match, (step.jwt ?? []).map((j) => [j.claims, j.header]), step.drift ? [step.drift.key, step.drift.fields, step.drift.match] : []], new Set());
  for (const j of step.jwt ?? []) used.add(j.key);
  if (step.filterRows) used.add(step.filterRows.columns);
  for (const key of Object.keys(step.when ?? {})) used.add(key);
  return used;
}

function checkDuplicateIds(steps: StepSpec[], spec: SemanticSpec, pointer: string, seen: Map<string, string>, out: Diagnostic[]): void {
  steps.forEach((s, i) => {
    const here = `${pointer}/${i}`;
    if (typeof s?.id !== 'string') return;
    const first = seen.get(s.id);
    if (first) {
      const p = positionOf(spec.parsed, first);
      out.push({ code: 'duplicate-id', severity: 'error', message: `step id '${s.id}' is used twice (first at line ${p.line})`, file: spec.parsed.file, ...positionOf(spec.parsed, `${here}/id`), pointer: `${here}/id` });
    } else seen.set(s.id, `${here}/id`);
    if (Array.isArray(s.steps)) checkDuplicateIds(s.steps, spec, `${here}/steps`, seen, out);
  });
}

export function validateSemantics(specs: SemanticSpec[], projectVariables: Record<string, VariableSpec>, pipeline: string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ordered = [...specs].sort((a, b) => rank(a.name, pipeline) - rank(b.name, pipeline));
  const capturedByPipeline = new Set<string>();
  // What every pipeline spec produces, to tell "captured too late" from "never declared".
  const producedAnywhere = new Map<string, string>();
  for (const spec of ordered) for (const st of flattenSteps(spec.resolved)) for (const v of producedBy(st)) if (!producedAnywhere.has(v)) producedAnywhere.set(v, `${spec.name}/${st.specId}`);

  for (const spec of ordered) {
    checkDuplicateIds(spec.steps, spec, '/steps', new Map(), out);
    const inPipeline = pipeline.includes(spec.name);
    const known = new Set<string>([...Object.keys(projectVariables), ...Object.keys(spec.variables), ...(inPipeline ? capturedByPipeline : [])]);
    const indexes = new Set<string>();
    const seenIds = new Map<string, string>();
    const flat = flattenSteps(spec.resolved);
    const laterInSpec = new Map<string, string>();
    for (const st of flat) for (const v of producedBy(st)) if (!laterInSpec.has(v)) laterInSpec.set(v, st.specId);

    for (const st of flat) {
      // Only rows of one forEach step colliding; two steps sharing an id are reported by checkDuplicateIds.
      if (seenIds.get(st.id) === st.pointer) {
        out.push({ code: 'duplicate-id', severity: 'error', message: `forEach produces the step id '${st.id}' twice; choose a forEach key that is unique per row`, file: spec.parsed.file, ...positionOf(spec.parsed, st.pointer), pointer: st.pointer });
      }
      if (!seenIds.has(st.id)) seenIds.set(st.id, st.pointer);
      if (st.ensure && !indexes.has(st.ensure.in)) {
        out.push({ code: 'unknown-step', severity: 'error', message: `ensure.in names '${st.ensure.in}', which is not an earlier step with an index`, file: spec.parsed.file, ...positionOf(spec.parsed, `${st.pointer}/ensure/in`), pointer: `${st.pointer}/ensure/in`, hint: indexes.size ? `earlier index steps: ${[...indexes].join(', ')}` : 'add `index:` to the lookup step' });
      }
      for (const j of st.jwt ?? []) { known.add(j.into); if (j.expiryInto) known.add(j.expiryInto); }
      for (const v of Object.keys(st.drift?.capture ?? {})) known.add(v);
      if (st.drift && !indexes.has(st.drift.in)) {
        out.push({ code: 'unknown-step', severity: 'error', message: `update.in names '${st.drift.in}', which is not an earlier step with an index`, file: spec.parsed.file, ...positionOf(spec.parsed, st.pointer), pointer: st.pointer });
      }
      for (const v of st.ensure?.missing?.into ? [st.ensure.missing.into] : []) known.add(v);
      const leak = headersToOtherService(st, spec);
      if (leak) out.push({ code: 'headers-to-other-service', severity: 'warning', message: leak, file: spec.parsed.file, ...positionOf(spec.parsed, `${st.pointer}/request/url`), pointer: `${st.pointer}/request/url`, hint: 'add `defaultHeaders: false` and `auth: { type: noauth }` (or that service\'s own auth) to the step' });
      for (const name of usedBy(st, spec)) {
        if (name.startsWith('$') || known.has(name)) continue;
        const use = usePosition(spec, st.pointer, name);
        const pointer = use.pointer;
        const pos = positionOf(spec.parsed, pointer, use.key);
        const producer = laterInSpec.get(name) ?? (inPipeline ? producedAnywhere.get(name) : undefined);
        if (producer) {
          out.push({ code: 'capture-before-set', severity: 'error', message: `step '${st.specId}' uses {{${name}}} before it is captured (by '${producer}')`, file: spec.parsed.file, ...pos, pointer, hint: 'move the capturing step earlier, or declare the variable' });
        } else {
          const guess = didYouMean(name, [...known]);
          out.push({ code: 'undeclared-variable', severity: 'error', message: `step '${st.specId}' uses {{${name}}}, which is neither declared nor captured by an earlier step`, file: spec.parsed.file, ...pos, pointer, hint: guess ? `did you mean {{${guess}}}?` : 'declare it under variables: in specs/postforge.yaml or the spec' });
        }
        known.add(name); // one report per variable and spec
      }
      for (const v of producedBy(st)) known.add(v);
      if (st.index) indexes.add(st.specId);
    }
    if (inPipeline) for (const st of flat) for (const v of producedBy(st)) capturedByPipeline.add(v);
  }
  return out;
}

/** Where the step's source (else `defaults`) mentions {{name}} — or names it bare, as a `when:` key or `jwt.key`. */
function usePosition(spec: SemanticSpec, stepPointer: string, name: string): { pointer: string; key: boolean } {
  const re = new RegExp(`\\{\\{\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`);
  const find = (value: unknown, pointer: string): { pointer: string; key: boolean } | undefined => {
    if (typeof value === 'string') return re.test(value) ? { pointer, key: false } : undefined;
    if (!value || typeof value !== 'object') return undefined;
    for (const [k, v] of Object.entries(value)) {
      const child = `${pointer}/${escapePointer(k)}`;
      if (re.test(k) || (pointer.endsWith('/when') && k === name)) return { pointer: child, key: true };
      if (k === 'key' && v === name && /\/jwt\/\d+$/.test(pointer)) return { pointer: child, key: false };
      const hit = k === 'steps' ? undefined : find(v, child); // nested steps are reported on their own
      if (hit) return hit;
    }
    return undefined;
  };
  const source = spec.parsed.data as Record<string, unknown> | undefined;
  return find(valueAtPointer(source, stepPointer), stepPointer) ?? find(source?.defaults, '/defaults') ?? { pointer: stepPointer, key: false };
}

function valueAtPointer(data: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((cur, seg) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), data);
}

function rank(name: string, pipeline: string[]): number {
  const i = pipeline.indexOf(name);
  return i < 0 ? pipeline.length : i;
}
