// The runner: resolve variables, check them before any request, start the simulator for `local`, run the
// pipeline's collections in order through Newman sharing one environment, mask secrets on every output path,
// and write reports. Returns data; printing belongs to the CLI (it subscribes through `listener`).
import fs from 'node:fs';
import path from 'node:path';
import type { CompiledProject } from '../index';
import type { ResolvedVariables } from './resolve-variables';
import type { VariableProblem } from './check-variables';
import { prepareTarget, type TargetOptions } from './prepare-target';
import { createMasker, type Masker } from './mask-secrets';
import { runCollection, type FailureEvent, type RequestEvent, type RunListener } from './run-collection';
import { writePlan, writeReports, type ReportData } from './write-reports';
import { environmentFor } from './environment-for';
import { selectCollections } from './select-collections';

export { selectCollections } from './select-collections';
import { waitAndReport, type RunWaitOptions, type RunWaitResult } from '../status/wait-and-report';
import { manualChanges, parseChange, type Change } from './changes';

export type { Change, FieldChange } from './changes';

export { RunConfigError } from './prepare-target';

export interface RunOptions extends TargetOptions {
  only?: string;
  bail?: boolean;
  timeoutRequestMs?: number;
  timeoutScriptMs?: number;
  reports?: { junit: boolean; json: boolean };
  reportsDir?: string;
  /** `postforge plan`: every write is skipped and recorded; only reads and token requests are sent. */
  plan?: boolean;
  /** Disable dataflows this tool made for objects no longer in the specs. */
  prune?: boolean;
  /** Changes the API cannot make do not fail the run. */
  allowDrift?: boolean;
  /** Write the final environment here, secrets emptied. */
  exportEnvironment?: string;
  listener?: RunListener & { collectionStart?(name: string, title: string): void; masker?(m: Masker): void; change?(c: Change): void };
  /** `run --wait`: after a successful setup, wait for the dataflows' first runs and collect their status. */
  wait?: RunWaitOptions;
}

