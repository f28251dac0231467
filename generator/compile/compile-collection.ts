// Compiles one resolved spec into a Postman Collection v2.1 object: info, folders and requests with
// deterministic ids, `url.raw` kept, bodies in the modes the Postman app writes, and generated scripts.
import type { AuthSpec, BodySpec, DefaultsSpec, RequestSpec } from '../spec/types';
import { flattenSteps, type ResolvedStep } from './expand-steps';
import { buildPrerequest } from './build-prerequest';
import { buildTest, type Jumps } from './build-test';
import { uuidV5 } from './ids';
import { describeCondition } from './conditions';
import { RUNTIME_VARIABLE, SANDBOX2, runtimeLoader, runtimeSource } from './runtime-source';
import { dropPoints } from './lean-context';
import { PLAN_VARIABLE, runPlan, type RequestFacts } from './skip-plan';
import type { ScriptContext } from './build-prerequest';

export const COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

export interface CompileCollectionInput {
  /** Collection file name (spec basename). */
  name: string;
  title: string;
  description?: string;
  defaults: DefaultsSpec;
  steps: ResolvedStep[];
}

type Json = Record<string, unknown>;

export function compileCollection(given: CompileCollectionInput): Json {
  const input = { ...given, steps: withPageTwins(given.steps) };
  const idOf = (stepId: string) => uuidV5(`${input.name}/${stepId}`);
  // Re-authentication jumps to the first included (auth) request, which then resumes the interrupted one.
  const flat = flattenSteps(input.steps);
  const firstIncluded = flat.find((s) => s.resume);
  const reauth = input.defaults.reauth && firstIncluded ? { step: idOf(firstIncluded.id), on: input.defaults.reauth.on ?? [401], clear: input.defaults.reauth.clear } : undefined;
  // The runtime (and the JWT signer, only where a step signs) travels once, as a collection variable; no
  // collection-level script, so an item runs only its own scripts (see runtimeLoader).
  const usesJwt = flat.some((s) => s.jwt?.length);
  const runtime = runtimeSource(usesJwt);
  const drops = dropPoints(flat);
  // The run plan decides each request from the script before it; it needs each request's compiled URL and body.
  const { plan, places } = runPlan(input.steps, idOf, drops, (s) => requestFacts(s, input));
  const ctxOf = (step: ResolvedStep): ScriptContext => ({ loader: runtimeLoader(runtime.id), drop: drops.get(step.id), at: places.get(step.id)?.at, pre: places.get(step.id)?.pre });
  const jumps = jumpTargets(flat, idOf);
  const item = input.steps.map((s) => compileItem(s, input, idOf, ctxOf, reauth, jumps));
  const out: Json = {
    info: {
      _postman_id: uuidV5(`collection/${input.name}`),
      name: input.title,
      ...(input.description ? { description: input.description.trimEnd() } : {}),
      schema: COLLECTION_SCHEMA,
    },
    item,
  };
  if (input.defaults.auth) out.auth = compileAuth(input.defaults.auth);
  const variable: Json[] = [{ key: RUNTIME_VARIABLE, value: runtime.text, type: 'string', description: 'postforge runtime (generated from generator/sandbox/*.js); step scripts evaluate it once per run' }];
  variable.push({ key: PLAN_VARIABLE, value: JSON.stringify(plan), type: 'string', description: 'postforge run plan: each request\'s decision (skip or send), made by the script before it' });
  out.variable = variable;
  return out;
}

/**
 * A paginated lookup becomes two requests: the first page (no pre-request script: a rerun sends it with only its
 * test script) and "next page", which puts the queued page on its URL and repeats itself until the last page.
 * The run plan passes over "next page" while no page is queued.
 */
function withPageTwins(steps: ResolvedStep[]): ResolvedStep[] {
  return steps.flatMap((s): ResolvedStep[] => {
    if (s.steps) return [{ ...s, steps: withPageTwins(s.steps) }];
    if (!s.index?.paginate) return [s];
    const next = `${s.id}.next-page`;
    const twin: ResolvedStep = {
      ...s,
      id: next,
      name: `${s.name.replace(/\s*\(all pages\)$/, '')} (next page)`,
      description: `The next pages of "${s.name}": sent only while that lookup has queued another page.`,
      pageOf: s.id,
    };
    return [{ ...s, nextPage: next }, twin];
  });
}

