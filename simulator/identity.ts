// Identity Service namespaces: `/data/core/idnamespace/identities`. Standard namespaces exist in every sandbox;
// custom ones are created per sandbox. Answers follow the Identity Service API reference: create answers 200
// (not 201), a taken code answers 409 NAMESPACE_CODE_CONFLICT, validation failures 400 with report.code.
import type { SimApp } from './core/app';
import type { SimContext, SimRequest, SimResponse } from './core/types';
import { slice } from './core/app';
import { objectBody, sandboxOf } from './core/request';

export interface Namespace {
  updateTime: number;
  code: string;
  status: 'ACTIVE';
  description: string;
  id: number;
  createTime: number;
  idType: string;
  name: string;
  custom: boolean;
  namespaceType: 'Standard' | 'Custom';
}

export const ID_TYPES = [
  'COOKIE', 'CROSS_DEVICE', 'DEVICE', 'EMAIL', 'MOBILE', 'NON_PEOPLE', 'PHONE',
  'B2B_ACCOUNT', 'B2B_OPPORTUNITY', 'B2B_OPPORTUNITY_PERSON', 'B2B_CAMPAIGN', 'B2B_CAMPAIGN_MEMBER',
  'B2B_MARKETING_LIST', 'B2B_MARKETING_LIST_MEMBER', 'B2B_ACCOUNT_PERSON',
];

const STD_TIME = 1495153678000;
const STANDARD: Array<[number, string, string, string, string]> = [
  [0, 'CORE', 'CORE', 'COOKIE', 'CORE Namespace'],
  [4, 'ECID', 'ECID', 'COOKIE', 'ECID Namespace'],
  [6, 'Email', 'Email', 'EMAIL', 'Email'],
  [7, 'Phone', 'Phone', 'PHONE', 'Phone'],
  [8, 'WAID', 'Windows AID', 'DEVICE', 'Windows Advertising ID'],
  [9, 'TNTID', 'TNTID', 'COOKIE', 'Adobe Target'],
  [10, 'AAID', 'Adobe Analytics (Legacy ID)', 'COOKIE', 'Adobe Analytics'],
  [11, 'Email_LC_SHA256', 'Emails (SHA256, lowercased)', 'EMAIL', 'Email addresses hashed with SHA256 after lowercasing'],
  [12, 'Phone_SHA256', 'Phone (SHA256)', 'PHONE', 'Phone numbers hashed with SHA256'],
  [13, 'Phone_E.164', 'Phone (E.164)', 'PHONE', 'Raw phone numbers in E.164 format'],
  [14, 'Phone_SHA256_E.164', 'Phone (SHA256_E.164)', 'PHONE', 'E.164 phone numbers hashed with SHA256'],
  [411, 'AdCloud', 'AdCloud', 'COOKIE', 'Adobe AdCloud - ID Syncing Partner'],
  [20914, 'GAID', 'Google Ad ID (GAID)', 'DEVICE', 'Google Advertising ID'],
  [20915, 'IDFA', 'Apple IDFA (ID for Advertisers)', 'DEVICE', 'Apple ID for Advertisers'],
  [20919, 'APNS', 'Apple Push Notification service', 'DEVICE', 'Identities collected with Apple Push Notification service'],
  [20920, 'FCM', 'Firebase Cloud Messaging', 'DEVICE', 'Identities collected with Google Firebase Cloud Messaging'],
];

function standardNamespaces(): Namespace[] {
  return STANDARD.map(([id, code, name, idType, description]) => ({
    updateTime: STD_TIME, code, status: 'ACTIVE', description, id, createTime: STD_TIME, idType, name, custom: false, namespaceType: 'Standard',
  }));
}

/** Namespaces of one sandbox (standard ones first), created on first use. */
export function namespacesOf(ctx: SimContext, sandbox: string): Namespace[] {
  const bySandbox = slice(ctx.state, 'identityNamespaces', () => new Map<string, Namespace[]>());
  let list = bySandbox.get(sandbox);
  if (!list) bySandbox.set(sandbox, (list = standardNamespaces()));
  return list;
}

/** Looks a namespace up by code (case-insensitive, as Identity Service does) or by numeric id. */
export function findNamespace(ctx: SimContext, sandbox: string, codeOrId: string | number): Namespace | undefined {
  const key = String(codeOrId).toLowerCase();
  return namespacesOf(ctx, sandbox).find((n) => n.code.toLowerCase() === key || String(n.id) === key);
}

function problem(ctx: SimContext, status: number, title: string, description: string, code: string, error?: string): SimResponse {
  return {
    status,
    body: {
      timestamp: new Date(ctx.now()).toISOString(), type: 'http://ns.adobe.com/adobecloud/problem/namespacevalidation',
      status, ...(error ? { error } : {}), title, description, report: { code },
    },
  };
}

