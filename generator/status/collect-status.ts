// `postforge status`: read-only. The base connection (state, jwtToken expiry) and, per object of
// SALESFORCE_OBJECTS, its dataflow (state, schedule), last runs (newest first, bounded), and its dataset's
// Profile / Identity enablement. Returns data; rendering and exit codes belong to the CLI.
import type { PlatformClient } from '../platform/client';
import { PlatformError } from '../platform/client';
import { selectedObjects, type SpecResources } from '../platform/resources';
import { jwtExpiry, type JwtExpiry } from './jwt-expiry';
import { summarizeRun, type RunSummary } from './summarize-run';

export const FLOW_SERVICE = '/data/foundation/flowservice';
export const CATALOG = '/data/foundation/catalog/dataSets';
/** How many runs per flow are read (newest first). */
export const RUNS_PER_FLOW = 5;

export type Verdict = 'ok' | 'failed' | 'missing' | 'pending';

export interface ObjectStatus {
  object: string;
  key: string;
  name: string;
  verdict: Verdict;
  flow?: { id: string; state: string; schedule: string };
  runs: RunSummary[];
  dataset?: { id: string; profile: boolean; identity: boolean };
  /** Why the verdict is not ok, in one line (the first error of the last finished run, or what is missing). */
  reason?: string;
}

export interface StatusReport {
  sandbox: string;
  checkedAt: string;
  connection: { name: string; found: boolean; id?: string; state?: string; auth?: string; jwt?: JwtExpiry };
  objects: ObjectStatus[];
  warnings: string[];
  /** 0 when every flow's last finished run succeeded, 1 when any failed or anything is missing. */
  exitCode: 0 | 1;
}

export interface StatusInput {
  client: PlatformClient;
  values: Record<string, string>;
  resources: SpecResources;
  now?: () => number;
}

const enc = encodeURIComponent;

export function describeSchedule(p: unknown): string {
  const s = (p ?? {}) as { frequency?: string; interval?: number | string };
  if (!s.frequency) return 'none';
  if (s.frequency === 'once') return 'once';
  // Flow Service answers schedule values as strings ("interval": "1").
  return `every ${s.interval ?? 1} ${s.frequency}${Number(s.interval ?? 1) === 1 ? '' : 's'}`;
}

const enabled = (tag: unknown) => Array.isArray(tag) && tag.some((t) => String(t).replace(/\s/g, '').toLowerCase() === 'enabled:true');

async function objectStatus(input: StatusInput, o: SpecResources['objects'][number]): Promise<ObjectStatus> {
  const { client } = input;
  const out: ObjectStatus = { object: o.object, key: o.key, name: o.name, verdict: 'missing', runs: [] };
  const sets = (await client.get(`dataset ${o.name}`, client.url(`${CATALOG}?property=name==${enc(o.name)}&properties=name,tags,schemaRef`))) as Record<string, Record<string, unknown>> | undefined;
  const [dsId, ds] = Object.entries(sets ?? {}).find(([, d]) => d?.name === o.name) ?? [];
  if (dsId && ds) {
    const tags = (ds.tags ?? {}) as Record<string, unknown>;
    out.dataset = { id: dsId, profile: enabled(tags.unifiedProfile), identity: enabled(tags.unifiedIdentity) };
  }
  const flows = await client.list(`dataflow ${o.name}`, client.url(`${FLOW_SERVICE}/flows?property=name==${enc(o.name)}`));
  const flow = flows.find((f) => f.name === o.name);
  if (!flow) {
    out.reason = 'no dataflow (run `postforge run` to create it)';
    return out;
  }
  out.flow = { id: String(flow.id), state: String(flow.state ?? 'unknown'), schedule: describeSchedule(flow.scheduleParams) };
  const runs = await client.list(`runs of ${o.name}`, client.url(`${FLOW_SERVICE}/runs?property=flowId==${enc(String(flow.id))}&orderby=-createdAt&limit=${RUNS_PER_FLOW}`), { maxItems: RUNS_PER_FLOW, maxPages: 2 });
  out.runs = runs.map(summarizeRun).sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
  const last = out.runs.find((r) => r.finished);
  if (!last) {
    out.verdict = 'pending';
    out.reason = out.runs.length ? `first run ${out.runs[0].status}` : 'no run yet';
  } else if (last.ok) {
    out.verdict = 'ok';
  } else {
    out.verdict = 'failed';
    const e = last.errors[0];
    out.reason = e ? `${e.code ? `${e.code} ` : ''}${e.message}` : `last run ${last.status}`;
  }
  if (out.flow.state !== 'enabled' && out.verdict === 'ok') out.reason = `dataflow is ${out.flow.state}`;
  return out;
}

export async function collectStatus(input: StatusInput): Promise<StatusReport> {
  const { client, values, resources } = input;
  const now = (input.now ?? Date.now)();
  const warnings: string[] = [];
  const base = resources.baseConnection;
  const conns = await client.list(`base connection ${base}`, client.url(`${FLOW_SERVICE}/connections?property=name==${enc(base)}`));
  const c = conns.find((x) => x.name === base);
  const connection: StatusReport['connection'] = { name: base, found: Boolean(c) };
  if (c) {
    connection.id = String(c.id);
    connection.state = String(c.state ?? 'unknown');
    connection.auth = String((c.auth as { specName?: string } | undefined)?.specName ?? '');
    if (connection.auth === 'OAuth2 JWT Token Credential') {
      connection.jwt = jwtExpiry(c, values.SALESFORCE_JWT_TTL, now);
      const j = connection.jwt;
      if (j?.expired) warnings.push(`jwtToken of ${base} has EXPIRED (${new Date(j.expiresAt).toISOString().slice(0, 10)}): dataflows cannot read Salesforce; update the connection with a new jwtToken`);
      else if (j?.warn) warnings.push(`jwtToken of ${base} expires in ${j.daysLeft} day(s) (${new Date(j.expiresAt).toISOString().slice(0, 10)}): rerun postforge run, which rotates the jwtToken within SALESFORCE_JWT_ROTATE_DAYS, before dataflows stop`);
    }
    if (connection.state !== 'enabled') warnings.push(`base connection ${base} is ${connection.state}`);
  }
  const objects: ObjectStatus[] = [];
  for (const o of selectedObjects(resources.objects, values.SALESFORCE_OBJECTS)) {
    try {
      objects.push(await objectStatus(input, o));
    } catch (e) {
      if (!(e instanceof PlatformError)) throw e;
      objects.push({ object: o.object, key: o.key, name: o.name, verdict: 'failed', runs: [], reason: e.message });
    }
  }
  const bad = !connection.found || objects.some((o) => o.verdict === 'failed' || o.verdict === 'missing');
  return { sandbox: values.SANDBOX_NAME || 'prod', checkedAt: new Date(now).toISOString(), connection, objects, warnings, exitCode: bad ? 1 : 0 };
}
