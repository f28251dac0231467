import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../simulator/core/app';
import { createNamespace, getToken, platform, startAdobe } from './adobe-helpers';

const NS = '/data/core/idnamespace/identities';

describe('simulator: Identity Service namespaces', () => {
  let sim: RunningSimulator;
  let token: string;
  beforeEach(async () => { sim = await startAdobe({ adobe: { sandboxes: ['prod', 'dev'] } }); token = await getToken(sim); });
  afterEach(async () => { await sim.stop(); });

  it('lists the standard namespaces with the fields of the real API', async () => {
    const res = await platform(sim, token, 'GET', NS, { accept: 'application/json' });
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body));
    const byCode = new Map<string, Record<string, unknown>>(res.body.map((n: Record<string, unknown>) => [String(n.code), n] as const));
    for (const code of ['Email', 'Phone', 'ECID', 'AdCloud']) assert.ok(byCode.has(code), code);
    assert.deepEqual(
      { id: byCode.get('ECID')!.id, idType: byCode.get('ECID')!.idType, custom: byCode.get('ECID')!.custom, status: byCode.get('ECID')!.status },
      { id: 4, idType: 'COOKIE', custom: false, status: 'ACTIVE' },
    );
    assert.equal(byCode.get('Email')!.idType, 'EMAIL');
    assert.equal(byCode.get('Email')!.namespaceType, 'Standard');
  });

  it('creates a B2B namespace with 200 and returns it in the list and by id', async () => {
    const res = await createNamespace(sim, token, 'b2b_account', 'B2B_ACCOUNT');
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 'b2b_account');
    assert.equal(res.body.idType, 'B2B_ACCOUNT');
    assert.equal(res.body.custom, true);
    assert.equal(res.body.status, 'ACTIVE');
    assert.equal(typeof res.body.id, 'number');
    const byId = await platform(sim, token, 'GET', `${NS}/${res.body.id}`);
    assert.equal(byId.status, 200);
    assert.equal(byId.body.name, 'Name of b2b_account');
    const list = await platform(sim, token, 'GET', NS);
    assert.equal(list.body.filter((n: { code: string }) => n.code === 'b2b_account').length, 1);
  });

  it('accepts every idType of the B2B utility, case-insensitively', async () => {
    const types = ['B2B_ACCOUNT', 'CROSS_DEVICE', 'B2B_OPPORTUNITY', 'B2B_OPPORTUNITY_PERSON', 'B2B_CAMPAIGN', 'B2B_CAMPAIGN_MEMBER',
      'B2B_MARKETING_LIST', 'B2B_MARKETING_LIST_MEMBER', 'B2B_ACCOUNT_PERSON', 'NON_PEOPLE', 'Cross_device'];
    for (const [i, t] of types.entries()) {
      const res = await createNamespace(sim, token, `ns${i}`, t);
      assert.equal(res.status, 200, t);
      assert.equal(res.body.idType, t.toUpperCase());
    }
  });

  it('rejects a taken code (any case) with 409 NAMESPACE_CODE_CONFLICT and a taken name with 409', async () => {
    assert.equal((await createNamespace(sim, token, 'b2b_person', 'CROSS_DEVICE')).status, 200);
    const dup = await createNamespace(sim, token, 'B2B_PERSON', 'CROSS_DEVICE');
    assert.equal(dup.status, 409);
    assert.equal(dup.body.title, 'NAMESPACE_CODE_CONFLICT');
    assert.equal(dup.body.report.code, 'INTEGRATION_CODE_EXISTS');
    const std = await createNamespace(sim, token, 'email', 'EMAIL');
    assert.equal(std.status, 409);
    const sameName = await platform(sim, token, 'POST', NS, { body: { name: 'Name of b2b_person', code: 'other', idType: 'CROSS_DEVICE' } });
    assert.equal(sameName.status, 409);
    assert.equal(sameName.body.title, 'NAMESPACE_NAME_CONFLICT');
  });

  it('validates idType, code and name with 400 INVALID_REQUEST_PARAMS', async () => {
    const cases = [
      { name: 'X', code: 'x1', idType: 'PERSON' },
      { name: 'X', code: 'has space', idType: 'EMAIL' },
      { name: '', code: 'x2', idType: 'EMAIL' },
      { name: 'X', idType: 'EMAIL' },
    ];
    for (const body of cases) {
      const res = await platform(sim, token, 'POST', NS, { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.report.code, 'INVALID_REQUEST_PARAMS');
      assert.equal(res.body.type, 'http://ns.adobe.com/adobecloud/problem/namespacevalidation');
    }
  });

  it('PUT replaces name and description (200, an array with the namespace); code and idType cannot change', async () => {
    const created = (await createNamespace(sim, token, 'b2b_account')).body;
    await createNamespace(sim, token, 'b2b_person', 'CROSS_DEVICE');
    const url = `${NS}/${created.id}`;
    const put = (body: Record<string, unknown>) => platform(sim, token, 'PUT', url, { body, accept: 'application/json' });
    const ok = await put({ name: 'Salesforce Account', code: 'b2b_account', idType: 'B2B_ACCOUNT', description: 'Accounts' });
    assert.equal(ok.status, 200);
    assert.ok(Array.isArray(ok.body));
    assert.deepEqual([ok.body[0].id, ok.body[0].name, ok.body[0].description, ok.body[0].code], [created.id, 'Salesforce Account', 'Accounts', 'b2b_account']);
    assert.equal((await platform(sim, token, 'GET', url, { accept: 'application/json' })).body.name, 'Salesforce Account');
    const code = await put({ name: 'Salesforce Account', code: 'b2b_acct', idType: 'B2B_ACCOUNT' });
    assert.equal(code.status, 400);
    assert.equal(code.body.description, 'code and idType are non editable fields');
    assert.equal((await put({ name: 'Salesforce Account', code: 'b2b_account', idType: 'CROSS_DEVICE' })).status, 400);
    assert.equal((await put({ name: 'Salesforce Account' })).status, 400, 'the body replaces the namespace: code and idType are required');
    assert.equal((await put({ name: 'Name of b2b_person', code: 'b2b_account', idType: 'B2B_ACCOUNT' })).status, 409, 'names stay unique');
    assert.equal((await platform(sim, token, 'PUT', `${NS}/99999999`, { body: { name: 'x', code: 'x', idType: 'COOKIE' } })).status, 404);
    assert.equal((await platform(sim, token, 'GET', url, { accept: 'application/json' })).body.code, 'b2b_account');
  });

  it('answers 404 NAMESPACE_NOT_FOUND for an unknown id', async () => {
    const res = await platform(sim, token, 'GET', `${NS}/987654321`);
    assert.equal(res.status, 404);
    assert.equal(res.body.report.code, 'NAMESPACE_NOT_FOUND');
  });

  it('keeps custom namespaces per sandbox', async () => {
    assert.equal((await createNamespace(sim, token, 'b2b_campaign', 'B2B_CAMPAIGN', 'dev')).status, 200);
    const prod = await platform(sim, token, 'GET', NS);
    assert.equal(prod.body.some((n: { code: string }) => n.code === 'b2b_campaign'), false);
    assert.equal((await createNamespace(sim, token, 'b2b_campaign', 'B2B_CAMPAIGN', 'prod')).status, 200);
  });
});