/**
 * Per step: the item of its `ensure` lookup (the nearest earlier step with that id and an index: the one of
 * the same forEach row), repeated before a write is retried; and for `skipRestOn`, the first request after
 * the step's folder (null: the end of the run).
 */
function jumpTargets(flat: ResolvedStep[], idOf: (id: string) => string): Map<string, Jumps> {
  const out = new Map<string, Jumps>();
  flat.forEach((st, i) => {
    const j: Jumps = {};
    if (st.ensure && st.ensure.relook !== false && st.request?.method !== 'GET') {
      const lookup = flat.slice(0, i).reverse().find((x) => x.specId === st.ensure!.in && x.index && !x.pageOf);
      if (lookup) j.relook = idOf(lookup.id);
    }
    if (st.skipRestOn) {
      const folder = st.id.includes('/') ? st.id.slice(0, st.id.lastIndexOf('/') + 1) : '';
      const after = flat.slice(i + 1).find((x) => !folder || !x.id.startsWith(folder));
      j.skipRestNext = after ? idOf(after.id) : null;
    }
    // An update answered 412 (stale etag) goes back to the nearest earlier lookup it compared against.
    if (st.conflict) {
      const lookup = flat.slice(0, i).reverse().find((x) => x.specId === st.conflict!.in && x.index && !x.pageOf);
      if (lookup) j.reread = idOf(lookup.id);
    }
    if (st.nextPage) j.nextPage = idOf(st.nextPage);
    if (st.pageOf) j.pageOf = idOf(st.pageOf);
    if (j.relook || j.reread || j.nextPage || j.pageOf || st.skipRestOn) out.set(st.id, j);
  });
  return out;
}

type Reauth = { step: string; on: number[]; clear: string[] };

function compileItem(step: ResolvedStep, input: CompileCollectionInput, idOf: (id: string) => string, ctxOf: (s: ResolvedStep) => ScriptContext, reauth: Reauth | undefined, jumps: Map<string, Jumps>): Json {
  const description = stepDescription(step);
  if (step.steps) {
    return {
      id: idOf(step.id),
      name: step.name,
      ...(description ? { description } : {}),
      item: step.steps.map((s) => compileItem(s, input, idOf, ctxOf, reauth, jumps)),
    };
  }
  const event: Json[] = [];
  const pre = buildPrerequest(step, ctxOf(step));
  if (pre) event.push({ listen: 'prerequest', script: { id: idOf(`${step.id}#prerequest`), type: 'text/javascript', exec: [SANDBOX2, ...pre] } });
  const defaults = step.defaults ?? input.defaults;
  const retry = step.retry === false ? false : { ...(defaults.retry ?? {}), ...(step.retry ?? {}) };
  event.push({ listen: 'test', script: { id: idOf(`${step.id}#test`), type: 'text/javascript', exec: [SANDBOX2, ...buildTest(step, retry, step.resume ? undefined : reauth, jumps.get(step.id) ?? {}, ctxOf(step))] } });
  // An included step keeps its own spec's auth even though the collection's auth differs.
  const request = step.defaults?.auth && !step.request!.auth ? { ...step.request!, auth: step.defaults.auth } : step.request!;
  return {
    id: idOf(step.id),
    name: step.name,
    event,
    request: compileRequest(request, step.defaultHeaders === false ? { ...defaults, headers: {} } : defaults, description),
    response: [],
  };
}

/** A step's request as compiled: method, raw URL (base URL and query in) and raw body. */
function requestFacts(step: ResolvedStep, input: CompileCollectionInput): RequestFacts {
  const defaults = step.defaults ?? input.defaults;
  const req = step.request!;
  const body = req.body ? compileBody(req.body).json : undefined;
  const text = body ? JSON.stringify(body) : '';
  return { method: req.method, url: String(compileUrl(joinUrl(defaults.baseUrl, req.url), req.query).raw), body: text };
}

