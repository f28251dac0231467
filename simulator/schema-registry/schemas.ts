// Tenant schemas: list (paged), lookup, create, PATCH (JSON Patch), delete.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import { baseUrl, headerValue, objectBody, sandboxOf } from '../core/request';
import { altIdOf } from './catalog';
import { dataSetsUsingSchema } from '../catalog';
import { checkUnionEnablement, resolveAllOf } from './composition';
import { XDM, xdmError } from './errors';
import { applyPatch, validatePatch } from './json-patch';
import { isResponse, listEnvelope, listingMode, paginate, parseListQuery } from './list';
import { matchesFilters } from './paging';
import { findSchema, registryOf, renderSchema, schemaSummary, type SchemaRecord } from './store';

const READ_ONLY = ['$id', 'meta:altId', 'meta:class', 'version', 'meta:containerId', 'meta:resourceType'];

function notFound(ctx: SimContext, ref: string, version = '1'): SimResponse {
  return xdmError(ctx, 404, XDM.schemaNotFound, 'Resource not found', `The requested schema resource ${ref} with version ${version} is not found.`);
}

function sortValue(s: SchemaRecord, field: string, full: Record<string, unknown>): string | number | undefined {
  if (field === 'updated') return s.updated;
  if (field === 'created') return s.created;
  const v = full[field];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

export function listSchemas(req: SimRequest, ctx: SimContext): SimResponse {
  const mode = listingMode(req, ctx);
  if (isResponse(mode)) return mode;
  const q = parseListQuery(req, ctx, 'updated');
  if (isResponse(q)) return q;
  const sandbox = sandboxOf(req);
  const rendered = new Map(registryOf(ctx, sandbox).schemas.map((s) => [s, renderSchema(ctx, sandbox, s)] as const));
  const candidates = [...rendered.keys()].filter((s) => matchesFilters(rendered.get(s)!, q.filters));
  const page = paginate(candidates, q, (s, f) => sortValue(s, f, rendered.get(s)!), (s) => s.$id);
  const results = page.items.map((s) => (mode === 'id' ? schemaSummary(s) : rendered.get(s)!));
  const global = { global_schemas: { href: `${baseUrl(req)}/data/foundation/schemaregistry/global/schemas` } };
  return { status: 200, body: listEnvelope(req, q, page, results, global) };
}

export function getSchema(req: SimRequest, ctx: SimContext): SimResponse {
  const accept = (headerValue(req, 'accept') ?? '').trim();
  const m = /^application\/vnd\.adobe\.(?:xed|xdm)(?:-full|-notext|-full-notext|-full-desc|-deprecatefield)?\+json;\s*version=(\d+)(?:\.\d+)?$/i.exec(accept);
  if (!m) {
    return xdmError(ctx, 400, XDM.acceptLookup, 'Accept header invalid',
      `The supplied Accept header is not valid: ${accept || '(none)'} - A valid Accept value should look like application/vnd.adobe.{xed|xdm}+json; version=1 (Version should be specified)`);
  }
  const sandbox = sandboxOf(req);
  const s = findSchema(registryOf(ctx, sandbox), req.params.schemaId);
  if (!s || m[1] !== '1') return notFound(ctx, req.params.schemaId, m[1]);
  return { status: 200, body: renderSchema(ctx, sandbox, s) };
}

function titleTaken(ctx: SimContext, sandbox: string, title: string, except?: SchemaRecord): SimResponse | undefined {
  const other = registryOf(ctx, sandbox).schemas.find((s) => s.title === title && s !== except);
  if (!other) return undefined;
  return xdmError(ctx, 400, XDM.titleNotUnique, 'Title not unique',
    `Object titles must be unique. An object ${other.$id} already exists with the same title`);
}

export function createSchema(req: SimRequest, ctx: SimContext): SimResponse {
  const body = objectBody(req);
  const bad = (msg: string) => xdmError(ctx, 400, XDM.badRequest, 'Bad request', msg);
  if (!body) return bad('The request body must be a JSON object');
  if (typeof body.title !== 'string' || !body.title.trim()) return bad('title is required');
  if (body.type !== undefined && body.type !== 'object') return bad('type must be "object"');
  if (body.description !== undefined && typeof body.description !== 'string') return bad('description must be a string');
  const comp = resolveAllOf(ctx, body.allOf);
  if (isResponse(comp)) return comp;
  const sandbox = sandboxOf(req);
  const taken = titleTaken(ctx, sandbox, body.title);
  if (taken) return taken;
  const hex = ctx.newId('hex32') + ctx.newId('hex32').slice(0, 16);
  const id = `https://ns.adobe.com/${ctx.config.adobe.tenantId}/schemas/${hex}`;
  const now = ctx.now();
  const client = headerValue(req, 'x-api-key') ?? ctx.config.adobe.clientId;
  const record: SchemaRecord = {
    $id: id, altId: altIdOf(id), title: body.title, description: body.description as string | undefined,
    classId: comp.classId, fieldGroups: comp.fieldGroups, minor: 0, created: now, updated: now,
    createdClientId: client, lastModifiedClientId: client,
  };
  registryOf(ctx, sandbox).schemas.push(record);
  return { status: 201, body: renderSchema(ctx, sandbox, record) };
}

export function patchSchema(req: SimRequest, ctx: SimContext): SimResponse {
  const sandbox = sandboxOf(req);
  const data = registryOf(ctx, sandbox);
  const s = findSchema(data, req.params.schemaId);
  if (!s) return notFound(ctx, req.params.schemaId);
  const bad = (msg: string) => xdmError(ctx, 400, XDM.badRequest, 'Bad request', msg);
  const ops = validatePatch(req.body);
  if (typeof ops === 'string') return bad(ops);
  const before = renderSchema(ctx, sandbox, s);
  const patched = applyPatch(before, ops);
  if ('error' in patched) return bad(`Unable to apply patch: ${patched.error}`);
  const doc = patched.doc;
  const changed = READ_ONLY.find((k) => JSON.stringify(doc[k]) !== JSON.stringify(before[k]));
  if (changed) return bad(`${changed} is read-only and cannot be changed`);
  if (typeof doc.title !== 'string' || !doc.title.trim()) return bad('title is required');
  if (doc.description !== undefined && typeof doc.description !== 'string') return bad('description must be a string');
  const comp = resolveAllOf(ctx, doc.allOf);
  if (isResponse(comp)) return comp;
  const tags = doc['meta:immutableTags'];
  if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string'))) return bad('meta:immutableTags must be an array of strings');
  const newTags = (tags as string[] | undefined) ?? [];
  const lostTag = (s.immutableTags ?? []).find((t) => !newTags.includes(t));
  if (lostTag) return bad(`Immutable tag "${lostTag}" cannot be removed`);
  const wasUnion = (s.immutableTags ?? []).includes('union');
  if (wasUnion) {
    const dropped = s.fieldGroups.find((f) => !comp.fieldGroups.includes(f));
    if (dropped) return xdmError(ctx, 400, XDM.compositionInvalid, 'Invalid schema composition', `Breaking change: the field group ${dropped} cannot be removed from a schema enabled for Profile`);
  }
  if (!wasUnion && newTags.includes('union')) {
    const refused = checkUnionEnablement(ctx, data, s, comp.fieldGroups);
    if (refused) return refused;
  }
  const taken = titleTaken(ctx, sandbox, doc.title, s);
  if (taken) return taken;
  Object.assign(s, {
    title: doc.title, description: doc.description as string | undefined, fieldGroups: comp.fieldGroups,
    immutableTags: tags === undefined ? undefined : [...new Set(newTags)], minor: s.minor + 1, updated: ctx.now(),
    lastModifiedClientId: headerValue(req, 'x-api-key') ?? s.lastModifiedClientId,
  });
  return { status: 200, body: renderSchema(ctx, sandbox, s) };
}

export function deleteSchema(req: SimRequest, ctx: SimContext): SimResponse {
  const data = registryOf(ctx, sandboxOf(req));
  const s = findSchema(data, req.params.schemaId);
  if (!s) return notFound(ctx, req.params.schemaId);
  // A schema that datasets are bound to cannot go (Platform's UI and guide: delete the datasets first).
  const used = dataSetsUsingSchema(ctx.state, sandboxOf(req), s.$id);
  if (used.length) {
    return xdmError(ctx, 400, XDM.schemaInUse, 'Schema in use',
      `The schema ${s.$id} cannot be deleted: it is used by ${used.length} dataset(s) (${used.map((d) => d.id).join(', ')}). Delete the datasets first.`);
  }
  data.schemas.splice(data.schemas.indexOf(s), 1);
  // Descriptors belong to their source schema and go with it.
  data.descriptors = data.descriptors.filter((d) => d['xdm:sourceSchema'] !== s.$id);
  return { status: 204 };
}
