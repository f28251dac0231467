// Flow Service state: base, source and target connections and flows, each stored in the shape GET returns.
// Resources are sandbox-scoped like the real service: a lookup from another sandbox does not see them.
import { createHash } from 'node:crypto';
import type { SimContext, SimRequest } from '../core/types';
import { slice } from '../core/app';

export type Entity = Record<string, unknown> & { id: string; name: string; sandboxName: string; etag: string };

export interface FlowServiceState {
  connections: Map<string, Entity>;
  sourceConnections: Map<string, Entity>;
  targetConnections: Map<string, Entity>;
  flows: Map<string, Entity>;
}

export function flowState(state: SimContext['state']): FlowServiceState {
  return slice<FlowServiceState>(state, 'flowService', () => ({
    connections: new Map(),
    sourceConnections: new Map(),
    targetConnections: new Map(),
    flows: new Map(),
  }));
}

function header(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function sandboxOf(req: SimRequest): string {
  return header(req, 'x-sandbox-name') ?? 'prod';
}

/** A stable sandbox id derived from its name, so repeated runs see the same value. */
export function sandboxId(name: string): string {
  const h = createHash('md5').update(`sandbox:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Flow Service etags look like "\"1700df7b-0000-0200-0000-5e3b424f0000\"". */
export function newEtag(ctx: SimContext): string {
  const hex = ctx.newId('hex32');
  return `"${hex.slice(0, 8)}-0000-0200-0000-${hex.slice(8, 20)}"`;
}

/** The audit block every Flow Service entity carries. */
export interface Audit extends Record<string, unknown> { sandboxName: string; createdAt: number }

export function auditFields(req: SimRequest, ctx: SimContext): Audit {
  const now = ctx.now();
  const client = header(req, 'x-api-key') ?? ctx.config.adobe.clientId;
  const sandbox = sandboxOf(req);
  return {
    createdAt: now,
    updatedAt: now,
    createdBy: ctx.config.adobe.technicalAccountId,
    updatedBy: ctx.config.adobe.technicalAccountId,
    createdClient: client,
    updatedClient: client,
    sandboxId: sandboxId(sandbox),
    sandboxName: sandbox,
    imsOrgId: ctx.config.adobe.orgId,
  };
}

/** Entities of one kind visible from the request's sandbox. */
export function inSandbox(map: Map<string, Entity>, req: SimRequest): Entity[] {
  const sandbox = sandboxOf(req);
  return [...map.values()].filter((e) => e.sandboxName === sandbox);
}

export function findInSandbox(map: Map<string, Entity>, req: SimRequest, id: unknown): Entity | undefined {
  if (typeof id !== 'string') return undefined;
  const e = map.get(id);
  return e && e.sandboxName === sandboxOf(req) ? e : undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
