// The global container, read-only: the standard classes and field groups the simulator knows, so references
// used by the setup can be looked up and listed the way clients do against the real registry.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import { baseUrl, headerValue } from '../core/request';
import { GLOBAL_CLASSES, GLOBAL_FIELD_GROUPS, altIdOf, behaviorRef, findClass, findFieldGroup } from './catalog';
import { XDM, xdmError } from './errors';
import { isResponse, listEnvelope, listingMode, paginate, parseListQuery } from './list';
import { matchesFilters } from './paging';

const LIB_VERSION = '1.50.1';

function renderClass(c: (typeof GLOBAL_CLASSES)[number]): Record<string, unknown> {
  return {
    $id: c.$id, 'meta:altId': altIdOf(c.$id), 'meta:resourceType': 'classes', version: LIB_VERSION, title: c.title, type: 'object',
    'meta:extends': [behaviorRef(c)], 'meta:abstract': false, 'meta:extensible': true, 'meta:containerId': 'global',
  };
}

function renderFieldGroup(f: (typeof GLOBAL_FIELD_GROUPS)[number]): Record<string, unknown> {
  return {
    $id: f.$id, 'meta:altId': altIdOf(f.$id), 'meta:resourceType': 'mixins', version: LIB_VERSION, title: f.title, type: 'object',
    'meta:intendedToExtend': [...f.intendedToExtend], 'meta:abstract': true, 'meta:extensible': true, 'meta:containerId': 'global',
  };
}

function lister(all: () => Record<string, unknown>[]) {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const mode = listingMode(req, ctx);
    if (isResponse(mode)) return mode;
    const q = parseListQuery(req, ctx, 'title');
    if (isResponse(q)) return q;
    const items = all().filter((i) => matchesFilters(i, q.filters));
    const page = paginate(items, q, (i, f) => (typeof i[f] === 'string' ? (i[f] as string) : undefined), (i) => String(i.$id));
    const results = page.items.map((i) => (mode === 'id' ? { $id: i.$id, 'meta:altId': i['meta:altId'], version: i.version, title: i.title } : i));
    return { status: 200, body: listEnvelope(req, q, page, results, { tenant: { href: `${baseUrl(req)}${req.path.replace('/global/', '/tenant/')}` } }) };
  };
}

function lookup(kind: 'class' | 'mixin', find: (ref: string) => Record<string, unknown> | undefined) {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const accept = (headerValue(req, 'accept') ?? '').trim();
    if (!/^application\/vnd\.adobe\.(?:xed|xdm)(?:-[a-z-]+)?\+json;\s*version=\d+(?:\.\d+)?$/i.test(accept)) {
      return xdmError(ctx, 400, XDM.acceptLookup, 'Accept header invalid',
        `The supplied Accept header is not valid: ${accept || '(none)'} - A valid Accept value should look like application/vnd.adobe.{xed|xdm}+json; version=1 (Version should be specified)`);
    }
    const found = find(req.params.id);
    if (found) return { status: 200, body: found };
    return xdmError(ctx, 404, kind === 'class' ? XDM.classNotFound : XDM.fieldGroupNotFound, 'Resource not found',
      `The requested ${kind} resource ${req.params.id} with version 1 is not found.`);
  };
}

export const listGlobalClasses = lister(() => GLOBAL_CLASSES.map(renderClass));
export const listGlobalFieldGroups = lister(() => GLOBAL_FIELD_GROUPS.map(renderFieldGroup));
export const getGlobalClass = lookup('class', (ref) => { const c = findClass(ref); return c && renderClass(c); });
export const getGlobalFieldGroup = lookup('mixin', (ref) => { const f = findFieldGroup(ref); return f && renderFieldGroup(f); });
