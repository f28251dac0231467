// Data Prep mapping sets: POST /mappingSets (200 {id, version, createdDate, …}), GET /mappingSets/{id}
// (optionally ?version=), GET /mappingSets?name=&limit=&start= ({data:[…], _page}), PUT /mappingSets/{id} (new
// version), per Adobe's Data Prep API guide (help/data-prep/api/mapping-set.md).
import type { SimContext, SimRequest, SimResponse } from './core/types';
import type { SimApp } from './core/app';
import { slice } from './core/app';
import { emptyBody, plainProblem } from './flow-service/errors';
import { normaliseRows, type MappingRow } from './flow-service/mapping-rows';
import { resolveFinder, type SchemaFinder } from './flow-service/schemas';
import { isObject, sandboxOf } from './flow-service/store';

const BASE = '/data/foundation/conversion/mappingSets';

export interface StoredMappingSet {
  id: string; sandbox: string; version: number; xdmSchema: string; data: Record<string, unknown> & { mappings: unknown[] };
  /** Earlier versions, readable with ?version=N (a PUT keeps the id and adds one to the version). */
  history?: Record<number, Record<string, unknown>>;
}

// Data Prep answers the row type as a media type, not the ATTRIBUTE / EXPRESSION that was sent.
const SOURCE_TYPE_ANSWER: Record<string, string> = { ATTRIBUTE: 'text/x.schema-path', EXPRESSION: 'text/x.aep-xl' };

export function conversionState(state: SimContext['state']): Map<string, StoredMappingSet> {
  return slice(state, 'conversion', () => new Map<string, StoredMappingSet>());
}

export function findMappingSet(ctx: SimContext, req: SimRequest, id: unknown): StoredMappingSet | undefined {
  const m = typeof id === 'string' ? conversionState(ctx.state).get(id) : undefined;
  return m && m.sandbox === sandboxOf(req) ? m : undefined;
}

/** The target schema, wherever the request put it (xdmSchema, outputSchema.schemaRef.id or schemaRef.id). */
function schemaIdOf(body: Record<string, unknown>): unknown {
  const out = isObject(body.outputSchema) && isObject(body.outputSchema.schemaRef) ? body.outputSchema.schemaRef.id : undefined;
  return body.xdmSchema ?? out ?? (isObject(body.schemaRef) ? body.schemaRef.id : undefined);
}

/** What POST and PUT both check: a body, its target schema in the registry, and well-formed rows. */
function checkBody(req: SimRequest, ctx: SimContext, findSchema: SchemaFinder): SimResponse | { body: Record<string, unknown>; schema: NonNullable<ReturnType<SchemaFinder>>; rows: Exclude<ReturnType<typeof normaliseRows>, string> } {
  const body = req.body;
  if (!isObject(body)) return emptyBody();
  const schemaId = schemaIdOf(body);
  if (typeof schemaId !== 'string' || schemaId === '') return plainProblem(400, 'Bad Request', 'The target schema (xdmSchema or outputSchema.schemaRef.id) is required.');
  const schema = findSchema(ctx, schemaId, sandboxOf(req));
  if (!schema) return plainProblem(400, 'Bad Request', `Schema ${schemaId} was not found in the Schema Registry.`);
  const rows = normaliseRows(body.mappings);
  if (typeof rows === 'string') return plainProblem(400, 'Bad Request', `Mapping validation failed: ${rows}.`);
  return { body, schema, rows };
}

function create(req: SimRequest, ctx: SimContext, findSchema: SchemaFinder): SimResponse {
  const checked = checkBody(req, ctx, findSchema);
  if ('status' in checked) return checked;
  const { body, schema, rows } = checked;
  const id = ctx.newId('hex32');
  const now = ctx.now();
  const who = ctx.config.adobe.technicalAccountId;
  const audit = { createdDate: now, modifiedDate: now, createdBy: who, modifiedBy: who };
  conversionState(ctx.state).set(id, {
    id, sandbox: sandboxOf(req), version: 0, xdmSchema: schema.$id,
    data: mappingSetData(ctx, id, 0, audit, body, rows, schema.$id),
  });
  return { status: 200, body: { id, version: 0, ...audit } };
}

