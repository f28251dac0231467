// Tenant descriptors: create, list (grouped by @type, or paged with the -v2 Accept), lookup, delete.
import { createHash } from 'node:crypto';
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import { headerValue, objectBody, sandboxOf } from '../core/request';
import { validateDescriptor } from './descriptor-rules';
import { XDM, xdmError } from './errors';
import { isResponse, listEnvelope, paginate, parseListQuery } from './list';
import { matchesFilters } from './paging';
import { registryOf, type Descriptor } from './store';

const PUBLIC_FIELDS_HIDDEN_ON_CREATE = ['imsOrg', 'createdUser', 'createdClient', 'updatedUser', 'created', 'updated'];

export function createDescriptor(req: SimRequest, ctx: SimContext): SimResponse {
  const body = objectBody(req);
  if (!body) return xdmError(ctx, 400, XDM.badRequest, 'Bad request', 'The request body must be a JSON object');
  const sandbox = sandboxOf(req);
  const data = registryOf(ctx, sandbox);
  const fields = validateDescriptor(ctx, sandbox, data, body);
  if (isResponse(fields)) return fields;
  const now = ctx.now();
  // Descriptor ids are 40 hex characters (SHA-1 sized) in the real registry.
  const id = createHash('sha1').update(`${sandbox}:${ctx.newId('uuid')}`).digest('hex');
  const client = headerValue(req, 'x-api-key') ?? ctx.config.adobe.clientId;
  const stored = {
    ...fields, createdUser: ctx.config.adobe.technicalAccountId, imsOrg: ctx.config.adobe.orgId, createdClient: client,
    updatedUser: ctx.config.adobe.technicalAccountId, created: now, updated: now, 'meta:containerId': 'tenant', '@id': id,
  } as unknown as Descriptor;
  data.descriptors.push(stored);
  const answer: Record<string, unknown> = { ...stored };
  for (const k of PUBLIC_FIELDS_HIDDEN_ON_CREATE) delete answer[k];
  return { status: 201, body: answer };
}

/** Descriptor listing Accept: application/vnd.adobe.xdm[-v2][-id|-link]+json. */
function descriptorListMode(req: SimRequest, ctx: SimContext): { v2: boolean; form: 'id' | 'link' | 'full' } | SimResponse {
  const accept = (headerValue(req, 'accept') ?? '').trim();
  const m = /^application\/vnd\.adobe\.xdm(-v2)?(-id|-link)?\+json$/i.exec(accept);
  if (!m) {
    return xdmError(ctx, 400, XDM.acceptDescriptorList, 'Accept header invalid',
      `The supplied Accept header is not valid: ${accept || '(none)'} - A valid Accept value should look like application/vnd.adobe.xdm-id+json`);
  }
  return { v2: Boolean(m[1]), form: m[2] === '-id' ? 'id' : m[2] === '-link' ? 'link' : 'full' };
}

export function listDescriptors(req: SimRequest, ctx: SimContext): SimResponse {
  const mode = descriptorListMode(req, ctx);
  if (isResponse(mode)) return mode;
  const all = registryOf(ctx, sandboxOf(req)).descriptors.filter((d) => matchesFilters(d, req.query.getAll('property').filter(Boolean)));
  const shape = (d: Descriptor): unknown => (mode.form === 'id' ? d['@id'] : mode.form === 'link' ? `/tenant/descriptors/${d['@id']}` : d);
  if (!mode.v2) {
    // Grouped by @type; types without descriptors are left out rather than given empty arrays.
    const grouped: Record<string, unknown[]> = {};
    for (const d of all) (grouped[d['@type']] ??= []).push(shape(d));
    return { status: 200, body: grouped };
  }
  const q = parseListQuery(req, ctx, '@id');
  if (isResponse(q)) return q;
  const page = paginate(all, q, (d, f) => {
    const v = d[f];
    return typeof v === 'string' || typeof v === 'number' ? v : undefined;
  }, (d) => d['@id']);
  return { status: 200, body: listEnvelope(req, q, page, page.items.map(shape)) };
}

function notFound(ctx: SimContext, id: string): SimResponse {
  return xdmError(ctx, 404, XDM.descriptorNotFound, 'Resource not found', `The requested descriptor resource ${id} is not found.`);
}

export function getDescriptor(req: SimRequest, ctx: SimContext): SimResponse {
  const d = registryOf(ctx, sandboxOf(req)).descriptors.find((x) => x['@id'] === req.params.descriptorId);
  return d ? { status: 200, body: d } : notFound(ctx, req.params.descriptorId);
}

export function deleteDescriptor(req: SimRequest, ctx: SimContext): SimResponse {
  const data = registryOf(ctx, sandboxOf(req));
  const i = data.descriptors.findIndex((x) => x['@id'] === req.params.descriptorId);
  if (i < 0) return notFound(ctx, req.params.descriptorId);
  data.descriptors.splice(i, 1);
  return { status: 204 };
}

/** PUT rewrites a descriptor in place (the body is everything a POST needs); same @id, 201 as Adobe answers. */
export function replaceDescriptor(req: SimRequest, ctx: SimContext): SimResponse {
  const body = objectBody(req);
  if (!body) return xdmError(ctx, 400, XDM.badRequest, 'Bad request', 'The request body must be a JSON object');
  const sandbox = sandboxOf(req);
  const data = registryOf(ctx, sandbox);
  const i = data.descriptors.findIndex((x) => x['@id'] === req.params.descriptorId);
  if (i < 0) return notFound(ctx, req.params.descriptorId);
  const old = data.descriptors[i];
  if (body['@type'] !== undefined && body['@type'] !== old['@type']) {
    return xdmError(ctx, 400, XDM.badRequest, 'Bad request', `The @type of descriptor ${old['@id']} (${old['@type']}) cannot be changed; delete it and create a new one`);
  }
  // Validated as a create without itself, so its own duplicate and primary-identity rules do not trip.
  data.descriptors.splice(i, 1);
  const fields = validateDescriptor(ctx, sandbox, data, body);
  if (isResponse(fields)) { data.descriptors.splice(i, 0, old); return fields; }
  const stored = { ...old, ...fields, updated: ctx.now(), '@id': old['@id'] } as unknown as Descriptor;
  data.descriptors.splice(i, 0, stored);
  const answer: Record<string, unknown> = { ...stored };
  for (const k of PUBLIC_FIELDS_HIDDEN_ON_CREATE) delete answer[k];
  return { status: 201, body: answer };
}