export interface RunResult {
  exitCode: 0 | 1 | 2;
  problems: VariableProblem[];
  requests: RequestEvent[];
  failures: FailureEvent[];
  outputs: Record<string, string>;
  /** Platform writes: POST/PUT/PATCH/DELETE that got an answer, token requests not included. */
  writes: number;
  /** Requests to token endpoints (Adobe IMS, Salesforce), the credential grants. */
  tokenRequests: number;
  /** Steps skipped because what they create already exists. */
  existing: number;
  /** Writes made (run) or that would be made (plan), manual changes and removals, in run order. */
  changes: Change[];
  durationMs: number;
  reportFiles: string[];
  variables?: ResolvedVariables;
  simulatorUrl?: string;
  /** Deprecated values in use (shown before the run). */
  warnings: string[];
  /** Set with `wait`: how the wait ended and the status of every dataflow. */
  wait?: RunWaitResult;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One entry per step (a retried or re-read request announces itself again: the last word counts), applied
 * only when the step's last request was answered without an error.
 */
function settleChanges(changes: Change[], requests: RequestEvent[]): Change[] {
  const last = new Map<string, Change>();
  for (const c of changes) { last.delete(`${c.collection}/${c.step}`); last.set(`${c.collection}/${c.step}`, c); }
  return [...last.values()].map((c) => {
    if (!c.applied) return c;
    const answer = requests.filter((r) => r.collection === c.collection && r.step === c.step).pop();
    return { ...c, applied: answer?.status !== undefined && answer.status < 400 };
  });
}

/**
 * What a folder run (--only FOLDER) runs: the folders named, the requests outside any folder (the lookups
 * and base resources the folders build on, each skipped when it exists: a folder alone would send ids
 * nothing in the run has captured) and the folders before the first of those (the access token; the first
 * folder when there are none). `items`: their ids in collection order, for Newman; `folders`: the folder
 * names, for the run plan (POSTFORGE_FOLDERS), which then passes over the rest.
 */
export function folderRun(collection: Record<string, unknown>, named: string[]): { items: string[]; folders: string[] } {
  const top = (collection.item ?? []) as Array<{ id: string; name: string; item?: unknown[] }>;
  const first = top.findIndex((it) => !it.item);
  const leading = new Set((first < 0 ? top.slice(0, 1) : top.slice(0, first)).filter((it) => it.item).map((it) => it.name));
  const runs = top.filter((it) => !it.item || leading.has(it.name) || named.includes(it.name));
  return { items: runs.map((it) => it.id), folders: runs.filter((it) => it.item).map((it) => it.name) };
}

export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const empty: RunResult = { exitCode: 2, problems: [], requests: [], failures: [], outputs: {}, writes: 0, tokenRequests: 0, existing: 0, changes: [], durationMs: 0, reportFiles: [], warnings: [] };
  const target = await prepareTarget(opts);
  const { root, compiled, variables, problems, warnings, local } = target;
  try {
    const plan = selectCollections(compiled, opts.only);
    const readOnly = new Set(plan.filter((p) => p.readOnly).map((p) => p.name));
    if (problems.length) return { ...empty, problems, variables, durationMs: Date.now() - started };
    for (const w of warnings) opts.listener?.console?.({ collection: '', step: '', level: 'warn', text: `warning: ${w}` });

    const mask = createMasker(compiled.secretNames.map((k) => variables.values[k] ?? ''));
    opts.listener?.masker?.(mask);
    const learn = (vals: Record<string, string>) => { for (const k of compiled.secretNames) if (vals[k]) mask.add(vals[k]); };
    const listener: RunListener = {
      request: (e) => opts.listener?.request?.({ ...e, url: mask(e.url) }),
      failure: (e) => { failures.push({ ...e, message: mask(e.message) }); opts.listener?.failure?.({ ...e, message: mask(e.message) }); },
      console: (e) => {
        const change = parseChange(e.collection, mask(e.text));
        // A collection run read-only for --only changes nothing and is not the subject of the run.
        if (change && readOnly.has(e.collection)) return;
        if (change) { changes.push(change); opts.listener?.change?.(change); return; }
        opts.listener?.console?.({ ...e, text: mask(e.text) });
      },
      variables: learn,
    };
    const failures: FailureEvent[] = [];
    const changes: Change[] = [];
    const requests: RequestEvent[] = [];
    const collections: ReportData['collections'] = [];
    let env: Record<string, string> = { ...variables.values, POSTFORGE_PLAN: opts.plan ? 'true' : '', POSTFORGE_PRUNE: opts.prune ? 'true' : '' };
    let failed = false;
    let existing = 0;
    const tokens: RequestEvent[] = [];
    for (const step of plan) {
      const c = compiled.collections.find((x) => x.name === step.name)!;
      if (failed) { collections.push({ name: c.name, requests: [], failures: [], skipped: true }); continue; }
      opts.listener?.collectionStart?.(c.name, step.readOnly ? `${c.title} (read only: what exists, for the ids the next collections use)` : c.title);
      const before = failures.length;
      const part = step.folder ? folderRun(c.json, step.folder) : undefined;
      const result = await runCollection({
        name: c.name, collection: c.json, entrypoints: part?.items,
        environment: environmentFor(c.uses, { ...env, POSTFORGE_FOLDERS: part ? JSON.stringify(part.folders) : '', ...(step.readOnly ? { POSTFORGE_PLAN: 'true' } : {}) }),
        timeoutRequestMs: opts.timeoutRequestMs ?? 30000, timeoutScriptMs: opts.timeoutScriptMs, bail: opts.bail, listener,
      });
      // (A read-only collection ran in plan mode: the run itself is not.)
      env = { ...env, ...result.environment, POSTFORGE_PLAN: env.POSTFORGE_PLAN };
      // A collection only read for --only skips every write: not what "skipped: they exist" counts.
      if (!step.readOnly) existing += result.existing;
      tokens.push(...result.requests.filter((r) => c.tokenSteps.includes(r.step)));
      learn(env);
      requests.push(...result.requests.map((r) => ({ ...r, url: mask(r.url) })));
      collections.push({ name: c.name, requests: result.requests.map((r) => ({ ...r, url: mask(r.url) })), failures: failures.slice(before), skipped: false });
      if (result.failures > 0 || failures.length > before) failed = true;
    }
    let wait: RunWaitResult | undefined;
    if (opts.wait && !failed) {
      wait = await waitAndReport({ values: env, root, mask, reportsDir: opts.reportsDir ?? path.join(root, 'reports'), ...opts.wait });
      if (wait.exitCode !== 0) failed = true;
    }
    const outputs = Object.fromEntries(compiled.outputNames.filter((k) => env[k]).map((k) => [k, env[k]]));
    // Token requests change nothing in the setup: they are not Platform writes.
    const tokenSteps = new Set(compiled.collections.flatMap((c) => [...c.tokenSteps, ...c.safeSteps].map((st) => `${c.name}/${st}`)));
    const writes = requests.filter((r) => WRITE_METHODS.has(r.method) && r.status !== undefined && !tokenSteps.has(`${r.collection}/${r.step}`)).length;
    const settled = settleChanges(changes, requests);
    const manual = manualChanges(settled);
    if (manual.length && !opts.allowDrift && !opts.plan) failed = true;
    const durationMs = Date.now() - started;
    const reportsDir = opts.reportsDir ?? path.join(root, 'reports');
    const reportFiles = writeReports(reportsDir, { env: opts.env, startedAt: new Date(started).toISOString(), durationMs, collections, outputs, writes, changes: settled }, mask, opts.reports ?? { junit: true, json: true });
    if (opts.plan) reportFiles.push(writePlan(reportsDir, { env: opts.env, changes: settled, failed }, mask));
    if (opts.exportEnvironment) {
      const secret = new Set(compiled.secretNames);
      const values = Object.entries(env).map(([key, value]) => ({ key, value: secret.has(key) ? '' : value, type: secret.has(key) ? 'secret' : 'default', enabled: true }));
      fs.writeFileSync(opts.exportEnvironment, mask(`${JSON.stringify({ name: `postforge ${opts.env} (exported)`, values, _postman_variable_scope: 'environment' }, null, 2)}\n`));
      reportFiles.push(opts.exportEnvironment);
    }
    if (wait) reportFiles.push(...wait.reportFiles);
    return { exitCode: failed ? 1 : 0, problems: [], requests, failures, outputs, writes, tokenRequests: tokens.length, existing, changes: settled, durationMs, reportFiles, variables, simulatorUrl: local?.simulator.url, warnings, wait };
  } finally {
    await target.release();
  }
}
