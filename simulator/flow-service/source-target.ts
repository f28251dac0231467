// Source connections (a Salesforce table behind a base connection) and target connections (a Data Lake dataset
// bound to an XDM schema): POST, GET by id, GET list with `property=` filters.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import type { SimApp } from '../core/app';
import { findDataSet } from '../catalog';
import { findSalesforceObject } from '../salesforce-objects';
import { specIdOf } from './connections';
import { badRequest, connectorError, emptyBody, missingField, notFound } from './errors';
import { listItems } from './query';
import type { SchemaFinder } from './schemas';
import { DATA_LAKE_SPEC_ID } from './specs';
import { auditFields, findInSandbox, flowState, inSandbox, isObject, newEtag, nonEmptyString, sandboxOf } from './store';

const BASE = '/data/foundation/flowservice';

function checkColumns(ctx: SimContext, columns: unknown, table: string): SimResponse | undefined {
  if (columns === undefined) return undefined;
  if (!Array.isArray(columns)) return connectorError(1312, 'The provided param value is not a valid input for property=params.columns.');
  const known = new Set(findSalesforceObject(table, ctx.config.salesforce.features ?? {})?.columns.map((c) => c.name));
  for (const c of columns) {
    if (!isObject(c) || !nonEmptyString(c.name)) return connectorError(1312, 'Every entry of params.columns needs a name.');
    if (!known.has(c.name)) return connectorError(1378, `An error occurred while validating the input column ${c.name}. The column name should be a valid column in the table ${table}.`);
  }
  return undefined;
}

function createSource(req: SimRequest, ctx: SimContext): SimResponse {
  const body = req.body;
  if (!isObject(body)) return emptyBody();
  if (!nonEmptyString(body.name)) return missingField('name');
  if (!nonEmptyString(body.baseConnectionId)) return missingField('baseConnectionId');
  const base = findInSandbox(flowState(ctx.state).connections, req, body.baseConnectionId);
  if (!base) return badRequest(`The base connection with the ID ${body.baseConnectionId} does not exist.`);
  const specId = specIdOf(body.connectionSpec);
  if (typeof specId !== 'string') return specId;
  if (specId !== (base.connectionSpec as { id: string }).id) {
    return badRequest(`The connection spec ${specId} does not match the connection spec of base connection ${base.id}.`);
  }
  const format = isObject(body.data) ? body.data.format : undefined;
  if (format !== 'tabular') return connectorError(1327, `The format of source data supplied=${String(format)} in SourceConnection is not supported. The allowed values are: [tabular].`);
  const params = isObject(body.params) ? body.params : {};
  if (!nonEmptyString(params.tableName)) return missingField('params.tableName');
  if (!findSalesforceObject(params.tableName, ctx.config.salesforce.features ?? {})) return connectorError(1330, `No columns were found for table ${params.tableName}.`);
  const colErr = checkColumns(ctx, params.columns, params.tableName);
  if (colErr) return colErr;
  const id = ctx.newId('uuid');
  const etag = newEtag(ctx);
  flowState(ctx.state).sourceConnections.set(id, {
    id, ...auditFields(req, ctx), name: body.name,
    description: typeof body.description === 'string' ? body.description : '',
    baseConnectionId: base.id, state: 'enabled', data: { format: 'tabular' }, params,
    connectionSpec: { id: specId, version: '1.0' }, version: etag, etag,
  });
  return { status: 201, body: { id, etag } };
}

function createTarget(req: SimRequest, ctx: SimContext, findSchema: SchemaFinder): SimResponse {
  const body = req.body;
  if (!isObject(body)) return emptyBody();
  if (!nonEmptyString(body.name)) return missingField('name');
  const specId = specIdOf(body.connectionSpec);
  if (typeof specId !== 'string') return specId;
  if (specId !== DATA_LAKE_SPEC_ID) return connectorError(1307, `The target connection spec ID is not valid=${specId}. The allowed value is: ${DATA_LAKE_SPEC_ID}.`);
  const data = isObject(body.data) ? body.data : {};
  const schemaRef = isObject(data.schema) ? data.schema : {};
  if (!nonEmptyString(schemaRef.id)) return missingField('data.schema.id');
  const schema = findSchema(ctx, schemaRef.id, sandboxOf(req));
  if (!schema) return badRequest(`The schema ${schemaRef.id} does not exist in the Schema Registry.`);
  const params = isObject(body.params) ? body.params : {};
  if (!nonEmptyString(params.dataSetId)) return connectorError(1325, 'The dataSetId param cannot be null or empty in target connection.');
  const ds = findDataSet(ctx, req, params.dataSetId);
  if (!ds) return badRequest(`The dataset ${params.dataSetId} does not exist.`);
  if (ds.data.schemaRef.id !== schema.$id) {
    return badRequest(`The dataset ${ds.id} is bound to schema ${ds.data.schemaRef.id}, not to ${schema.$id}.`);
  }
  const id = ctx.newId('uuid');
  const etag = newEtag(ctx);
  flowState(ctx.state).targetConnections.set(id, {
    id, ...auditFields(req, ctx), name: body.name,
    description: typeof body.description === 'string' ? body.description : '', state: 'enabled',
    data: { ...data, schema: { id: schema.$id, version: typeof schemaRef.version === 'string' ? schemaRef.version : 'application/vnd.adobe.xed-full+json;version=1' } },
    params: { ...params, dataSetId: ds.id }, connectionSpec: { id: specId, version: '1.0' }, version: etag, etag,
  });
  return { status: 201, body: { id, etag } };
}

export function registerSourceTarget(app: SimApp, findSchema: SchemaFinder): void {
  const kinds = [['sourceConnections', createSource], ['targetConnections', (req: SimRequest, ctx: SimContext) => createTarget(req, ctx, findSchema)]] as const;
  for (const [kind, create] of kinds) {
    app.route({ method: 'POST', pattern: `${BASE}/${kind}`, auth: 'platform', handler: create });
    app.route({ method: 'GET', pattern: `${BASE}/${kind}`, auth: 'platform', handler: (req, ctx) => listItems(inSandbox(flowState(ctx.state)[kind], req), req.query) });
    app.route({
      method: 'GET', pattern: `${BASE}/${kind}/:id`, auth: 'platform',
      handler: (req, ctx) => {
        const e = findInSandbox(flowState(ctx.state)[kind], req, req.params.id);
        return e ? { status: 200, body: { items: [e] } } : notFound(kind, req.params.id);
      },
    });
  }
}
