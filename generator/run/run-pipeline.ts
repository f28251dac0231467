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
import { writeReports, type ReportData } from './write-reports';
import { environmentFor } from './environment-for';
import { selectCollections } from './select-collections';

export { selectCollections } from './select-collections';
import { waitAndReport, type RunWaitOptions, type RunWaitResult } from '../status/wait-and-report';

export { RunConfigError } from './prepare-target';

export interface RunOptions extends TargetOptions {
  only?: string;
  bail?: boolean;
  timeoutRequestMs?: number;
  timeoutScriptMs?: number;
  reports?: { junit: boolean; json: boolean };
  reportsDir?: string;
  /** Write the final environment here, secrets emptied. */
  exportEnvironment?: string;
  listener?: RunListener & { collectionStart?(name: string, title: string): void; masker?(m: Masker): void };
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

export async function runPipeline(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const empty: RunResult = { exitCode: 2, problems: [], requests: [], failures: [], outputs: {}, writes: 0, tokenRequests: 0, existing: 0, durationMs: 0, reportFiles: [], warnings: [] };
  const target = await prepareTarget(opts);
  const { root, compiled, variables, problems, warnings, local } = target;
  try {
    const plan = selectCollections(compiled, opts.only);
    if (problems.length) return { ...empty, problems, variables, durationMs: Date.now() - started };
    for (const w of warnings) opts.listener?.console?.({ collection: '', step: '', level: 'warn', text: `warning: ${w}` });

    const mask = createMasker(compiled.secretNames.map((k) => variables.values[k] ?? ''));
    opts.listener?.masker?.(mask);
    const learn = (vals: Record<string, string>) => { for (const k of compiled.secretNames) if (vals[k]) mask.add(vals[k]); };
    const listener: RunListener = {
      request: (e) => opts.listener?.request?.({ ...e, url: mask(e.url) }),
      failure: (e) => { failures.push({ ...e, message: mask(e.message) }); opts.listener?.failure?.({ ...e, message: mask(e.message) }); },
      console: (e) => opts.listener?.console?.({ ...e, text: mask(e.text) }),
      variables: learn,
    };
    const failures: FailureEvent[] = [];
    const requests: RequestEvent[] = [];
    const collections: ReportData['collections'] = [];
    let env = { ...variables.values };
    let failed = false;
    let existing = 0;
    const tokens: RequestEvent[] = [];
    for (const step of plan) {
      const c = compiled.collections.find((x) => x.name === step.name)!;
      if (failed) { collections.push({ name: c.name, requests: [], failures: [], skipped: true }); continue; }
      opts.listener?.collectionStart?.(c.name, c.title);
      const before = failures.length;
      const result = await runCollection({
        name: c.name, collection: c.json, environment: environmentFor(c.uses, env), folder: step.folder,
        timeoutRequestMs: opts.timeoutRequestMs ?? 30000, timeoutScriptMs: opts.timeoutScriptMs, bail: opts.bail, listener,
      });
      env = { ...env, ...result.environment };
      existing += result.existing;
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
    const writes = requests.filter((r) => WRITE_METHODS.has(r.method) && r.status !== undefined).length - tokens.filter((r) => WRITE_METHODS.has(r.method) && r.status !== undefined).length;
    const durationMs = Date.now() - started;
    const reportFiles = writeReports(opts.reportsDir ?? path.join(root, 'reports'), { env: opts.env, startedAt: new Date(started).toISOString(), durationMs, collections, outputs, writes }, mask, opts.reports ?? { junit: true, json: true });
    if (opts.exportEnvironment) {
      const secret = new Set(compiled.secretNames);
      const values = Object.entries(env).map(([key, value]) => ({ key, value: secret.has(key) ? '' : value, type: secret.has(key) ? 'secret' : 'default', enabled: true }));
      fs.writeFileSync(opts.exportEnvironment, mask(`${JSON.stringify({ name: `postforge ${opts.env} (exported)`, values, _postman_variable_scope: 'environment' }, null, 2)}\n`));
      reportFiles.push(opts.exportEnvironment);
    }
    if (wait) reportFiles.push(...wait.reportFiles);
    return { exitCode: failed ? 1 : 0, problems: [], requests, failures, outputs, writes, tokenRequests: tokens.length, existing, durationMs, reportFiles, variables, simulatorUrl: local?.simulator.url, warnings, wait };
  } finally {
    await target.release();
  }
}
