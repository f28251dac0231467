// The after-response part of a step — bounded retries, "already exists" answers, checks, lookup index with
// paging, captures, failure hints — compiled to one readable call: postforge.after(pm, {...}).
import type { CaptureSpec, Expectation, RetrySpec } from '../spec/types';
import type { ResolvedStep } from './expand-steps';
import { compactJson } from './compact-json';
import type { ScriptContext } from './build-prerequest';

export const DEFAULT_RETRY: Required<RetrySpec> = { maxAttempts: 4, on: [429, '5xx', 'network'], baseDelayMs: 1000, maxDelayMs: 30000 };

function expectations(kind: 'json' | 'header', entries: Record<string, Expectation>): unknown[][] {
  const out: unknown[][] = [];
  for (const [path, exp] of Object.entries(entries)) {
    const e = exp !== null && typeof exp === 'object' ? exp : { equals: exp };
    const label = `${kind} ${path}`;
    if (e.exists !== undefined) out.push([`${label} ${e.exists ? 'is present' : 'is absent'}`, kind, path, 'exists', e.exists]);
    if (e.equals !== undefined) out.push([`${label} equals ${JSON.stringify(e.equals)}`, kind, path, 'equals', e.equals]);
    if (e.contains !== undefined) out.push([`${label} contains ${JSON.stringify(e.contains)}`, kind, path, 'contains', e.contains]);
    if (e.matches !== undefined) out.push([`${label} matches /${e.matches}/`, kind, path, 'matches', e.matches]);
    if (e.type !== undefined) out.push([`${label} is ${e.type}`, kind, path, 'type', e.type]);
    if (e.minLength !== undefined) out.push([`${label} has at least ${e.minLength}`, kind, path, 'minLength', e.minLength]);
  }
  return out;
}

function captureConfig(name: string, c: CaptureSpec): Record<string, unknown> {
  return {
    name,
    ...(c.value !== undefined ? { value: c.value } : c.header !== undefined ? { header: c.header } : { json: c.json ?? '' }),
    ...(c.match ? { match: c.match } : {}),
    ...(c.as && c.as !== 'string' ? { as: c.as } : {}),
    ...(c.scope === 'collection' ? { scope: 'collection' } : {}),
    ...(c.optional ? { optional: true } : {}),
  };
}

/** Item ids the after-script may jump to: the lookup to repeat before retrying a write, and where a skipped folder ends. */
export interface Jumps { relook?: string; skipRestNext?: string | null; drop?: string[]; reread?: string; nextPage?: string; pageOf?: string }

export function testConfig(step: ResolvedStep, retry: RetrySpec | false, reauth?: { step: string; on: number[]; clear: string[] }, jumps: Jumps = {}): Record<string, unknown> {
  const cfg: Record<string, unknown> = { step: step.id, status: [step.check?.status ?? [200, 201]].flat() };
  if (retry !== false) {
    const r = { ...DEFAULT_RETRY, ...retry };
    cfg.retry = { max: r.maxAttempts, on: r.on.filter((x) => typeof x === 'number'), serverErrors: r.on.includes('5xx'), network: r.on.includes('network'), baseDelayMs: r.baseDelayMs, maxDelayMs: r.maxDelayMs };
  }
  if (step.alreadyExists) cfg.alreadyExists = step.alreadyExists;
  if (jumps.relook) cfg.relook = jumps.relook;
  if (step.skipRestOn) {
    const sk = step.skipRestOn;
    cfg.skipRest = { status: sk.status, ...(sk.match ? { match: sk.match } : {}), warning: sk.warning, next: jumps.skipRestNext ?? null, ...(sk.record ? { record: [sk.record.into, sk.record.value] } : {}) };
  }
  if (step.poll) {
    const r = { ...DEFAULT_RETRY, ...(retry || {}) };
    const pl = step.poll;
    cfg.poll = { path: pl.path, until: pl.until, ...(pl.fail ? { fail: pl.fail } : {}), max: pl.maxAttempts ?? 20, baseDelayMs: pl.baseDelayMs ?? r.baseDelayMs, maxDelayMs: pl.maxDelayMs ?? r.maxDelayMs };
  }
  const expect = [...expectations('json', step.check?.json ?? {}), ...expectations('header', step.check?.headers ?? {})];
  if (expect.length) cfg.expect = expect;
  if (step.index) {
    const ix = step.index;
    const p = ix.paginate;
    cfg.index = {
      name: step.specId,
      // The page counter and queue belong to the lookup; its "next page" request shares them.
      step: step.pageOf ?? step.id,
      ...(jumps.nextPage ? { nextPage: jumps.nextPage } : {}),
      // On "next page": the lookup's first request, which a write waiting for this lookup named.
      ...(jumps.pageOf ? { first: jumps.pageOf } : {}),
      items: ix.items ?? '',
      key: [ix.key].flat(),
      ...(ix.keep ? { keep: ix.keep } : {}),
      ...(p ? { paginate: { next: [...(p.nextUrl ? [[p.nextUrl, 'url']] : []), ...(p.nextParam ? [[p.nextParam.from, p.nextParam.name]] : [])], maxPages: p.maxPages ?? 50 } } : {}),
    };
  }
  const captures = Object.entries(step.capture ?? {}).map(([n, c]) => captureConfig(n, typeof c === 'string' ? { json: c } : c));
  if (captures.length) cfg.capture = captures;
  if (step.hints?.length) cfg.hints = step.hints.map((h) => [h.match, h.hint]);
  if (step.continueOnFailure) cfg.continueOnFailure = true;
  if (reauth) cfg.reauth = reauth;
  if (step.resume) cfg.resume = true;
  if (jumps.drop?.length) cfg.drop = jumps.drop;
  if (step.conflict && jumps.reread) cfg.conflict = { on: step.conflict.on, reread: jumps.reread };
  return cfg;
}

export function buildTest(step: ResolvedStep, retry: RetrySpec | false, reauth: { step: string; on: number[]; clear: string[] } | undefined, jumps: Jumps, ctx: ScriptContext): string[] {
  // `at`: its place in the run plan, from where the runtime decides the requests that follow.
  const cfg = { ...testConfig(step, retry, reauth, { ...jumps, drop: ctx.drop }), ...(ctx.at !== undefined ? { at: ctx.at } : {}) };
  const call = `postforge.after(pm, ${compactJson(cfg)})`;
  if (retry === false && !step.poll) return [`// postforge: after "${step.name}"`, ...ctx.loader, ...`${call};`.split('\n')];
  return [
    `// postforge: after "${step.name}"`,
    ...ctx.loader,
    ...`const wait = ${call};`.split('\n'),
    '// Before a retry or the next poll, wait here (Retry-After or the backoff): timers must belong to this script.',
    'if (wait) setTimeout(function () {}, wait);',
  ];
}