function createNamespace(req: SimRequest, ctx: SimContext): SimResponse {
  const body = objectBody(req);
  const invalid = (msg: string) => problem(ctx, 400, 'Namespace validation', msg, 'INVALID_REQUEST_PARAMS');
  if (!body) return invalid('Request body must be a JSON object with name, code and idType');
  const { name, code, idType, description } = body;
  if (typeof name !== 'string' || !name.trim()) return invalid('Please provide a valid value of name.');
  if (typeof code !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(code)) {
    return invalid('Please provide a valid value of code. It may contain only letters, numbers, underscores, hyphens and dots.');
  }
  const type = typeof idType === 'string' ? idType.toUpperCase() : '';
  if (!ID_TYPES.includes(type)) return invalid(`Please provide a valid value of idType. Valid values are: [${ID_TYPES.join(', ')}]`);
  if (description !== undefined && typeof description !== 'string') return invalid('Please provide a valid value of description.');
  const sandbox = sandboxOf(req);
  const list = namespacesOf(ctx, sandbox);
  if (findNamespace(ctx, sandbox, code)) {
    return problem(ctx, 409, 'NAMESPACE_CODE_CONFLICT', 'Namespace code already exists. Please use a different code', 'INTEGRATION_CODE_EXISTS');
  }
  if (list.some((n) => n.name.toLowerCase() === name.trim().toLowerCase())) {
    return problem(ctx, 409, 'NAMESPACE_NAME_CONFLICT', 'Namespace name already exists. Please use a different name', 'INTEGRATION_NAME_EXISTS');
  }
  const now = ctx.now();
  const created: Namespace = {
    updateTime: now, code, status: 'ACTIVE', description: description ?? '', id: 10093197 + list.filter((n) => n.custom).length,
    createTime: now, idType: type, name: name.trim(), custom: true, namespaceType: 'Custom',
  };
  list.push(created);
  return { status: 200, body: created };
}

function getNamespace(req: SimRequest, ctx: SimContext): SimResponse {
  const found = namespacesOf(ctx, sandboxOf(req)).find((n) => String(n.id) === req.params.id);
  if (found) return { status: 200, body: found };
  return problem(ctx, 404, 'Namespace validation', `Namespace id not found for given IMS Org ${ctx.config.adobe.orgId}`, 'NAMESPACE_NOT_FOUND', 'NAMESPACE_NOT_FOUND');
}

// PUT /identities/{id} (Identity Service API reference, "Update specific identity namespace"): the body
// replaces the namespace, so name, code and idType are all required; only name and description may change
// ("code and idType are non editable fields"). The reference documents the 200 answer as an array holding the
// updated namespace.
function updateNamespace(req: SimRequest, ctx: SimContext): SimResponse {
  const sandbox = sandboxOf(req);
  const found = namespacesOf(ctx, sandbox).find((n) => String(n.id) === req.params.id);
  if (!found) return problem(ctx, 404, 'Namespace validation', `Namespace id not found for given IMS Org ${ctx.config.adobe.orgId}`, 'NAMESPACE_NOT_FOUND', 'NAMESPACE_NOT_FOUND');
  const body = objectBody(req);
  const invalid = (msg: string) => problem(ctx, 400, 'Namespace Validation', msg, 'INVALID_REQUEST_PARAMS', 'INVALID_REQUEST_PARAMS');
  if (!body) return invalid('Request body must be a JSON object with name, code and idType');
  const { name, code, idType, description } = body;
  if (typeof name !== 'string' || !name.trim()) return invalid('Please provide a valid value of name.');
  if (typeof code !== 'string' || typeof idType !== 'string') return invalid('code and idType are required: the request replaces the namespace');
  if (code.toLowerCase() !== found.code.toLowerCase() || idType.toUpperCase() !== found.idType.toUpperCase()) return invalid('code and idType are non editable fields');
  if (description !== undefined && typeof description !== 'string') return invalid('Please provide a valid value of description.');
  if (namespacesOf(ctx, sandbox).some((n) => n !== found && n.name.toLowerCase() === name.trim().toLowerCase())) {
    return problem(ctx, 409, 'NAMESPACE_NAME_CONFLICT', 'Namespace name already exists. Please use a different name', 'INTEGRATION_NAME_EXISTS');
  }
  Object.assign(found, { name: name.trim(), description: description ?? '', updateTime: ctx.now() });
  return { status: 200, body: [found] };
}

export function registerIdentity(app: SimApp): void {
  const base = '/data/core/idnamespace/identities';
  app.route({ method: 'GET', pattern: base, auth: 'platform', handler: (req, ctx) => ({ status: 200, body: namespacesOf(ctx, sandboxOf(req)) }) });
  app.route({ method: 'POST', pattern: base, auth: 'platform', handler: createNamespace });
  app.route({ method: 'GET', pattern: `${base}/:id`, auth: 'platform', handler: getNamespace });
  app.route({ method: 'PUT', pattern: `${base}/:id`, auth: 'platform', handler: updateNamespace });
}
