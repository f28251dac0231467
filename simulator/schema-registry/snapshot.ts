// Inspection for tests and the runner: what the Adobe side of the simulator holds in one sandbox, in a compact
// shape that can be compared with the reference lists (namespaces, schemas and their field groups, descriptors).
import type { SimState } from '../core/types';
import { defaultPolicyClasses } from '../merge-policies';
import { altIdOf } from './catalog';
import type { RegistryData } from './store';
import type { Namespace } from '../identity';

export interface AdobeSnapshot {
  namespaces: Array<Pick<Namespace, 'id' | 'code' | 'name' | 'idType' | 'description'>>;
  schemas: Array<{ $id: string; altId: string; title: string; description?: string; classId: string; fieldGroups: string[]; immutableTags: string[]; version: string }>;
  descriptors: Array<Record<string, unknown>>;
  /** Class alt IDs (`schema.name`) that have a default merge policy. */
  defaultMergePolicyClasses: string[];
}

/** Custom namespaces only: the standard ones exist everywhere and are not created by a setup. */
export function snapshotAdobe(state: SimState, sandbox = 'prod'): AdobeSnapshot {
  const ns = (state.identityNamespaces as Map<string, Namespace[]> | undefined)?.get(sandbox) ?? [];
  const reg = (state.schemaRegistry as Map<string, RegistryData> | undefined)?.get(sandbox) ?? { schemas: [], descriptors: [] };
  return {
    namespaces: ns.filter((n) => n.custom).map(({ id, code, name, idType, description }) => ({ id, code, name, idType, description })),
    schemas: reg.schemas.map((s) => ({
      $id: s.$id, altId: s.altId, title: s.title, description: s.description, classId: s.classId, fieldGroups: [...s.fieldGroups],
      immutableTags: [...(s.immutableTags ?? [])], version: `1.${s.minor}`,
    })),
    descriptors: reg.descriptors.map((d) => ({ ...d })),
    defaultMergePolicyClasses: defaultPolicyClasses(reg.schemas).map((c) => altIdOf(c)),
  };
}
