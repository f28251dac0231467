// Validation of a schema's composition (`allOf`: exactly one known class plus compatible known field groups) and
// of Profile (union) enablement, shared by schema creation and PATCH.
import type { SimContext, SimResponse } from '../core/types';
import { findClass, findFieldGroup } from './catalog';
import { XDM, xdmError } from './errors';
import type { RegistryData, SchemaRecord } from './store';

export const IDENTITY_MAP = 'https://ns.adobe.com/xdm/context/identitymap';

export interface Composition { classId: string; fieldGroups: string[] }

export function resolveAllOf(ctx: SimContext, allOf: unknown): Composition | SimResponse {
  const bad = (msg: string) => xdmError(ctx, 400, XDM.compositionInvalid, 'Invalid schema composition', msg);
  if (!Array.isArray(allOf) || allOf.length === 0) return bad('allOf must be a non-empty array of {"$ref": ...} objects');
  const refs: string[] = [];
  for (const item of allOf) {
    const ref = item && typeof item === 'object' ? (item as Record<string, unknown>).$ref : undefined;
    if (typeof ref !== 'string' || !ref) return bad('every allOf entry must be an object with a "$ref" string');
    refs.push(ref);
  }
  let classId: string | undefined;
  const fieldGroups: string[] = [];
  for (const [i, ref] of refs.entries()) {
    const cls = findClass(ref);
    if (cls) {
      if (classId && classId !== cls.$id) return bad(`a schema implements exactly one class; found ${classId} and ${cls.$id}`);
      classId = cls.$id;
      continue;
    }
    const fg = findFieldGroup(ref);
    if (fg) {
      if (!fieldGroups.includes(fg.$id)) fieldGroups.push(fg.$id);
      continue;
    }
    if (i === 0 && !classId) {
      return xdmError(ctx, 404, XDM.classNotFound, 'Resource not found', `The requested class resource ${ref} with version 1 is not found.`);
    }
    return xdmError(ctx, 404, XDM.fieldGroupNotFound, 'Resource not found', `The requested mixin resource ${ref} with version 1 is not found.`);
  }
  if (!classId) return bad('allOf must reference the $id of a class');
  for (const id of fieldGroups) {
    const fg = findFieldGroup(id)!;
    if (fg.intendedToExtend.length > 0 && !fg.intendedToExtend.includes(classId)) {
      return bad(`The field group ${id} is not compatible with the class ${classId} (meta:intendedToExtend: ${fg.intendedToExtend.join(', ')})`);
    }
  }
  return { classId, fieldGroups };
}

/** Checks the registry runs before a schema joins the union (XDM troubleshooting guide, XDM-1526 / XDM-1528). */
export function checkUnionEnablement(ctx: SimContext, data: RegistryData, s: SchemaRecord, fieldGroups: string[]): SimResponse | undefined {
  const own = data.descriptors.filter((d) => d['xdm:sourceSchema'] === s.$id);
  const hasPrimary = own.some((d) => d['@type'] === 'xdm:descriptorIdentity' && d['xdm:isPrimary'] === true);
  if (!hasPrimary && !fieldGroups.includes(IDENTITY_MAP)) {
    return xdmError(ctx, 400, XDM.unionNeedsIdentity, 'Union descriptor validation error',
      'To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.');
  }
  const referenced = new Set(own.filter((d) => d['@type'] === 'xdm:descriptorReferenceIdentity').map((d) => d['xdm:sourceProperty']));
  const missing = own.find((d) => d['@type'] === 'xdm:descriptorOneToOne' && !referenced.has(d['xdm:sourceProperty']));
  if (missing) {
    return xdmError(ctx, 400, XDM.unionOneToOneNeedsReference, 'Union descriptor validation error',
      'If a schema contains properties that are associated with an xdm:descriptorOneToOne descriptor, those properties must also have a xdm:descriptorReferenceIdentity descriptor for that schema to participate in a union.');
  }
  return undefined;
}
