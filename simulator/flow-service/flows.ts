// Dataflows: POST /flows (flow spec, one source and one target connection, Copy + Mapping transformations,
// schedule), GET /flows/{id}, GET /flows with `property=` filters.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import type { SimApp } from '../core/app';
import { findDataSet } from '../catalog';
import { findMappingSet } from '../conversion';
import { findSalesforceObject } from '../salesforce-objects';
import { fieldReferences } from './expression-fields';
import { badRequest, connectorError, emptyBody, invalidSpec, missingField, notFound, problem } from './errors';
import { listItems } from './query';
import { checkSchedule } from './schedule';
import { findFlowSpec } from './specs';
import { storedSchedule } from './updates';
import { auditFields, findInSandbox, flowState, inSandbox, isObject, newEtag, nonEmptyString, type Entity } from './store';

const BASE = '/data/foundation/flowservice';

function oneId(body: Record<string, unknown>, field: string): string | SimResponse {
  const ids = body[field];
  if (!Array.isArray(ids) || ids.length === 0) return connectorError(1320, `The ${field} cannot be null or empty.`);
  if (ids.length !== 1) return connectorError(1321, `The length of ${field} should be one, supplied size is ${ids.length}.`);
  return typeof ids[0] === 'string' ? ids[0] : connectorError(1320, `The ${field} cannot be null or empty.`);
}

function transformation(list: unknown[], name: string): Record<string, unknown> | undefined {
  const t = list.find((x) => isObject(x) && x.name === name);
  return isObject(t) && isObject(t.params) ? t.params : undefined;
}

/** Copy and Mapping checks; answers the error or undefined. */
function checkTransformations(req: SimRequest, ctx: SimContext, body: Record<string, unknown>, source: Entity, target: Entity, once: boolean): SimResponse | undefined {
  const list = Array.isArray(body.transformations) ? body.transformations : [];
  const copy = transformation(list, 'Copy');
  const delta = copy && isObject(copy.deltaColumn) ? copy.deltaColumn : undefined;
  if (once && delta) return connectorError(1369, 'The delta column in copy transform is not allowed when frequency is set to once.');
  // CRMToAEP's Copy transformation spec requires deltaColumn: a one-time flow leaves Copy out altogether.
  if (copy && !delta) return missingField('transformations.Copy.params.deltaColumn');
  if (!once && !delta) return connectorError(1367, 'The delta column is required in copy transformation when creating a CRM connector.');
  if (delta) {
    const table = (source.params as { tableName: string }).tableName;
    if (!nonEmptyString(delta.name)) return missingField('transformations.Copy.params.deltaColumn.name');
    if (!findSalesforceObject(table, ctx.config.salesforce.features ?? {})?.columns.some((c) => c.name === delta.name)) {
      return badRequest(`The delta column ${delta.name} is not a column of table ${table}.`);
    }
  }
  const mapping = transformation(list, 'Mapping');
  if (!mapping) return connectorError(1370, 'The source columns could not be fetched for ingestion because the mapping transformation is missing. Please add the mapping transformation.');
  const set = findMappingSet(ctx, req, mapping.mappingId);
  if (!set) return badRequest(`The mapping set ${String(mapping.mappingId)} does not exist.`);
  const v = mapping.mappingVersion;
  if (v !== undefined && (!/^\d+$/.test(String(v)) || Number(v) !== set.version)) {
    return problem('FLOW-1412-400', 400, 'Invalid request', 'Invalid Mapping Version in request. Please provide correct mapping version.');
  }
  const unknownFields = checkMappingSources(ctx, set.data.mappings, (source.params as { tableName: string }).tableName);
  if (unknownFields) return unknownFields;
  const dataSetId = (target.params as { dataSetId: string }).dataSetId;
  const ds = findDataSet(ctx, req, dataSetId);
  if (!ds || ds.data.schemaRef.id !== set.xdmSchema) {
    return problem('FLOW-1425-400', 400, 'Invalid request',
      `Error while matching schema in target dataset ${dataSetId} with schema in mapping ${set.id}. Schema with same id and version must be used in both mapping and target dataset.`);
  }
  return undefined;
}

/** The current version of the mapping set a Mapping transformation names (sent without mappingVersion). */
function currentVersion(ctx: SimContext, req: SimRequest) {
  return (t: Record<string, unknown>) => findMappingSet(ctx, req, (t.params as Record<string, unknown>).mappingId)?.version ?? 0;
}

/**
 * Every row must read fields the source table has (as this org describes it): an ATTRIBUTE's first path segment,
 * and every field reference of an EXPRESSION. Otherwise the row would silently produce null at run time.
 */
