// Base connections: POST/GET /connections, GET /connections/{id}, GET /connections/{id}/explore.
import type { SimContext, SimRequest, SimResponse } from '../core/types';
import type { SimApp } from '../core/app';
import { findSalesforceObject, salesforceObjectsFor } from '../salesforce-objects';
import { authSpecByName, checkAuthParams, maskSecrets, testSalesforceLogin } from './credentials';
import { connectorError, emptyBody, invalidSpec, missingField, notFound, problem } from './errors';
import { listItems } from './query';
import { SALESFORCE_SPEC_ID, findConnectionSpec } from './specs';
import { auditFields, findInSandbox, flowState, inSandbox, isObject, newEtag, nonEmptyString, type Entity } from './store';
import { slice } from '../core/app';

const BASE = '/data/foundation/flowservice';

/** The id of a valid `connectionSpec: {id, version}`, or the service's error answer. */
export function specIdOf(ref: unknown): string | SimResponse {
  return checkSpecRef(ref) ?? (ref as { id: string }).id;
}

/** Checks `connectionSpec: {id, version}` against the known specs. */
export function checkSpecRef(ref: unknown): SimResponse | undefined {
  if (!isObject(ref) || !nonEmptyString(ref.id)) return missingField('connectionSpec.id');
  if (!findConnectionSpec(ref.id)) return invalidSpec();
  if (ref.version !== '1.0') return connectorError(1312, `The provided param value ${JSON.stringify(ref.version)} is not a valid input for property=connectionSpec.version.`);
  return undefined;
}

function createConnection(req: SimRequest, ctx: SimContext): SimResponse {
  const body = req.body;
  if (!isObject(body)) return emptyBody();
  if (!nonEmptyString(body.name)) return missingField('name');
  const specId = specIdOf(body.connectionSpec);
  if (typeof specId !== 'string') return specId;
  if (!isObject(body.auth) || !nonEmptyString(body.auth.specName)) return missingField('auth.specName');
  const auth = specId === SALESFORCE_SPEC_ID ? authSpecByName(body.auth.specName, ctx.config.adobe.cloud) : undefined;
  if (!auth) {
    return problem('FLOW-1415-400', 400, 'Invalid request', `The auth spec '${String(body.auth.specName)}' could not be found for the connection spec ID ${specId}.`);
  }
  const params = isObject(body.auth.params) ? body.auth.params : {};
  const failure = checkAuthParams(auth, params) ?? testSalesforceLogin(ctx, req, auth, params);
  if (failure) return failure;
  const id = ctx.newId('uuid');
  const etag = newEtag(ctx);
  const reads = Math.max(0, Math.floor(ctx.config.flowService?.connectionInitializingReads ?? 0));
  const connection: Entity = {
    id,
    ...auditFields(req, ctx),
    name: body.name,
    description: typeof body.description === 'string' ? body.description : '',
    connectionSpec: { id: specId, version: '1.0' },
    state: 'initializing',
    auth: { specName: auth.name, params: maskSecrets(ctx, auth, params) },
    version: etag,
    etag,
  };
  flowState(ctx.state).connections.set(id, connection);
  if (reads > 0) pendingReads(ctx).set(id, reads);
  else settle(ctx, connection);
  return { status: 201, body: { id, etag } };
}

/** Connections still initializing, with the number of reads left before they settle. */
function pendingReads(ctx: SimContext): Map<string, number> {
  return slice(ctx.state, 'connectionsInitializing', () => new Map<string, number>());
}

// Once the connection test has run, the connector service records the Salesforce org id and becomes the
// last updater (as in Adobe's AWS "Verify your connection status" example).
function settle(ctx: SimContext, c: Entity): void {
  const final = ctx.config.flowService?.connectionSettlesTo ?? 'enabled';
  c.state = final;
  if (final === 'enabled') (c.auth as { params: Record<string, unknown> }).params.orgId = ctx.config.salesforce.orgId;
  if (pendingReads(ctx).delete(c.id)) {
    c.updatedAt = ctx.now();
    c.updatedBy = 'acp_foundation_connectors@AdobeID';
  }
}

function getConnection(req: SimRequest, ctx: SimContext): SimResponse {
  const c = findInSandbox(flowState(ctx.state).connections, req, req.params.id);
  if (!c) return notFound('connections', req.params.id);
  const left = pendingReads(ctx).get(c.id);
  const body = { items: [structuredClone(c)] };
  if (left !== undefined) {
    if (left <= 1) settle(ctx, c);
    else pendingReads(ctx).set(c.id, left - 1);
  }
  return { status: 200, body };
}

function explore(req: SimRequest, ctx: SimContext): SimResponse {
  const c = findInSandbox(flowState(ctx.state).connections, req, req.params.id);
  if (!c) return notFound('connections', req.params.id);
  const objectType = req.query.get('objectType');
  if (!objectType) return connectorError(1359, 'The param objectType is missing in the request.');
  if (objectType === 'root') {
    return {
      status: 200,
      body: salesforceObjectsFor(ctx.config.salesforce.features).map((o) => ({ type: 'table', name: o.label, path: o.name, canPreview: true, canFetchSchema: true })),
    };
  }
  if (objectType !== 'table') return connectorError(1358, "The provided param 'objectType' is invalid.");
  const object = req.query.get('object');
  if (!object) return connectorError(1337, `The object cannot be empty for objectType=${objectType}.`);
  const table = findSalesforceObject(object, ctx.config.salesforce.features ?? {});
  if (!table) return connectorError(1330, `No columns were found for table ${object}.`);
  return { status: 200, body: { format: 'flat', schema: { columns: table.columns } } };
}

export function registerConnections(app: SimApp): void {
  app.route({ method: 'POST', pattern: `${BASE}/connections`, auth: 'platform', handler: createConnection });
  app.route({
    method: 'GET', pattern: `${BASE}/connections`, auth: 'platform',
    handler: (req, ctx) => listItems(inSandbox(flowState(ctx.state).connections, req), req.query),
  });
  app.route({ method: 'GET', pattern: `${BASE}/connections/:id`, auth: 'platform', handler: getConnection });
  app.route({ method: 'GET', pattern: `${BASE}/connections/:id/explore`, auth: 'platform', handler: explore });
}
