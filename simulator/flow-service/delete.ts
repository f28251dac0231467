// DELETE of flows, source, target and base connections (204 No Content, as Adobe's Flow Service OpenAPI
// documents). A resource still referenced is refused, so a client must delete in dependency order:
// flow → source/target connection → base connection. Flow Service publishes no code for "in use", so the
// generic sources validation template (1600-400) carries the reason.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import type { SimApp } from '../core/app';
import { badRequest, notFound } from './errors';
import { findInSandbox, flowState, inSandbox, type Entity, type FlowServiceState } from './store';

const BASE = '/data/foundation/flowservice';

type Kind = 'flows' | 'sourceConnections' | 'targetConnections' | 'connections';

const MAPS: Record<Kind, keyof FlowServiceState> = { flows: 'flows', sourceConnections: 'sourceConnections', targetConnections: 'targetConnections', connections: 'connections' };

/** Who still uses this resource, or undefined when it can go. */
function user(kind: Kind, id: string, req: SimRequest, ctx: SimContext): Entity | undefined {
  const fs = flowState(ctx.state);
  if (kind === 'sourceConnections') return inSandbox(fs.flows, req).find((f) => (f.sourceConnectionIds as string[]).includes(id));
  if (kind === 'targetConnections') return inSandbox(fs.flows, req).find((f) => (f.targetConnectionIds as string[]).includes(id));
  if (kind === 'connections') return inSandbox(fs.sourceConnections, req).find((s) => s.baseConnectionId === id);
  return undefined;
}

function remove(kind: Kind) {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const map = flowState(ctx.state)[MAPS[kind]];
    const e = findInSandbox(map, req, req.params.id);
    if (!e) return notFound(kind, req.params.id);
    const by = user(kind, e.id, req, ctx);
    if (by) {
      const what = kind === 'connections' ? 'source connection' : 'flow';
      return badRequest(`The ${kind} resource ${e.id} is used by ${what} ${by.id} (${by.name}). Delete the ${what} first.`);
    }
    map.delete(e.id);
    return { status: 204 };
  };
}

export function registerDeletes(app: SimApp): void {
  for (const kind of Object.keys(MAPS) as Kind[]) {
    app.route({ method: 'DELETE', pattern: `${BASE}/${kind}/:id`, auth: 'platform', handler: remove(kind) });
  }
}

/** The flow whose target connection writes into this dataset, if any (Catalog refuses to delete it). */
export function flowWritingTo(ctx: SimContext, req: SimRequest, dataSetId: string): Entity | undefined {
  const fs = flowState(ctx.state);
  return inSandbox(fs.flows, req).find((f) => (f.targetConnectionIds as string[]).some((t) => {
    const target = fs.targetConnections.get(t);
    return (target?.params as { dataSetId?: string } | undefined)?.dataSetId === dataSetId;
  }));
}
