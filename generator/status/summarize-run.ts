// One Flow Service run (FlowRunItemDTO) as the status table shows it: the statusSummary status, records read /
// written / failed, duration, and the first errors with their codes — from the run's metrics and, where Adobe
// puts the details, its activities' statusSummary (errors and extensions.errors).
export interface RunError { code: string; message: string }

export interface RunSummary {
  id: string;
  /** metrics.statusSummary.status as Flow Service reports it (success, failed, inProgress, …). */
  status: string;
  finished: boolean;
  ok: boolean;
  startedAt?: number;
  completedAt?: number;
  durationMs?: number;
  read?: number;
  written?: number;
  failed?: number;
  errors: RunError[];
}

const MAX_ERRORS = 3;
const FINISHED_OK = new Set(['success', 'succeeded', 'completed']);
const FINISHED_BAD = new Set(['failed', 'failure', 'error', 'cancelled', 'canceled', 'partialsuccess']);

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function errorsOf(summary: Record<string, unknown>): RunError[] {
  const lists = [summary.errors, obj(summary.extensions).errors];
  return lists.flatMap((l) => (Array.isArray(l) ? l : [])).map(obj)
    .filter((e) => typeof e.message === 'string' || typeof e.code === 'string')
    .map((e) => ({ code: String(e.code ?? ''), message: String(e.message ?? '') }));
}

export function summarizeRun(run: Record<string, unknown>): RunSummary {
  const metrics = obj(run.metrics);
  const status = String(obj(metrics.statusSummary).status ?? 'unknown');
  const lower = status.toLowerCase();
  const duration = obj(metrics.durationSummary);
  const records = obj(metrics.recordSummary);
  const startedAt = num(duration.startedAtUTC);
  const completedAt = num(duration.completedAtUTC);
  const seen = new Set<string>();
  const errors = [obj(metrics.statusSummary), ...(Array.isArray(run.activities) ? run.activities.map((a) => obj(obj(a).statusSummary)) : [])]
    .flatMap(errorsOf)
    .filter((e) => { const k = `${e.code}|${e.message}`; if (seen.has(k)) return false; seen.add(k); return true; })
    .slice(0, MAX_ERRORS);
  const finished = FINISHED_OK.has(lower) || FINISHED_BAD.has(lower);
  return {
    id: String(run.id ?? ''), status, finished, ok: FINISHED_OK.has(lower),
    startedAt, completedAt, durationMs: startedAt !== undefined && completedAt !== undefined ? completedAt - startedAt : undefined,
    read: num(records.inputRecordCount), written: num(records.outputRecordCount) ?? num(records.createdRecordCount), failed: num(records.failedRecordCount),
    errors,
  };
}
