// Real-Time Customer Profile merge policies, `/data/core/ups/config/mergePolicies` (read side only).
// Default policies: the XDM Individual Profile class always has one (every org has it); any other record class
// gets one as soon as a schema of that class is enabled for Profile (`union` tag) — AEP creates the defaults for
// profile-enabled classes (B2B edition), which is exactly what Adobe's utility checks for. Time-series classes
// (ExperienceEvent) have no merge policies.
import type { SimApp } from './core/app';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { slice } from './core/app';
import { baseUrl, sandboxOf } from './core/request';
import { altIdOf, findClass } from './schema-registry/catalog';
import { registryOf, type SchemaRecord } from './schema-registry/store';

const PROFILE = 'https://ns.adobe.com/xdm/context/profile';

export interface MergePolicy {
  id: string;
  name: string;
  imsOrgId: string;
  sandbox: { sandboxId: string; sandboxName: string; type: string; default: boolean };
  schema: { name: string };
  version: number;
  identityGraph: { type: 'none' | 'pdg' };
  attributeMerge: { type: 'timestampOrdered' | 'dataSetPrecedence'; order?: string[] };
  default: boolean;
  activeOnEdge: boolean;
  updateEpoch: number;
}

/** Class $ids that have a default merge policy, given the tenant schemas of a sandbox. */
export function defaultPolicyClasses(schemas: SchemaRecord[]): string[] {
  const out = [PROFILE];
  for (const s of schemas) {
    const cls = findClass(s.classId);
    if (cls?.behavior === 'record' && (s.immutableTags ?? []).includes('union') && !out.includes(cls.$id)) out.push(cls.$id);
  }
  return out;
}

/** Materialises the default policies of a sandbox; ids stay stable once created. */
function policiesOf(ctx: SimContext, sandbox: string): MergePolicy[] {
  const all = slice(ctx.state, 'mergePolicies', () => new Map<string, MergePolicy[]>());
  let list = all.get(sandbox);
  if (!list) all.set(sandbox, (list = []));
  for (const classId of defaultPolicyClasses(registryOf(ctx, sandbox).schemas)) {
    const name = altIdOf(classId);
    if (list.some((p) => p.schema.name === name && p.default)) continue;
    list.push({
      id: ctx.newId('uuid'),
      name: classId === PROFILE ? 'Default Timebased' : `Default Timebased ${findClass(classId)?.title ?? name}`,
      imsOrgId: ctx.config.adobe.orgId,
      sandbox: { sandboxId: `sandbox-${sandbox}`, sandboxName: sandbox, type: sandbox === 'prod' ? 'production' : 'development', default: sandbox === 'prod' },
      schema: { name },
      version: 1,
      identityGraph: { type: 'none' },
      attributeMerge: { type: 'timestampOrdered' },
      default: true,
      activeOnEdge: false,
      updateEpoch: Math.floor(ctx.now() / 1000),
    });
  }
  return list;
}

function problem(status: number, title: string, detail: string): SimResponse {
  return { status, body: { type: `http://ns.adobe.com/aep/errors/${status}`, title, status, detail } };
}

function listPolicies(req: SimRequest, ctx: SimContext): SimResponse {
  const q = req.query;
  const flag = q.get('default');
  if (flag !== null && flag !== 'true' && flag !== 'false') return problem(400, 'Bad Request', `default must be true or false: ${flag}`);
  const limit = q.get('limit') === null ? 20 : Number(q.get('limit'));
  const start = q.get('start') === null || q.get('start') === '' ? 0 : Number(q.get('start'));
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(start) || start < 0) return problem(400, 'Bad Request', 'limit and start must be non-negative integers');
  const filters: Array<[string, (p: MergePolicy) => string]> = [
    ['schema.name', (p) => p.schema.name], ['identityGraph.type', (p) => p.identityGraph.type],
    ['attributeMerge.type', (p) => p.attributeMerge.type], ['default', (p) => String(p.default)],
  ];
  let list = policiesOf(ctx, sandboxOf(req)).filter((p) => filters.every(([k, get]) => q.get(k) === null || q.get(k) === '' || get(p) === q.get(k)));
  const orderBy = q.get('orderBy') || q.get('orderby') || 'name';
  const desc = orderBy.startsWith('-');
  const key = orderBy.replace(/^[-+ ]/, '') as keyof MergePolicy;
  list = [...list].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0) * (desc ? -1 : 1));
  const children = list.slice(start, start + limit);
  const more = start + limit < list.length;
  const next = new URLSearchParams(q);
  next.set('start', String(start + limit));
  next.set('limit', String(limit));
  return {
    status: 200,
    body: {
      _page: { totalCount: list.length, pageSize: children.length, ...(more ? { next: String(start + limit) } : {}) },
      children,
      _links: { next: { href: more ? `${baseUrl(req)}${req.path}?${next.toString()}` : '' } },
    },
  };
}

function getPolicy(req: SimRequest, ctx: SimContext): SimResponse {
  const p = policiesOf(ctx, sandboxOf(req)).find((x) => x.id === req.params.mergePolicyId);
  return p ? { status: 200, body: p } : problem(404, 'Not Found', `Merge policy ${req.params.mergePolicyId} not found`);
}

export function registerMergePolicies(app: SimApp): void {
  const base = '/data/core/ups/config/mergePolicies';
  app.route({ method: 'GET', pattern: base, auth: 'platform', handler: listPolicies });
  app.route({ method: 'GET', pattern: `${base}/:mergePolicyId`, auth: 'platform', handler: getPolicy });
}
