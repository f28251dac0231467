// Validation of descriptor payloads per @type (Descriptors endpoint appendix): required fields, existing source
// and destination schemas, existing identity namespaces, one primary identity per schema, no duplicates.
import type { SimContext, SimResponse } from '../core/types';
import { findNamespace } from '../identity';
import { XDM, xdmError } from './errors';
import { findSchema, type Descriptor, type RegistryData } from './store';

const BASE = ['xdm:sourceSchema', 'xdm:sourceVersion', 'xdm:sourceProperty'];
const REQUIRED: Record<string, string[]> = {
  'xdm:descriptorIdentity': [...BASE, 'xdm:namespace', 'xdm:property'],
  'xdm:descriptorRelationship': [...BASE, 'xdm:destinationSchema'],
  'xdm:descriptorOneToOne': [...BASE, 'xdm:destinationSchema', 'xdm:destinationVersion'],
  'xdm:descriptorReferenceIdentity': [...BASE, 'xdm:identityNamespace'],
  'xdm:alternateDisplayInfo': BASE,
};

export const DESCRIPTOR_TYPES = Object.keys(REQUIRED);

function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return undefined;
}

/** Returns the normalised descriptor fields (without @id) or an error answer. */
export function validateDescriptor(ctx: SimContext, sandbox: string, data: RegistryData, body: Record<string, unknown>, selfId?: string): Record<string, unknown> | SimResponse {
  const bad = (msg: string) => xdmError(ctx, 400, XDM.descriptorInvalid, 'Descriptor validation error', msg);
  const type = body['@type'];
  if (typeof type !== 'string' || !REQUIRED[type]) return bad(`@type must be one of ${DESCRIPTOR_TYPES.join(', ')}`);
  const missing = REQUIRED[type].filter((f) => body[f] === undefined || body[f] === null || body[f] === '');
  if (missing.length) return bad(`${type} requires ${missing.join(', ')}`);
  const out: Record<string, unknown> = { ...body };
  delete out['@id'];
  for (const f of ['xdm:sourceVersion', 'xdm:destinationVersion']) {
    if (out[f] === undefined) continue;
    if (Number(out[f]) !== 1) return bad(`${f} must be the major version of the schema (1)`);
    out[f] = 1;
  }
  const prop = out['xdm:sourceProperty'];
  if (typeof prop !== 'string' || !prop.startsWith('/') || prop.endsWith('/') || prop.includes('/properties/')) {
    return bad('xdm:sourceProperty must be a path such as /personalEmail/address (leading "/", no trailing "/", no "properties")');
  }
  const source = findSchema(data, String(out['xdm:sourceSchema']));
  if (!source) return bad(`xdm:sourceSchema ${String(out['xdm:sourceSchema'])} does not exist`);
  out['xdm:sourceSchema'] = source.$id;
  // An exact re-POST is reported as a duplicate before any other rule (the utility relies on this 400).
  const dup = data.descriptors.find((d: Descriptor) => d['@id'] !== selfId && d['@type'] === type && d['xdm:sourceSchema'] === source.$id && d['xdm:sourceProperty'] === prop);
  if (dup) {
    return xdmError(ctx, 400, XDM.descriptorInvalid, 'Descriptor validation error',
      `A descriptor of type ${type} already exists for property ${prop} of schema ${source.$id} (@id ${dup['@id']})`);
  }
  if (out['xdm:destinationSchema'] !== undefined) {
    const dest = findSchema(data, String(out['xdm:destinationSchema']));
    if (!dest) return bad(`xdm:destinationSchema ${String(out['xdm:destinationSchema'])} does not exist`);
    out['xdm:destinationSchema'] = dest.$id;
  }
  if (type === 'xdm:descriptorIdentity') {
    if (out['xdm:property'] !== 'xdm:code' && out['xdm:property'] !== 'xdm:id') return bad('xdm:property must be xdm:code or xdm:id');
    if (!findNamespace(ctx, sandbox, String(out['xdm:namespace']))) return bad(`Identity namespace ${String(out['xdm:namespace'])} does not exist`);
    const primary = out['xdm:isPrimary'] === undefined ? false : toBoolean(out['xdm:isPrimary']);
    if (primary === undefined) return bad('xdm:isPrimary must be a boolean');
    out['xdm:isPrimary'] = primary;
    const other = primary && data.descriptors.find((d) => d['@id'] !== selfId && d['@type'] === type && d['xdm:sourceSchema'] === source.$id && d['xdm:isPrimary'] === true);
    if (other) return bad(`Schema ${source.$id} already has a primary identity descriptor (${other['@id']}) on ${String(other['xdm:sourceProperty'])}; a schema may contain only one primary identity`);
  }
  for (const f of ['xdm:identityNamespace', 'xdm:destinationNamespace']) {
    if (out[f] !== undefined && !findNamespace(ctx, sandbox, String(out[f]))) return bad(`Identity namespace ${String(out[f])} (${f}) does not exist`);
  }
  if (out['xdm:cardinality'] !== undefined && !['M:1', '1:1'].includes(String(out['xdm:cardinality']))) return bad('xdm:cardinality must be M:1 or 1:1');
  return out;
}
