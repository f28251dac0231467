// What `destroy` would delete, found only by the names the specs give (see platform/resources.ts), in reverse
// dependency order: dataflows, target connections, source connections, datasets, the base connection and, with
// `schemas`, the B2B descriptors and schemas no other dataset uses. What stays, and why, is listed too.
import type { PlatformClient } from '../platform/client';
import type { SpecResources } from '../platform/resources';
import { CATALOG, FLOW_SERVICE } from '../status/collect-status';

export const SCHEMA_REGISTRY = '/data/foundation/schemaregistry/tenant';

export type DestroyKind = 'dataflow' | 'target connection' | 'source connection' | 'dataset' | 'base connection' | 'descriptor' | 'schema';

export interface DestroyItem { kind: DestroyKind; name: string; id: string; url: string }
export interface KeptItem { kind: string; name: string; why: string }
export interface DestroyPlan { sandbox: string; items: DestroyItem[]; kept: KeptItem[] }

const enc = encodeURIComponent;
/** Catalog pages hold at most 100 datasets; 50 pages bound the scan. */
const CATALOG_PAGE = 100;

async function flowServiceNamed(client: PlatformClient, kind: DestroyKind, collection: string, name: string): Promise<Array<DestroyItem & { raw: Record<string, unknown> }>> {
  const found = await client.list(`look up ${kind} ${name}`, client.url(`${FLOW_SERVICE}/${collection}?property=name==${enc(name)}`));
  return found.filter((x) => x.name === name).map((x) => ({ kind, name, id: String(x.id), url: client.url(`${FLOW_SERVICE}/${collection}/${enc(String(x.id))}`), raw: x }));
}

/** Every dataset of the sandbox as id → {name, schema id}, paged with limit/start as Catalog documents. */
async function allDataSets(client: PlatformClient): Promise<Map<string, { name: string; schemaId: string }>> {
  const out = new Map<string, { name: string; schemaId: string }>();
  for (let page = 0; page < 50; page++) {
    const body = (await client.get('list datasets', client.url(`${CATALOG}?properties=name,schemaRef&limit=${CATALOG_PAGE}&start=${page * CATALOG_PAGE}`)) ?? {}) as Record<string, { name?: string; schemaRef?: { id?: string } }>;
    const entries = Object.entries(body);
    for (const [id, d] of entries) out.set(id, { name: String(d?.name ?? ''), schemaId: String(d?.schemaRef?.id ?? '') });
    if (entries.length < CATALOG_PAGE) break;
  }
  return out;
}

async function planSchemas(client: PlatformClient, resources: SpecResources, dataSets: Map<string, { name: string; schemaId: string }>, deleting: Set<string>, plan: DestroyPlan): Promise<void> {
  const titles = new Set(resources.schemas.map((s) => s.title));
  const schemas = (await client.list('list schemas', client.url(`${SCHEMA_REGISTRY}/schemas?orderby=title`), { accept: 'application/vnd.adobe.xed-id+json', maxPages: 50 }))
    .filter((s) => titles.has(String(s.title)));
  const grouped = (await client.get('list descriptors', client.url(`${SCHEMA_REGISTRY}/descriptors`), 'application/vnd.adobe.xdm+json') ?? {}) as Record<string, unknown>;
  const descriptors = Object.values(grouped).flatMap((v) => (Array.isArray(v) ? v : [])) as Array<Record<string, unknown>>;
  const schemaItems: DestroyItem[] = [];
  for (const s of schemas) {
    const id = String(s.$id);
    const users = [...dataSets.entries()].filter(([dsId, d]) => d.schemaId === id && !deleting.has(dsId));
    if (users.length) {
      plan.kept.push({ kind: 'schema', name: String(s.title), why: `used by dataset(s) ${users.map(([dsId, d]) => `${d.name} (${dsId})`).join(', ')}` });
      continue;
    }
    for (const d of descriptors.filter((x) => x['xdm:sourceSchema'] === id)) {
      plan.items.push({ kind: 'descriptor', name: `${String(d['@type']).replace(/^xdm:descriptor/, '')} ${String(d['xdm:sourceProperty'] ?? '')} on ${s.title}`, id: String(d['@id']), url: client.url(`${SCHEMA_REGISTRY}/descriptors/${enc(String(d['@id']))}`) });
    }
    schemaItems.push({ kind: 'schema', name: String(s.title), id, url: client.url(`${SCHEMA_REGISTRY}/schemas/${enc(String(s['meta:altId'] ?? id))}`) });
  }
  plan.items.push(...schemaItems);
}

export async function planDestroy(client: PlatformClient, resources: SpecResources, opts: { sandbox: string; schemas?: boolean }): Promise<DestroyPlan> {
  const plan: DestroyPlan = { sandbox: opts.sandbox, items: [], kept: [] };
  const names = resources.objects.map((o) => o.name);
  const flows = (await Promise.all(names.map((n) => flowServiceNamed(client, 'dataflow', 'flows', n)))).flat();
  for (const f of flows) {
    const t = (Array.isArray(f.raw.transformations) ? f.raw.transformations : []) as Array<{ name?: string; params?: { mappingId?: string } }>;
    const mappingId = t.find((x) => x.name === 'Mapping')?.params?.mappingId;
    if (mappingId) plan.kept.push({ kind: 'mapping set', name: mappingId, why: `of ${f.name}: the Data Prep API has no delete for mapping sets; unused once the dataflow is gone` });
  }
  const targets = (await Promise.all(names.map((n) => flowServiceNamed(client, 'target connection', 'targetConnections', n)))).flat();
  const sources = (await Promise.all(names.map((n) => flowServiceNamed(client, 'source connection', 'sourceConnections', n)))).flat();
  const dataSets = await allDataSets(client);
  const wanted = new Set(names);
  const ours = [...dataSets.entries()].filter(([, d]) => wanted.has(d.name))
    .map(([id, d]) => ({ kind: 'dataset' as const, name: d.name, id, url: client.url(`${CATALOG}/${enc(id)}`) }));
  const base = await flowServiceNamed(client, 'base connection', 'connections', resources.baseConnection);
  const strip = ({ kind, name, id, url }: DestroyItem) => ({ kind, name, id, url });
  plan.items.push(...flows.map(strip), ...targets.map(strip), ...sources.map(strip), ...ours, ...base.map(strip));
  if (opts.schemas) await planSchemas(client, resources, dataSets, new Set(ours.map((d) => d.id)), plan);
  plan.kept.push({ kind: 'identity namespaces', name: 'B2B namespaces', why: 'Identity Service has no API to delete a namespace; they stay (harmless, and reused by the next run)' });
  return plan;
}
