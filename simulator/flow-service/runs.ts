// Dataflow runs: GET /runs (property=flowId==…, orderby, limit, continuationToken, `_links.next.href`) and
// GET /runs/{id}, in the FlowRunItemDTO shape of Adobe's Flow Service OpenAPI and the "monitor dataflows" guide.
// Runs are derived from each flow's schedule and the simulator clock, so no timer runs inside the simulator:
// iteration k starts at start + k × interval and finishes `flowRuns.delayMs` later, with the configured outcome.
import { createHash } from 'node:crypto';
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import type { SimApp } from '../core/app';
import { notFound, problem } from './errors';
import { parseProperties } from './query';
import { flowState, inSandbox, type Entity } from './store';

const BASE = '/data/foundation/flowservice';
const PERIOD_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };
/** Only the newest iterations are kept, as a long-lived flow would otherwise list thousands. */
const MAX_RUNS = 100;

function stableId(seed: string): string {
  const h = createHash('md5').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Records a run of this table reads: configured, or a stable number per table so objects differ. */
function recordCount(ctx: SimContext, table: string): number {
  if (ctx.config.flowRuns.records !== undefined) return ctx.config.flowRuns.records;
  return 100 + (parseInt(createHash('md5').update(table).digest('hex').slice(0, 4), 16) % 900);
}

function tableOf(ctx: SimContext, flow: Entity): string {
  const sourceId = (flow.sourceConnectionIds as string[])[0];
  const source = flowState(ctx.state).sourceConnections.get(sourceId);
  return String((source?.params as { tableName?: string } | undefined)?.tableName ?? '');
}

function runAt(ctx: SimContext, flow: Entity, k: number, startedAt: number): Record<string, unknown> {
  const now = ctx.now();
  const { delayMs, failures } = ctx.config.flowRuns;
  const table = tableOf(ctx, flow);
  const done = now >= startedAt + delayMs;
  const completedAt = startedAt + delayMs;
  const failure = failures?.[table];
  const input = recordCount(ctx, table);
  const id = stableId(`${flow.id}:run:${k}`);
  const status = !done ? 'inProgress' : failure ? 'failed' : 'success';
  const errors = done && failure ? [{ code: failure.code, message: failure.message }] : [];
  return {
    id, createdAt: startedAt, updatedAt: done ? completedAt : startedAt,
    createdBy: flow.createdBy, updatedBy: flow.updatedBy, createdClient: flow.createdClient, updatedClient: flow.updatedClient,
    sandboxId: flow.sandboxId, sandboxName: flow.sandboxName, imsOrgId: flow.imsOrgId,
    flowId: flow.id, flowSpec: flow.flowSpec,
    providerRefId: `M-${flow.id}-incremental-${k}:${id}`,
    etag: `"${id.slice(0, 8)}-0000-0200-0000-${String(k).padStart(12, '0')}"`,
    metrics: {
      durationSummary: { startedAtUTC: startedAt, ...(done ? { completedAtUTC: completedAt } : {}) },
      sizeSummary: { inputBytes: done ? input * 240 : 0, outputBytes: done && !failure ? input * 180 : 0 },
      recordSummary: done
        ? { inputRecordCount: input, outputRecordCount: failure ? 0 : input, failedRecordCount: failure ? input : 0 }
        : {},
      fileSummary: { inputFileCount: done ? 1 : 0, outputFileCount: done && !failure ? 1 : 0 },
      statusSummary: { status, ...(errors.length ? { errors } : {}) },
    },
    activities: [{
      id: failure ? 'promotionActivity' : 'copyActivity', updatedAtUTC: done ? completedAt : startedAt,
      durationSummary: { startedAtUTC: startedAt, ...(done ? { completedAtUTC: completedAt } : {}) },
      statusSummary: { status, ...(errors.length ? { errors } : {}) },
    }],
  };
}

/** Every iteration of the flow that has started by now, oldest first. */
export function runsOfFlow(ctx: SimContext, flow: Entity): Array<Record<string, unknown>> {
  if (flow.state === 'disabled') return [];
  const schedule = (flow.scheduleParams ?? {}) as { startTime?: number; frequency?: string; interval?: number };
  const created = Number(flow.createdAt);
  // A start time in the future (seconds) delays the first run; one in the past means "now".
  const requested = typeof schedule.startTime === 'number' ? schedule.startTime * 1000 : created;
  const first = requested > created + 1000 ? requested : created;
  const period = schedule.frequency && schedule.frequency !== 'once' ? (PERIOD_MS[schedule.frequency] ?? 0) * (schedule.interval ?? 1) : 0;
  const now = ctx.now();
  if (now < first) return [];
  const last = period > 0 ? Math.floor((now - first) / period) : 0;
  const out: Array<Record<string, unknown>> = [];
  for (let k = Math.max(0, last - MAX_RUNS + 1); k <= last; k++) out.push(runAt(ctx, flow, k, first + k * period));
  return out;
}

function allRuns(req: SimRequest, ctx: SimContext): Array<Record<string, unknown>> {
  return inSandbox(flowState(ctx.state).flows, req).flatMap((f) => runsOfFlow(ctx, f));
}

function listRuns(req: SimRequest, ctx: SimContext): SimResponse {
  const parsed = parseProperties(req.query);
  if ('error' in parsed) return parsed.error;
  const orderby = req.query.get('orderby') ?? 'createdAt';
  const m = /^(-)?(createdAt|updatedAt)$/.exec(orderby);
  if (!m) return problem('FLOW-1453-400', 400, 'Invalid request', `Invalid query value ${orderby} provided in query param.`);
  const dir = m[1] ? -1 : 1;
  const items = allRuns(req, ctx).filter(parsed.predicate)
    .sort((a, b) => dir * (Number(a[m[2]]) - Number(b[m[2]])) || String(a.id).localeCompare(String(b.id)));
  const limit = Number(req.query.get('limit') ?? ctx.config.pageSize);
  if (!Number.isInteger(limit) || limit < 1) return problem('FLOW-1453-400', 400, 'Invalid request', `Invalid query value ${req.query.get('limit')} provided in query param.`);
  const token = req.query.get('continuationToken');
  const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) return problem('FLOW-1453-400', 400, 'Invalid request', 'Invalid continuationToken provided in query param.');
  const page = items.slice(start, start + limit);
  const body: Record<string, unknown> = { items: page, _links: {} };
  if (start + limit < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('continuationToken', Buffer.from(String(start + limit)).toString('base64url'));
    // Flow Service links are relative to the service, not absolute URLs.
    body._links = { next: { href: `/runs?${next.toString()}` } };
  }
  if (req.query.get('count') === 'true') body.count = items.length;
  return { status: 200, body };
}

export function registerRuns(app: SimApp): void {
  app.route({ method: 'GET', pattern: `${BASE}/runs`, auth: 'platform', handler: listRuns });
  app.route({
    method: 'GET', pattern: `${BASE}/runs/:id`, auth: 'platform',
    handler: (req, ctx) => {
      const run = allRuns(req, ctx).find((r) => r.id === req.params.id);
      return run ? { status: 200, body: { items: [run] } } : notFound('runs', req.params.id);
    },
  });
}
