// Per-sandbox Schema Registry state: tenant schemas and descriptors, plus how a stored schema is rendered.
import type { SimContext } from '../core/types';
import { slice } from '../core/app';
import { behaviorRef, findClass } from './catalog';

export interface SchemaRecord {
  $id: string;
  altId: string;
  title: string;
  description?: string;
  classId: string;
  /** Field group $ids in allOf order (the class is not included). */
  fieldGroups: string[];
  immutableTags?: string[];
  /** Minor version; the registry reports `1.<minor>` and bumps it on every change. */
  minor: number;
  created: number;
  updated: number;
  createdClientId: string;
  lastModifiedClientId: string;
}

export type Descriptor = Record<string, unknown> & { '@id': string; '@type': string; 'xdm:sourceSchema': string };

export interface RegistryData {
  schemas: SchemaRecord[];
  descriptors: Descriptor[];
}

export function registryOf(ctx: SimContext, sandbox: string): RegistryData {
  const all = slice(ctx.state, 'schemaRegistry', () => new Map<string, RegistryData>());
  let data = all.get(sandbox);
  if (!data) all.set(sandbox, (data = { schemas: [], descriptors: [] }));
  return data;
}

/** A schema is addressed by its $id or its meta:altId. */
export function findSchema(data: RegistryData, ref: string): SchemaRecord | undefined {
  return data.schemas.find((s) => s.$id === ref || s.altId === ref);
}

export function schemaVersion(s: SchemaRecord): string {
  return `1.${s.minor}`;
}

export function schemaSummary(s: SchemaRecord): Record<string, unknown> {
  return { $id: s.$id, 'meta:altId': s.altId, version: schemaVersion(s), title: s.title };
}

/** The full (raw, `application/vnd.adobe.xed+json`) representation of a tenant schema. */
export function renderSchema(ctx: SimContext, sandbox: string, s: SchemaRecord): Record<string, unknown> {
  const cls = findClass(s.classId);
  const tenant = ctx.config.adobe.tenantId;
  const ref = (id: string) => ({ $ref: id, type: 'object', 'meta:xdmType': 'object' });
  const out: Record<string, unknown> = {
    $id: s.$id,
    'meta:altId': s.altId,
    'meta:resourceType': 'schemas',
    version: schemaVersion(s),
    title: s.title,
    type: 'object',
    ...(s.description !== undefined ? { description: s.description } : {}),
    allOf: [ref(s.classId), ...s.fieldGroups.map(ref)],
    imsOrg: ctx.config.adobe.orgId,
    'meta:extensible': false,
    'meta:abstract': false,
    'meta:extends': [s.classId, ...(cls ? [behaviorRef(cls)] : []), ...s.fieldGroups],
    'meta:xdmType': 'object',
    'meta:registryMetadata': {
      'repo:createdDate': s.created,
      'repo:lastModifiedDate': s.updated,
      'xdm:createdClientId': s.createdClientId,
      'xdm:lastModifiedClientId': s.lastModifiedClientId,
      eTag: `${s.$id.slice(-24)}${s.minor.toString(16).padStart(8, '0')}`,
    },
    'meta:class': s.classId,
    'meta:containerId': 'tenant',
    'meta:sandboxId': `sandbox-${sandbox}`,
    'meta:sandboxType': sandbox === 'prod' ? 'production' : 'development',
    'meta:tenantNamespace': `_${tenant}`,
  };
  if (s.immutableTags) out['meta:immutableTags'] = [...s.immutableTags];
  return out;
}