function mappingSetData(ctx: SimContext, id: string, version: number, audit: Record<string, unknown>, body: Record<string, unknown>, rows: MappingRow[], schemaId: string): StoredMappingSet['data'] {
  const mappings = rows.map((r) => ({
    id: ctx.newId('hex32'), version, ...audit, ...r, sourceType: SOURCE_TYPE_ANSWER[r.sourceType], primaryIdentity: false,
    // The older field names are returned too, as the real service does.
    sourceAttribute: r.source, destinationXdmPath: r.destination,
  }));
  return {
    id, version, ...audit,
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    outputSchema: { schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' } },
    mappings, status: 'PUBLISHED', xdmVersion: typeof body.xdmVersion === 'string' ? body.xdmVersion : '1.0',
    schemaRef: { id: schemaId, contentType: '1.0' }, xdmSchema: schemaId,
  };
}

/** PUT /mappingSets/{id}: the full mapping list again; same id, version + 1, the old version kept readable. */
function update(req: SimRequest, ctx: SimContext, findSchema: SchemaFinder): SimResponse {
  const m = findMappingSet(ctx, req, req.params.id);
  if (!m) return plainProblem(404, 'Not Found', `Mapping set ${req.params.id} was not found.`);
  const checked = checkBody(req, ctx, findSchema);
  if ('status' in checked) return checked;
  const { body, schema, rows } = checked;
  if (schema.$id !== m.xdmSchema) return plainProblem(400, 'Bad Request', `Mapping set ${m.id} maps to schema ${m.xdmSchema}; its target schema cannot change (create a new mapping set).`);
  const now = ctx.now();
  const who = ctx.config.adobe.technicalAccountId;
  const audit = { createdDate: m.data.createdDate, modifiedDate: now, createdBy: m.data.createdBy, modifiedBy: who };
  m.history = { ...(m.history ?? {}), [m.version]: m.data };
  m.version += 1;
  m.data = mappingSetData(ctx, m.id, m.version, audit, { ...body, name: body.name ?? m.data.name }, rows, m.xdmSchema);
  return { status: 200, body: { id: m.id, version: m.version, ...audit } };
}

function get(req: SimRequest, ctx: SimContext): SimResponse {
  const m = findMappingSet(ctx, req, req.params.id);
  const version = req.query.get('version');
  const data = !m ? undefined : version === null || Number(version) === m.version ? m.data : m.history?.[Number(version)];
  if (!data) {
    return plainProblem(404, 'Not Found', `Mapping set ${req.params.id}${version !== null ? ` version ${version}` : ''} was not found.`);
  }
  return { status: 200, body: data };
}

function list(req: SimRequest, ctx: SimContext): SimResponse {
  const name = req.query.get('name');
  const start = Math.max(0, Number(req.query.get('start') ?? 0) || 0);
  const limit = Math.max(1, Number(req.query.get('limit') ?? 100) || 100);
  const all = [...conversionState(ctx.state).values()]
    .filter((m) => m.sandbox === sandboxOf(req) && (name === null || m.data.name === name));
  const page = all.slice(start, start + limit).map((m) => m.data);
  return { status: 200, body: { data: page, _page: { count: page.length, limit } } };
}

export function registerConversion(app: SimApp, deps: { findSchema?: SchemaFinder } = {}): void {
  const findSchema = resolveFinder(deps.findSchema);
  app.route({ method: 'POST', pattern: BASE, auth: 'platform', handler: (req, ctx) => create(req, ctx, findSchema) });
  app.route({ method: 'GET', pattern: BASE, auth: 'platform', handler: list });
  app.route({ method: 'GET', pattern: `${BASE}/:id`, auth: 'platform', handler: get });
  app.route({ method: 'PUT', pattern: `${BASE}/:id`, auth: 'platform', handler: (req, ctx) => update(req, ctx, findSchema) });
}
