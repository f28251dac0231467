// Updates in place, as Adobe documents them: PATCH /flows/{id} and PATCH /connections/{id} take a JSON Patch
// array and require `If-Match` with the entity's current etag (a new etag after every update, 412 on a stale
// one); POST /flows/{id}/action?op=enable|disable changes a dataflow's state; DELETE /flows/{id} answers 204.
// Sources: help/sources/tutorials/api/update-dataflows.md, update.md, delete-dataflows.md.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import type { SimApp } from '../core/app';
import { findMappingSet } from '../conversion';
import { findDataSet } from '../catalog';
import { authSpecByName, checkAuthParams, maskSecrets, testSalesforceLogin } from './credentials';
import { badRequest, notFound, problem } from './errors';
import { checkSchedule } from './schedule';
import { findInSandbox, flowState, isObject, newEtag, type Entity } from './store';

const BASE = '/data/foundation/flowservice';

type Op = { op: string; path: string; value?: unknown };

/** The ops, or the error answer: a non-empty array of add/replace/remove with a JSON pointer path. */
function patchOps(body: unknown): Op[] | SimResponse {
  if (!Array.isArray(body) || body.length === 0) return problem('FLOW-1405-400', 400, 'Invalid request', 'The request body must be a non-empty JSON Patch array.');
  for (const op of body) {
    if (!isObject(op) || !['add', 'replace', 'remove'].includes(String(op.op)) || typeof op.path !== 'string' || !op.path.startsWith('/')) {
      return problem('FLOW-1405-400', 400, 'Invalid request', `Invalid patch operation ${JSON.stringify(op)}; operations are add, replace and remove with a path.`);
    }
  }
  return body as Op[];
}

/** If-Match is required and must be the current etag (quoted as Flow Service writes it, or bare). */
function checkIfMatch(req: SimRequest, entity: Entity, kind: string): SimResponse | undefined {
  const raw = req.headers['if-match'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return problem('FLOW-1406-400', 400, 'Invalid request', `The If-Match header is required to update ${kind} ${entity.id}; send its current etag.`);
  const bare = (s: string) => s.replace(/^W\//, '').replace(/^"+|"+$/g, '');
  if (bare(value) !== bare(entity.etag)) {
    return problem('FLOW-1407-412', 412, 'Precondition failed', `The ${kind} ${entity.id} was changed since etag ${value} was read (current etag ${entity.etag}). Read it again and retry.`);
  }
  return undefined;
}

function setAt(target: Record<string, unknown>, pointer: string, op: Op): string | undefined {
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = target;
  for (const k of keys.slice(0, -1)) {
    cur = isObject(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[k] : undefined;
    if (cur === undefined) return `path ${pointer} does not exist`;
  }
  const last = keys[keys.length - 1];
  const holder = cur as Record<string, unknown>;
  if (op.op === 'remove') { if (Array.isArray(holder)) holder.splice(Number(last), 1); else delete holder[last]; return undefined; }
  if (op.op === 'replace' && !(last in holder)) return `path ${pointer} does not exist`;
  holder[last] = op.value;
  return undefined;
}

/** Stored schedule values are strings, as GET answers them ("interval": "15"). */
export function storedSchedule(s: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)]));
}

function numericSchedule(s: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'frequency' || typeof v !== 'string' ? v : k === 'backfill' ? v === 'true' : Number(v)]));
}

