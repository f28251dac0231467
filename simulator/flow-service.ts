// The simulated Flow Service (/data/foundation/flowservice): connection and flow specs, base connections with
// explore, source and target connections, dataflows, their runs and the DELETE endpoints. Routes live in flow-service/*; this file wires them.
import type { SimApp } from './core/app';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { registerConnections } from './flow-service/connections';
import { registerDeletes } from './flow-service/delete';
import { notFound } from './flow-service/errors';
import { registerFlows } from './flow-service/flows';
import { listItems } from './flow-service/query';
import { resolveFinder, type SchemaFinder } from './flow-service/schemas';
import { registerRuns } from './flow-service/runs';
import { registerSourceTarget } from './flow-service/source-target';
import { registerUpdates } from './flow-service/updates';
import { connectionSpecsFor, FLOW_SPECS } from './flow-service/specs';

export { snapshotFlow, type FlowSnapshot } from './flow-service/snapshot';

const BASE = '/data/foundation/flowservice';

type Items = Array<Record<string, unknown> & { id: string }>;

function byId(itemsOf: (ctx: SimContext) => Items, kind: string) {
  return (req: SimRequest, ctx: SimContext): SimResponse => {
    const item = itemsOf(ctx).find((s) => s.id === req.params.id);
    return item ? { status: 200, body: { items: [item] } } : notFound(kind, req.params.id);
  };
}

export function registerFlowService(app: SimApp, deps: { findSchema?: SchemaFinder } = {}): void {
  const findSchema = resolveFinder(deps.findSchema);
  app.route({ method: 'GET', pattern: `${BASE}/connectionSpecs`, auth: 'platform', handler: (req, ctx) => listItems(connectionSpecsFor(ctx.config.adobe.cloud), req.query) });
  app.route({ method: 'GET', pattern: `${BASE}/connectionSpecs/:id`, auth: 'platform', handler: byId((ctx) => connectionSpecsFor(ctx.config.adobe.cloud), 'connectionSpecs') });
  app.route({ method: 'GET', pattern: `${BASE}/flowSpecs`, auth: 'platform', handler: (req) => listItems(FLOW_SPECS, req.query) });
  app.route({ method: 'GET', pattern: `${BASE}/flowSpecs/:id`, auth: 'platform', handler: byId(() => FLOW_SPECS, 'flowSpecs') });
  registerConnections(app);
  registerSourceTarget(app, findSchema);
  registerFlows(app);
  registerRuns(app);
  registerDeletes(app);
  registerUpdates(app);
}
