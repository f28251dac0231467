// Catalog datasets: POST /dataSets (201 ["@/dataSets/{id}"]), GET /dataSets (object keyed by id, filtered by
// `property=name==X` or plain `?name=X`), GET /dataSets/{id} (also keyed by id), PATCH /dataSets/{id}
// (200 ["@/dataSets/{id}"]) and DELETE /dataSets/{id}, as Catalog answers them.
import type { SimContext, SimRequest, SimResponse } from './core/types';
import type { SimApp } from './core/app';
import { slice } from './core/app';
import { checkTags, patchFields } from './catalog-tags';
import { emptyBody, plainProblem } from './flow-service/errors';
import { parseProperties, readPath } from './flow-service/query';
import { resolveFinder, type SchemaFinder } from './flow-service/schemas';
import { isObject, nonEmptyString, sandboxOf } from './flow-service/store';
import { flowWritingTo } from './flow-service/delete';

const BASE = '/data/foundation/catalog/dataSets';
const CONTENT_TYPE = /^application\/vnd\.adobe\.xed(-full)?(-notext)?\+json\s*;\s*version=\d+(\.\d+)?$/i;
const RESERVED = new Set(['limit', 'start', 'orderBy', 'properties', 'property', 'requestDataSource']);

export interface StoredDataSet { id: string; sandbox: string; data: Record<string, unknown> & { name: string; tags: Record<string, string[]>; schemaRef: { id: string; contentType: string } } }

export function catalogState(state: SimContext['state']): Map<string, StoredDataSet> {
  return slice(state, 'catalog', () => new Map<string, StoredDataSet>());
}

/** The dataset with this id in the request's sandbox. */
export function findDataSet(ctx: SimContext, req: SimRequest, id: unknown): StoredDataSet | undefined {
  const ds = typeof id === 'string' ? catalogState(ctx.state).get(id) : undefined;
  return ds && ds.sandbox === sandboxOf(req) ? ds : undefined;
}

function create(req: SimRequest, ctx: SimContext, findSchema: SchemaFinder): SimResponse {
  const body = req.body;
  if (!isObject(body)) return emptyBody();
  if (!nonEmptyString(body.name)) return plainProblem(400, 'Bad Request', 'Dataset name is required.');
  const ref = body.schemaRef;
  if (!isObject(ref) || !nonEmptyString(ref.id)) return plainProblem(400, 'Bad Request', 'schemaRef.id is required.');
  if (typeof ref.contentType !== 'string' || !CONTENT_TYPE.test(ref.contentType)) {
    return plainProblem(400, 'Bad Request', `Invalid schemaRef.contentType ${JSON.stringify(ref.contentType)}; expected e.g. application/vnd.adobe.xed-full-notext+json; version=1.`);
  }
  const schema = findSchema(ctx, ref.id, sandboxOf(req));
  if (!schema) return plainProblem(400, 'Bad Request', `Schema ${ref.id} was not found in the Schema Registry.`);
  const tags = checkTags(body.tags, schema);
  if ('error' in tags) return tags.error;
  const id = ctx.newId('hex24');
  const now = ctx.now();
  const client = String(req.headers['x-api-key'] ?? ctx.config.adobe.clientId);
  catalogState(ctx.state).set(id, {
    id,
    sandbox: sandboxOf(req),
    data: {
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      name: body.name,
      imsOrg: ctx.config.adobe.orgId,
      tags: tags.value,
      version: '1.0.0',
      created: now,
      updated: now,
      createdClient: client,
      createdUser: ctx.config.adobe.technicalAccountId,
      updatedUser: ctx.config.adobe.technicalAccountId,
      viewId: ctx.newId('hex24'),
      files: `@/dataSetFiles?dataSetId=${id}`,
      schemaRef: { id: schema.$id, contentType: ref.contentType },
    },
  });
  return { status: 201, body: [`@/dataSets/${id}`] };
}

/** `properties=a,b` limits the fields Catalog returns per object. */
function project(data: Record<string, unknown>, properties: string | null): Record<string, unknown> {
  if (!properties) return data;
  const keep = properties.split(',').map((p) => p.trim());
  return Object.fromEntries(Object.entries(data).filter(([k]) => keep.includes(k)));
}

