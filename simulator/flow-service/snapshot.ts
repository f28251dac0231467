// A read-only summary of everything the Flow Service chain created, for end-to-end assertions. Secrets are never
// in the state (base connections keep vault references only), so nothing secret can leak from here.
import type { SimState } from '../core/types';
import { catalogState } from '../catalog';
import { conversionState } from '../conversion';
import { flowState, type Entity } from './store';

export interface FlowSnapshot {
  connections: Array<{ id: string; name: string; sandboxName: string; connectionSpecId: string; specName: string; state: string; orgId: unknown }>;
  sourceConnections: Array<{ id: string; name: string; sandboxName: string; baseConnectionId: string; tableName: string }>;
  targetConnections: Array<{ id: string; name: string; sandboxName: string; schemaId: string; dataSetId: string }>;
  dataSets: Array<{ id: string; name: string; sandboxName: string; schemaId: string }>;
  mappingSets: Array<{ id: string; sandboxName: string; xdmSchema: string; version: number; rows: number }>;
  flows: Array<{ id: string; name: string; sandboxName: string; flowSpecId: string; sourceConnectionId: string; targetConnectionId: string; mappingId: unknown; scheduleParams: unknown }>;
}

const get = (e: Entity, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), e);

export function snapshotFlow(state: SimState): FlowSnapshot {
  const fs = flowState(state);
  return {
    connections: [...fs.connections.values()].map((c) => ({
      id: c.id, name: c.name, sandboxName: c.sandboxName, connectionSpecId: String(get(c, 'connectionSpec.id')),
      specName: String(get(c, 'auth.specName')), state: String(c.state), orgId: get(c, 'auth.params.orgId'),
    })),
    sourceConnections: [...fs.sourceConnections.values()].map((s) => ({
      id: s.id, name: s.name, sandboxName: s.sandboxName, baseConnectionId: String(s.baseConnectionId), tableName: String(get(s, 'params.tableName')),
    })),
    targetConnections: [...fs.targetConnections.values()].map((t) => ({
      id: t.id, name: t.name, sandboxName: t.sandboxName, schemaId: String(get(t, 'data.schema.id')), dataSetId: String(get(t, 'params.dataSetId')),
    })),
    dataSets: [...catalogState(state).values()].map((d) => ({ id: d.id, name: d.data.name, sandboxName: d.sandbox, schemaId: d.data.schemaRef.id })),
    mappingSets: [...conversionState(state).values()].map((m) => ({
      id: m.id, sandboxName: m.sandbox, xdmSchema: m.xdmSchema, version: m.version, rows: m.data.mappings.length,
    })),
    flows: [...fs.flows.values()].map((f) => {
      const transformations = Array.isArray(f.transformations) ? (f.transformations as Array<Record<string, unknown>>) : [];
      const mapping = transformations.find((t) => t?.name === 'Mapping');
      return {
        id: f.id, name: f.name, sandboxName: f.sandboxName, flowSpecId: String(get(f, 'flowSpec.id')),
        sourceConnectionId: String((f.sourceConnectionIds as string[])[0]), targetConnectionId: String((f.targetConnectionIds as string[])[0]),
        mappingId: (mapping?.params as Record<string, unknown> | undefined)?.mappingId, scheduleParams: f.scheduleParams,
      };
    }),
  };
}
