// For the live-change tests: a completed setup that each scenario starts from (cloned, so scenarios never see
// each other's edits), an edited copy of the specs, and the simulator's state in a form that two setups can
// be compared by — names, settings and links instead of generated ids, every resource counted (orphans and
// duplicates show up as differences).
import fs from 'node:fs';
import path from 'node:path';
import { runPipeline, type RunOptions, type RunResult } from '../../generator/run/run-pipeline';
import { startSimulator, snapshotAdobe, type RunningSimulator, type SimState } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { conversionState } from '../../simulator/conversion';
import { catalogState } from '../../simulator/catalog';
import { flowState } from '../../simulator/flow-service/store';
import { e2eOptions } from './harness';
import { tempProject } from '../unit/helpers/temp-project';

export async function run(sim: RunningSimulator, extra: Partial<RunOptions> = {}): Promise<RunResult & { lines: string[]; sent: Array<{ method: string; path: string }> }> {
  const lines: string[] = [];
  const from = sim.state.requests.length;
  const result = await runPipeline(e2eOptions(sim, lines, extra));
  return { ...result, lines, sent: sim.state.requests.slice(from).map((r) => ({ method: r.method, path: r.path })) };
}

const TOKEN_PATHS = [/\/ims\/token\//, /\/ims\/exchange\//, /\/services\/oauth2\/token$/];

/** Requests that changed something (token requests excepted), as "METHOD path-with-ids-masked". */
export function writesOf(sent: Array<{ method: string; path: string }>): string[] {
  return sent.filter((r) => r.method !== 'GET' && !TOKEN_PATHS.some((p) => p.test(r.path)))
    .map((r) => `${r.method} ${r.path.replace(/\/[0-9a-f-]{20,}|\/_[a-z0-9.]+|\/\d{6,}(?=\/|$)/gi, '/:id')}`);
}

/** An Experience Platform on AWS, where the Salesforce connection uses a jwtToken (the one rotated). */
export function awsSimulator(state?: SimState): Promise<RunningSimulator> {
  return startSimulator({ config: { adobe: { cloud: 'aws' } } as never, ...(state ? { state } : {}) });
}

/** A simulator whose state is a copy of `state` (a completed setup). */
export function fromState(state: SimState): Promise<RunningSimulator> {
  return awsSimulator(structuredClone({ ...state, requests: [] }));
}

/** A copy of specs/ with `edit(root)` applied; returns the root for RunOptions.root. */
export function editedSpecs(edit: (specs: string) => void): { root: string; cleanup: () => void } {
  const t = tempProject('postforge-live-');
  edit(path.join(t.root, 'specs'));
  return t;
}

export function replaceIn(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${path.basename(file)} has no ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

const on = (tag: string[] | undefined) => (tag ?? []).some((t) => /^enabled:\s*true$/.test(t));

/** The setup as names and settings, comparable between two simulators. */
export function comparable(state: SimState): Record<string, unknown> {
  const adobe = snapshotAdobe(state);
  const flow = snapshotFlow(state);
  const title = new Map(adobe.schemas.map((s) => [s.$id, s.title]));
  const ns = (v: unknown) => title.get(String(v)) ?? v;
  const datasets = new Map([...catalogState(state).values()].map((d) => [d.id, d.data]));
  const targets = new Map(flow.targetConnections.map((t) => [t.id, t]));
  const sets = conversionState(state);
  const rows = (id: unknown) => (sets.get(String(id))?.data.mappings as Array<Record<string, string>> | undefined)
    ?.map((r) => `${r.sourceType}|${r.source}|${r.destination}`).sort();
  const fs = flowState(state);
  return {
    namespaces: adobe.namespaces.map((n) => `${n.code}|${n.name}|${n.description}|${n.idType}`).sort(),
    schemas: adobe.schemas.map((s) => `${s.title}|${s.description}|${s.classId}|${[...s.fieldGroups].sort().join(',')}|${s.immutableTags.join(',')}`).sort(),
    descriptors: adobe.descriptors.map((d) => JSON.stringify(Object.entries(d)
      .filter(([k]) => k.startsWith('xdm:') || k === '@type').map(([k, v]) => [k, ns(v)]).sort())).sort(),
    connections: flow.connections.map((c) => `${c.name}|${c.specName}|${c.state}`),
    sources: flow.sourceConnections.map((s) => `${s.name}|${s.tableName}`).sort(),
    // Profile / Identity as on or off: a tag never set and one set to enabled:false mean the same.
    datasets: [...datasets.values()].map((d) => `${d.name}|${ns(d.schemaRef.id)}|profile ${on(d.tags?.unifiedProfile)}|identity ${on(d.tags?.unifiedIdentity)}`).sort(),
    targets: flow.targetConnections.map((t) => `${t.name}|${datasets.get(t.dataSetId)?.name ?? 'MISSING DATASET'}`).sort(),
    mappingSets: [...sets.values()].map((m) => `${String(m.data.name)}|${ns(m.xdmSchema)}|${m.data.mappings.length}`).sort(),
    flows: [...fs.flows.values()].map((f) => {
      const s = flow.flows.find((x) => x.id === f.id)!;
      const sp = s.scheduleParams as Record<string, string>;
      return { name: f.name, state: f.state, frequency: sp.frequency, interval: sp.interval, target: targets.get(s.targetConnectionId)?.name, dataset: datasets.get(String(targets.get(s.targetConnectionId)?.dataSetId))?.name ?? 'MISSING DATASET', rows: rows(s.mappingId) };
    }).sort((a, b) => String(a.name).localeCompare(String(b.name))),
  };
}