function list(req: SimRequest, ctx: SimContext): SimResponse {
  const parsed = parseProperties(req.query);
  if ('error' in parsed) return parsed.error;
  const plain = [...req.query.entries()].filter(([k]) => !RESERVED.has(k));
  const sandbox = sandboxOf(req);
  const limit = Number(req.query.get('limit') ?? '');
  let found = [...catalogState(ctx.state).values()]
    .filter((d) => d.sandbox === sandbox && parsed.predicate(d.data))
    .filter((d) => plain.every(([k, v]) => String(readPath(d.data, k)) === v));
  // Catalog pages with limit (default 50, at most 100) and start (an offset).
  const start = Math.max(0, Number(req.query.get('start') ?? 0) || 0);
  found = found.slice(start, start + (Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100) : 50));
  return { status: 200, body: Object.fromEntries(found.map((d) => [d.id, project(d.data, req.query.get('properties'))])) };
}

function get(req: SimRequest, ctx: SimContext): SimResponse {
  const ds = findDataSet(ctx, req, req.params.id);
  if (!ds) return plainProblem(404, 'Not Found', `Dataset ${req.params.id} was not found.`);
  return { status: 200, body: { [ds.id]: project(ds.data, req.query.get('properties')) } };
}

function patch(req: SimRequest, ctx: SimContext, findSchema: SchemaFinder): SimResponse {
  const ds = findDataSet(ctx, req, req.params.id);
  if (!ds) return plainProblem(404, 'Not Found', `Dataset ${req.params.id} was not found.`);
  if (req.body === undefined) return emptyBody();
  const fields = patchFields(req.body, String(req.headers['content-type'] ?? ''), ds.data);
  if ('error' in fields) return fields.error;
  const changes = fields.value;
  if ('name' in changes && !nonEmptyString(changes.name)) return plainProblem(400, 'Bad Request', 'Dataset name cannot be empty.');
  if ('tags' in changes) {
    const schema = findSchema(ctx, ds.data.schemaRef.id, ds.sandbox);
    if (!schema) return plainProblem(400, 'Bad Request', `Schema ${ds.data.schemaRef.id} was not found in the Schema Registry.`);
    const tags = checkTags(changes.tags, schema);
    if ('error' in tags) return tags.error;
  }
  Object.assign(ds.data, changes, { updated: ctx.now(), updatedUser: ctx.config.adobe.technicalAccountId });
  return { status: 200, body: [`@/dataSets/${ds.id}`] };
}

/** DELETE answers 200 with the deleted reference, as Catalog's OpenAPI documents; a dataset a dataflow still
 *  writes into is refused (delete the flow first). */
function remove(req: SimRequest, ctx: SimContext): SimResponse {
  const ds = findDataSet(ctx, req, req.params.id);
  if (!ds) return plainProblem(404, 'Not Found', `Dataset ${req.params.id} was not found.`);
  const flow = flowWritingTo(ctx, req, ds.id);
  if (flow) return plainProblem(400, 'Bad Request', `Dataset ${ds.id} is the target of dataflow ${flow.id} (${flow.name}); delete the dataflow first.`);
  catalogState(ctx.state).delete(ds.id);
  return { status: 200, body: [`@/dataSets/${ds.id}`] };
}

/** Datasets of the sandbox bound to this schema (the Schema Registry refuses to delete such a schema). */
export function dataSetsUsingSchema(state: SimContext['state'], sandbox: string, schemaId: string): StoredDataSet[] {
  return [...catalogState(state).values()].filter((d) => d.sandbox === sandbox && d.data.schemaRef.id === schemaId);
}

export function registerCatalog(app: SimApp, deps: { findSchema?: SchemaFinder } = {}): void {
  const findSchema = resolveFinder(deps.findSchema);
  app.route({ method: 'POST', pattern: BASE, auth: 'platform', handler: (req, ctx) => create(req, ctx, findSchema) });
  app.route({ method: 'GET', pattern: BASE, auth: 'platform', handler: list });
  app.route({ method: 'GET', pattern: `${BASE}/:id`, auth: 'platform', handler: get });
  app.route({ method: 'PATCH', pattern: `${BASE}/:id`, auth: 'platform', handler: (req, ctx) => patch(req, ctx, findSchema) });
  app.route({ method: 'DELETE', pattern: `${BASE}/:id`, auth: 'platform', handler: remove });
}
