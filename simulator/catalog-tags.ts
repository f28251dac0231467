// Catalog dataset tags and the dataset PATCH. Tags are `{key: [string]}` (catalog.yaml dataSetRequest). A dataset
// tagged `unifiedProfile: ["enabled:true"]` feeds Real-Time Customer Profile, which only works when its schema
// is enabled for Profile (in union); enabling identity alone is allowed (help/profile/tutorials/dataset-configuration.md).
// PATCH takes a plain JSON object, whose fields replace the stored ones whole (help/catalog/api/update-object.md:
// `tags` included, so the tags it leaves out are gone), or the documented JSON Patch ops, which touch one tag.
import type { SimResponse } from './core/types';
import { plainProblem } from './flow-service/errors';
import type { SchemaInfo } from './flow-service/schemas';
import { isObject } from './flow-service/store';

export type Tags = Record<string, string[]>;

const PATCHABLE = new Set(['name', 'description', 'tags']);

export type Checked<T> = { value: T } | { error: SimResponse };

/** The tags, or the Catalog answer for invalid ones. */
export function checkTags(tags: unknown, schema: SchemaInfo): Checked<Tags> {
  const fail = (status: number, title: string, detail: string) => ({ error: plainProblem(status, title, detail) });
  if (tags === undefined) return { value: {} };
  if (!isObject(tags)) return fail(400, 'Bad Request', 'tags must be an object whose values are arrays of strings.');
  for (const [key, values] of Object.entries(tags)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      return fail(400, 'Bad Request', `Tag ${key} must be an array of strings.`);
    }
  }
  const profile = (tags as Tags).unifiedProfile ?? [];
  if (profile.some((v) => v.replace(/\s+/g, '').toLowerCase() === 'enabled:true') && !schema.profileEnabled) {
    return fail(400, 'Bad Request',
      `The dataset cannot be enabled for Profile: its schema ${schema.$id} is not enabled for Profile (meta:immutableTags lacks "union"). Enable the schema for Profile first.`);
  }
  return { value: tags as Tags };
}

/** The changed fields of a PATCH body (before tag validation), or the Catalog answer. */
export function patchFields(body: unknown, contentType: string, current: { tags: Tags }): Checked<Record<string, unknown>> {
  if (/json-patch\+json/i.test(contentType)) return jsonPatch(body, current);
  if (!isObject(body)) return bad(400, 'Bad Request', 'The PATCH body must be a JSON object with the fields to update.');
  const unknown = Object.keys(body).filter((k) => !PATCHABLE.has(k));
  if (unknown.length > 0) return bad(400, 'Bad Request', `Field(s) ${unknown.join(', ')} cannot be updated with PATCH.`);
  const out: Record<string, unknown> = { ...body };
  if ('tags' in body) {
    if (!isObject(body.tags)) return bad(400, 'Bad Request', 'tags must be an object whose values are arrays of strings.');
    out.tags = { ...body.tags };
  }
  return { value: out };
}

function jsonPatch(body: unknown, current: { tags: Tags }): Checked<Record<string, unknown>> {
  if (!Array.isArray(body) || body.length === 0) return bad(400, 'Bad Request', 'A JSON Patch body must be a non-empty array of operations.');
  const tags: Record<string, unknown> = { ...current.tags };
  const out: Record<string, unknown> = {};
  for (const op of body) {
    const path = isObject(op) && typeof op.path === 'string' ? op.path : '';
    if (!isObject(op) || (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove')) {
      return bad(400, 'Bad Request', `Unsupported JSON Patch operation ${JSON.stringify(isObject(op) ? op.op : op)}.`);
    }
    const tag = /^\/tags\/([^/]+)$/.exec(path);
    if (tag) {
      const key = tag[1].replace(/~1/g, '/').replace(/~0/g, '~');
      // RFC 6902: replace (and remove) need the member; add sets it either way.
      if (op.op !== 'add' && !(key in tags)) return bad(400, 'Bad Request', `The path ${path} does not exist: use add to set a tag the dataset does not have.`);
      if (op.op === 'remove') delete tags[key];
      else tags[key] = op.value;
      out.tags = tags;
    } else if ((path === '/name' || path === '/description') && op.op !== 'remove') {
      out[path.slice(1)] = op.value;
    } else {
      return bad(400, 'Bad Request', `The path ${path || '(none)'} cannot be updated with PATCH.`);
    }
  }
  return { value: out };
}

function bad(status: number, title: string, detail: string): { error: SimResponse } {
  return { error: plainProblem(status, title, detail) };
}