function patchFlow(req: SimRequest, ctx: SimContext): SimResponse {
  const flow = findInSandbox(flowState(ctx.state).flows, req, req.params.id);
  if (!flow) return notFound('flows', req.params.id);
  const conflict = concurrentEdit(ctx, flow) ?? checkIfMatch(req, flow, 'flow');
  if (conflict) return conflict;
  const ops = patchOps(req.body);
  if (!Array.isArray(ops)) return ops;
  const allowed = /^\/(name|description|scheduleParams\/(frequency|interval|backfill|startTime)|transformations\/\d+)$/;
  const next = JSON.parse(JSON.stringify(flow)) as Entity;
  for (const op of ops) {
    if (!allowed.test(op.path)) return badRequest(`The path ${op.path} cannot be updated on a dataflow; create a new dataflow instead.`);
    const why = setAt(next, op.path, op);
    if (why) return badRequest(why);
  }
  const before = flow.scheduleParams as Record<string, unknown>;
  const after = next.scheduleParams as Record<string, unknown>;
  // help/sources/tutorials/ui/update-dataflows.md: only a dataflow on a recurring schedule can be rescheduled
  // (a one-time one cannot, nor have its mapping updated); turning a recurring one into a one-time one is not
  // documented either, so both are refused.
  if (before.frequency === 'once' && ops.some((o) => /^\/(scheduleParams|transformations)\//.test(o.path))) {
    return badRequest('A dataflow configured for one-time ingestion cannot be rescheduled or have its mapping updated; create a new dataflow instead.');
  }
  if (before.frequency !== 'once' && after.frequency === 'once') {
    return badRequest('A dataflow on a recurring schedule cannot be changed to one-time ingestion; create a new dataflow instead.');
  }
  if (String(after.startTime) !== String(before.startTime) && Number(before.startTime) * 1000 <= ctx.now()) {
    return badRequest('The startTime of a dataflow cannot be updated once the scheduled startTime has passed.');
  }
  const schedErr = checkSchedule(numericSchedule(after));
  if (schedErr) return schedErr;
  next.scheduleParams = storedSchedule(after);
  const list = Array.isArray(next.transformations) ? next.transformations : [];
  const mapping = list.find((t) => isObject(t) && t.name === 'Mapping') as { params?: Record<string, unknown> } | undefined;
  if (!mapping?.params) return badRequest('The Mapping transformation of a CRM dataflow cannot be removed.');
  const set = findMappingSet(ctx, req, mapping.params.mappingId);
  const v = Number(mapping.params.mappingVersion);
  if (!set || !Number.isInteger(v) || v < 0 || v > set.version) {
    return problem('FLOW-1412-400', 400, 'Invalid request', 'Invalid Mapping Version in request. Please provide correct mapping version.');
  }
  const target = findInSandbox(flowState(ctx.state).targetConnections, req, (next.targetConnectionIds as string[])[0]);
  const ds = target ? findDataSet(ctx, req, (target.params as { dataSetId: string }).dataSetId) : undefined;
  if (ds && ds.data.schemaRef.id !== set.xdmSchema) {
    return problem('FLOW-1425-400', 400, 'Invalid request', `Error while matching schema in target dataset ${ds.id} with schema in mapping ${set.id}.`);
  }
  mapping.params.mappingVersion = String(v);
  const etag = newEtag(ctx);
  Object.assign(flow, next, { etag, version: etag, updatedAt: ctx.now(), lastOperation: { operation: 'update', ops } });
  return { status: 200, body: { id: flow.id, etag } };
}

function patchConnection(req: SimRequest, ctx: SimContext): SimResponse {
  const conn = findInSandbox(flowState(ctx.state).connections, req, req.params.id);
  if (!conn) return notFound('connections', req.params.id);
  const conflict = checkIfMatch(req, conn, 'connection');
  if (conflict) return conflict;
  const ops = patchOps(req.body);
  if (!Array.isArray(ops)) return ops;
  const auth = authSpecByName((conn.auth as { specName: string }).specName, ctx.config.adobe.cloud)!;
  for (const op of ops) {
    if (!/^\/(name|description|auth\/params)$/.test(op.path)) return badRequest(`The path ${op.path} cannot be updated on a base connection.`);
    if (op.path === '/auth/params') {
      const params = isObject(op.value) ? op.value : {};
      const failure = checkAuthParams(auth, params) ?? testSalesforceLogin(ctx, req, auth, params);
      if (failure) return failure;
    }
  }
  for (const op of ops) {
    if (op.path === '/auth/params') (conn.auth as Record<string, unknown>).params = maskSecrets(ctx, auth, op.value as Record<string, unknown>);
    else if (op.op === 'remove') conn[op.path.slice(1)] = '';
    else conn[op.path.slice(1)] = String(op.value);
  }
  const etag = newEtag(ctx);
  Object.assign(conn, { etag, version: etag, updatedAt: ctx.now() });
  return { status: 200, body: { id: conn.id, etag } };
}

/** Fault: someone else edits the flow just before our PATCH arrives (its etag moves on), N times. */
function concurrentEdit(ctx: SimContext, flow: Entity): SimResponse | undefined {
  const f = ctx.config.faults;
  const done = (ctx.state.concurrentEditsDone as number | undefined) ?? 0;
  if (!f.concurrentFlowEdits || done >= f.concurrentFlowEdits) return undefined;
  ctx.state.concurrentEditsDone = done + 1;
  const etag = newEtag(ctx);
  Object.assign(flow, { etag, version: etag });
  return undefined;
}

function flowAction(req: SimRequest, ctx: SimContext): SimResponse {
  const flow = findInSandbox(flowState(ctx.state).flows, req, req.params.id);
  if (!flow) return notFound('flows', req.params.id);
  const op = req.query.get('op');
  if (op !== 'enable' && op !== 'disable') return badRequest(`The action op must be enable or disable, got ${String(op)}.`);
  const etag = newEtag(ctx);
  Object.assign(flow, { state: op === 'enable' ? 'enabled' : 'disabled', etag, version: etag, updatedAt: ctx.now() });
  return { status: 200, body: { id: flow.id, etag } };
}

export function registerUpdates(app: SimApp): void {
  app.route({ method: 'PATCH', pattern: `${BASE}/flows/:id`, auth: 'platform', handler: patchFlow });
  app.route({ method: 'POST', pattern: `${BASE}/flows/:id/action`, auth: 'platform', handler: flowAction });
  app.route({ method: 'PATCH', pattern: `${BASE}/connections/:id`, auth: 'platform', handler: patchConnection });
}