function stepDescription(step: ResolvedStep): string | undefined {
  const parts: string[] = [];
  if (step.description) parts.push(step.description.trimEnd());
  if (step.when) parts.push(`Runs only when ${describeCondition(step.when)}.`);
  if (step.ensure) parts.push(`Idempotent: skipped when the lookup \`${step.ensure.in}\` already found \`${step.ensure.key}\`.`);
  if (step.drift?.manual) parts.push(`Drift check: when ${step.drift.fields.map((f) => `\`${f.label ?? f.path}\``).join(', ')} of \`${step.drift.key}\` differ from the spec, this is reported as a manual step and nothing is sent: ${step.drift.manual}`);
  else if (step.drift) parts.push(`Update in place: sent only when ${step.drift.fields.map((f) => `\`${f.label ?? f.path}\``).join(', ')} of \`${step.drift.key}\` (lookup \`${step.drift.in}\`) differ from the spec.`);
  return parts.length ? parts.join('\n\n') : undefined;
}

function joinUrl(base: string | undefined, url: string): string {
  if (!base || /^(\{\{[^}]+\}\}|[a-z]+:\/\/)/i.test(url)) return url;
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function compileUrl(raw: string, query: Record<string, string> | undefined): Json {
  const q = Object.entries(query ?? {});
  const full = q.length ? `${raw}${raw.includes('?') ? '&' : '?'}${q.map(([k, v]) => `${k}=${v}`).join('&')}` : raw;
  const [beforeQuery, queryString] = splitOnce(full, '?');
  const m = /^(?:([a-z]+):\/\/)?([^/]*)(\/.*)?$/i.exec(beforeQuery)!;
  const url: Json = { raw: full };
  if (m[1]) url.protocol = m[1];
  // Split host and port the way Postman parses `raw`, treating each {{VAR}} as one opaque label.
  const vars: string[] = [];
  const masked = m[2].replace(/\{\{[^{}]*\}\}/g, (v) => `\u0000${vars.push(v) - 1}\u0000`);
  const unmask = (s: string) => s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => vars[Number(i)]);
  const [host, port] = splitOnce(masked, ':');
  url.host = host.split('.').map(unmask);
  if (port) url.port = unmask(port);
  url.path = (m[3] ?? '').split('/').slice(1);
  if (queryString !== undefined) {
    url.query = queryString.split('&').filter(Boolean).map((pair) => {
      const [key, value] = splitOnce(pair, '=');
      return { key, value: value ?? null };
    });
  }
  return url;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

function compileRequest(req: RequestSpec, defaults: DefaultsSpec, description: string | undefined): Json {
  const headers: Record<string, string> = { ...(defaults.headers ?? {}), ...(req.headers ?? {}) };
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name.toLowerCase());
  const body = req.body ? compileBody(req.body) : undefined;
  if (body && body.contentType && !has('content-type')) headers['Content-Type'] = body.contentType;
  const out: Json = {};
  if (req.auth) out.auth = compileAuth(req.auth);
  out.method = req.method;
  out.header = Object.entries(headers).map(([key, value]) => ({ key, value, type: 'text' }));
  if (body) out.body = body.json;
  out.url = compileUrl(joinUrl(defaults.baseUrl, req.url), req.query);
  if (description) out.description = description;
  return out;
}

function compileBody(b: BodySpec): { json: Json; contentType?: string } {
  if (b.form) return { json: { mode: 'urlencoded', urlencoded: Object.entries(b.form).map(([key, value]) => ({ key, value, type: 'text' })) }, contentType: 'application/x-www-form-urlencoded' };
  if (b.multipart) return { json: { mode: 'formdata', formdata: Object.entries(b.multipart).map(([key, value]) => ({ key, value, type: 'text' })) } };
  if (b.raw) return { json: { mode: 'raw', raw: b.raw.text }, contentType: b.raw.contentType };
  return { json: { mode: 'raw', raw: JSON.stringify(b.json, null, 2), options: { raw: { language: 'json' } } }, contentType: 'application/json' };
}

function compileAuth(a: AuthSpec): Json {
  if (a.type === 'bearer') return { type: 'bearer', bearer: [{ key: 'token', value: a.token ?? '', type: 'string' }] };
  if (a.type === 'basic') return { type: 'basic', basic: [{ key: 'username', value: a.username ?? '', type: 'string' }, { key: 'password', value: a.password ?? '', type: 'string' }] };
  return { type: 'noauth' };
}