function checkMappingSources(ctx: SimContext, mappings: unknown[], table: string): SimResponse | undefined {
  const columns = new Set(findSalesforceObject(table, ctx.config.salesforce.features ?? {})?.columns.map((c) => c.name));
  const problems: string[] = [];
  for (const raw of mappings) {
    const row = raw as { sourceType: string; source: string; destination: string };
    const fields = row.sourceType === 'ATTRIBUTE' || row.sourceType === 'text/x.schema-path' ? [row.source] : fieldReferences(row.source);
    const missing = fields.filter((f) => !columns.has(f.split('.')[0].replace(/\[\d*\]$/, '')));
    if (missing.length > 0) problems.push(`the mapping for destination ${row.destination} reads ${missing.join(', ')}`);
  }
  if (problems.length === 0) return undefined;
  return badRequest(`Source field(s) not found in table ${table}: ${problems.join('; ')}. Quote literal values (e.g. "value") and map only columns the table has.`);
}

function createFlow(req: SimRequest, ctx: SimContext): SimResponse {
  const set = currentVersion(ctx, req);
  const body = req.body;
  if (!isObject(body)) return emptyBody();
  if (!nonEmptyString(body.name)) return missingField('name');
  if ('state' in body) return problem('FLOW-1410-400', 400, 'Invalid request', '`State` is not allowed in the create flow request.');
  if (!isObject(body.flowSpec) || !nonEmptyString(body.flowSpec.id)) return missingField('flowSpec.id');
  const spec = findFlowSpec(body.flowSpec.id);
  if (!spec || body.flowSpec.version !== '1.0') return invalidSpec();
  const sourceId = oneId(body, 'sourceConnectionIds');
  if (typeof sourceId !== 'string') return sourceId;
  const targetId = oneId(body, 'targetConnectionIds');
  if (typeof targetId !== 'string') return targetId;
  const fs = flowState(ctx.state);
  const source = findInSandbox(fs.sourceConnections, req, sourceId);
  if (!source) return badRequest(`The source connection with the ID ${sourceId} does not exist.`);
  const target = findInSandbox(fs.targetConnections, req, targetId);
  if (!target) return badRequest(`The target connection with the ID ${targetId} does not exist.`);
  const sourceSpec = (source.connectionSpec as { id: string }).id;
  if (!spec.sourceConnectionSpecIds.includes(sourceSpec)) {
    return badRequest(`The source connection spec ${sourceSpec} is not supported by the flow spec ${spec.id} (${spec.name}).`);
  }
  const targetSpec = (target.connectionSpec as { id: string }).id;
  if (!spec.targetConnectionSpecIds.includes(targetSpec)) {
    return badRequest(`The target connection spec ${targetSpec} is not supported by the flow spec ${spec.id} (${spec.name}).`);
  }
  const scheduleErr = checkSchedule(body.scheduleParams);
  if (scheduleErr) return scheduleErr;
  const once = (body.scheduleParams as { frequency: string }).frequency === 'once';
  const tErr = checkTransformations(req, ctx, body, source, target, once);
  if (tErr) return tErr;
  const id = ctx.newId('uuid');
  const etag = newEtag(ctx);
  fs.flows.set(id, {
    id, ...auditFields(req, ctx), name: body.name,
    description: typeof body.description === 'string' ? body.description : '',
    flowSpec: { id: spec.id, version: '1.0' }, state: 'enabled', version: etag, etag,
    sourceConnectionIds: [sourceId], targetConnectionIds: [targetId],
    inheritedAttributes: {
      sourceConnections: [{ id: sourceId, connectionSpec: source.connectionSpec, baseConnection: { id: source.baseConnectionId, connectionSpec: source.connectionSpec } }],
      targetConnections: [{ id: targetId, connectionSpec: target.connectionSpec }],
    },
    options: isObject(body.options) ? body.options : {},
    // Stored as GET answers them: schedule values and the mapping version as strings.
    transformations: (body.transformations as unknown[]).map((t) => (isObject(t) && t.name === 'Mapping' && isObject(t.params) ? { ...t, params: { ...t.params, mappingVersion: String(t.params.mappingVersion ?? set(t)) } } : t)),
    scheduleParams: storedSchedule(body.scheduleParams as Record<string, unknown>),
  });
  return { status: 201, body: { id, etag } };
}

export function registerFlows(app: SimApp): void {
  app.route({ method: 'POST', pattern: `${BASE}/flows`, auth: 'platform', handler: createFlow });
  app.route({ method: 'GET', pattern: `${BASE}/flows`, auth: 'platform', handler: (req, ctx) => listItems(inSandbox(flowState(ctx.state).flows, req), req.query) });
  app.route({
    method: 'GET', pattern: `${BASE}/flows/:id`, auth: 'platform',
    handler: (req, ctx) => {
      const f = findInSandbox(flowState(ctx.state).flows, req, req.params.id);
      return f ? { status: 200, body: { items: [f] } } : notFound('flows', req.params.id);
    },
  });
}
