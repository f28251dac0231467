// Access to the Schema Registry's tenant schemas (sandbox-scoped), for Catalog, Data Prep and target connections.
// Tests may inject their own finder instead.
import type { SimContext } from '../core/types';
import { findSchema, registryOf } from '../schema-registry/store';

export interface SchemaInfo {
  $id: string;
  'meta:altId': string;
  title: string;
  'meta:class': string;
  /** Enabled for Real-Time Customer Profile: `meta:immutableTags` contains "union". */
  profileEnabled: boolean;
}

export type SchemaFinder = (ctx: SimContext, idOrAltId: string, sandbox: string) => SchemaInfo | undefined;

/** The registry's schema with this $id or meta:altId in the sandbox. */
export const registrySchemaFinder: SchemaFinder = (ctx, idOrAltId, sandbox) => {
  const s = findSchema(registryOf(ctx, sandbox), idOrAltId);
  return s && { $id: s.$id, 'meta:altId': s.altId, title: s.title, 'meta:class': s.classId, profileEnabled: (s.immutableTags ?? []).includes('union') };
};

export function resolveFinder(injected?: SchemaFinder): SchemaFinder {
  return injected ?? registrySchemaFinder;
}
