// Schema Registry under /data/foundation/schemaregistry: tenant schemas and descriptors, the read-only global
// classes and field groups they reference.
import type { SimApp } from '../core/app';
import { createDescriptor, deleteDescriptor, getDescriptor, listDescriptors, replaceDescriptor } from './descriptors';
import { getGlobalClass, getGlobalFieldGroup, listGlobalClasses, listGlobalFieldGroups } from './global';
import { createSchema, deleteSchema, getSchema, listSchemas, patchSchema } from './schemas';

export const SCHEMA_REGISTRY_BASE = '/data/foundation/schemaregistry';

export function registerSchemaRegistry(app: SimApp): void {
  const t = `${SCHEMA_REGISTRY_BASE}/tenant`;
  const g = `${SCHEMA_REGISTRY_BASE}/global`;
  app.route({ method: 'GET', pattern: `${t}/schemas`, auth: 'platform', handler: listSchemas });
  app.route({ method: 'POST', pattern: `${t}/schemas`, auth: 'platform', handler: createSchema });
  app.route({ method: 'GET', pattern: `${t}/schemas/:schemaId`, auth: 'platform', handler: getSchema });
  app.route({ method: 'PATCH', pattern: `${t}/schemas/:schemaId`, auth: 'platform', handler: patchSchema });
  app.route({ method: 'DELETE', pattern: `${t}/schemas/:schemaId`, auth: 'platform', handler: deleteSchema });
  app.route({ method: 'GET', pattern: `${t}/descriptors`, auth: 'platform', handler: listDescriptors });
  app.route({ method: 'POST', pattern: `${t}/descriptors`, auth: 'platform', handler: createDescriptor });
  app.route({ method: 'GET', pattern: `${t}/descriptors/:descriptorId`, auth: 'platform', handler: getDescriptor });
  app.route({ method: 'DELETE', pattern: `${t}/descriptors/:descriptorId`, auth: 'platform', handler: deleteDescriptor });
  app.route({ method: 'PUT', pattern: `${t}/descriptors/:descriptorId`, auth: 'platform', handler: replaceDescriptor });
  app.route({ method: 'GET', pattern: `${g}/classes`, auth: 'platform', handler: listGlobalClasses });
  app.route({ method: 'GET', pattern: `${g}/classes/:id`, auth: 'platform', handler: getGlobalClass });
  app.route({ method: 'GET', pattern: `${g}/fieldgroups`, auth: 'platform', handler: listGlobalFieldGroups });
  app.route({ method: 'GET', pattern: `${g}/fieldgroups/:id`, auth: 'platform', handler: getGlobalFieldGroup });
}

export { snapshotAdobe, type AdobeSnapshot } from './snapshot';
