// What the specs create, by name: the Salesforce base connection `postforge-salesforce` and, per object of
// specs/data/salesforce-objects.yaml, a source connection, dataset, target connection and dataflow named
// `postforge-salesforce-<key>`; with the B2B schemas of specs/data/schemas.yaml (by title). status and destroy
// find resources only through these names, so nothing the specs did not name is ever touched. A unit test
// checks that specs/salesforce-source.yaml still uses exactly these names.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const BASE_CONNECTION_NAME = 'postforge-salesforce';

export interface SpecObject { object: string; key: string; schema: string; label: string }

export interface SpecResources {
  baseConnection: string;
  objects: Array<SpecObject & { name: string }>;
  /** B2B schema titles, keyed by the data table's key. */
  schemas: Array<{ key: string; title: string }>;
}

export function objectResourceName(key: string): string {
  return `${BASE_CONNECTION_NAME}-${key}`;
}

export function specResources(root: string): SpecResources {
  const read = (f: string) => parse(fs.readFileSync(path.join(root, 'specs', 'data', f), 'utf8')) as Array<Record<string, string>>;
  const objects = read('salesforce-objects.yaml').map((o) => ({ object: o.object, key: o.key, schema: o.schema, label: o.label ?? o.object, name: objectResourceName(o.key) }));
  const schemas = read('schemas.yaml').map((s) => ({ key: s.key, title: s.title }));
  return { baseConnection: BASE_CONNECTION_NAME, objects, schemas };
}

/** The objects of SALESFORCE_OBJECTS (a comma list of API names), in data-table order. */
export function selectedObjects(all: SpecResources['objects'], list: string | undefined): SpecResources['objects'] {
  const wanted = new Set((list ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  return wanted.size ? all.filter((o) => wanted.has(o.object)) : all;
}
