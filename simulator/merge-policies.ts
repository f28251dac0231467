// Real-Time Customer Profile merge policies, `/data/core/ups/config/mergePolicies` (read side only).
// Default policies: the XDM Individual Profile class always has one (every org has it); any other record class
// gets one as soon as a schema of that class is enabled for Profile (`union` tag) — AEP creates the defaults for
// profile-enabled classes (B2B edition), which is exactly what Adobe's utility checks for. Time-series classes
// (ExperienceEvent) have no merge policies.
import type { SimApp } from './core/app';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { slice } from './core/app';
import { sandboxOf } from './core/request';
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

const FILTERS = ['schema.name', 'identityGraph.type', 'attributeMerge.type', 'default'];

// Paging (help/profile/api/merge-policies.md): `start` is an opaque continuation token, and the next page's link
// is relative — `@/mergePolicies?start=<token>&orderBy=&limit=N` — with only start, orderBy and limit. The token
// therefore carries the position and the filters of the first request, so following the link keeps them.
interface Cursor { offset: number; filters: Record<string, string> }

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify({ o: c.offset, f: c.filters })).toString('base64');
}

function decodeCursor(token: string): Cursor | undefined {
  // A '+' of the base64 text arrives as a space when the client did not encode the link.
  const text = Buffer.from(token.replace(/ /g, '+'), 'base64').toString('utf8');
  try {
    const v = JSON.parse(text) as { o?: unknown; f?: unknown };
    if (!Number.isInteger(v.o) || (v.o as number) < 0 || typeof v.f !== 'object' || v.f === null) return undefined;
    const filters = Object.fromEntries(Object.entries(v.f).filter(([k, x]) => FILTERS.includes(k) && typeof x === 'string')) as Record<string, string>;
    return { offset: v.o as number, filters };
  } catch {
    return undefined;
  }
}

function listPolicies(req: SimRequest, ctx: SimContext): SimResponse {
  const q = new URLSearchParams(req.query);
  const limit = q.get('limit') === null ? 20 : Number(q.get('limit'));
  if (!Number.isInteger(limit) || limit < 1) return problem(400, 'Bad Request', `limit must be a positive integer: ${q.get('limit')}`);
  const token = q.get('start');
  let start = 0;
  if (token !== null && token !== '') {
    const cursor = decodeCursor(token);
    if (!cursor) return problem(400, 'Bad Request', `Invalid start token: ${token}. Use the value from the previous page's _links.next.href.`);
    start = cursor.offset;
    for (const [k, v] of Object.entries(cursor.filters)) if (!q.get(k)) q.set(k, v);
  }
  const flag = q.get('default');
  if (flag !== null && flag !== '' && flag !== 'true' && flag !== 'false') return problem(400, 'Bad Request', `default must be true or false: ${flag}`);
  const getters: Array<[string, (p: MergePolicy) => string]> = [
    ['schema.name', (p) => p.schema.name], ['identityGraph.type', (p) => p.identityGraph.type],
    ['attributeMerge.type', (p) => p.attributeMerge.type], ['default', (p) => String(p.default)],
  ];
  let list = policiesOf(ctx, sandboxOf(req)).filter((p) => getters.every(([k, get]) => q.get(k) === null || q.get(k) === '' || get(p) === q.get(k)));
  const orderBy = q.get('orderBy') || q.get('orderby') || 'name';
  const desc = orderBy.startsWith('-');
  const key = orderBy.replace(/^[-+ ]/, '') as keyof MergePolicy;
  list = [...list].sort((a, b) => (String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0) * (desc ? -1 : 1));
  const children = list.slice(start, start + limit);
  const more = start + limit < list.length;
  const kept = Object.fromEntries(FILTERS.filter((k) => q.get(k)).map((k) => [k, q.get(k) as string]));
  const next = more ? encodeCursor({ offset: start + limit, filters: kept }) : undefined;
  const orderParam = q.get('orderBy') ?? q.get('orderby') ?? '';
  return {
    status: 200,
    body: {
      _page: { totalCount: list.length, pageSize: children.length, ...(next ? { next } : {}) },
      children,
      _links: { next: { href: next ? `@/mergePolicies?start=${next}&orderBy=${encodeURIComponent(orderParam)}&limit=${limit}` : '' } },
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
