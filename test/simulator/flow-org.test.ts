// Per-org variations of the simulated Flow Service: connections that initialize for a few reads before they
// settle, and a Salesforce org without the optional features (data.com, multi-currency, Contacts to Multiple
// Accounts) whose explore answer and source connections reflect the missing fields and object.
import assert from 'node:assert/strict';
import { call, clientCredentialBody, FS, SALESFORCE_SPEC, startFixture, type Fixture } from './flow-fixture';

describe('simulator: connection state and org features', () => {
  describe('a connection that initializes for two reads', () => {
    let f: Fixture;
    before(async () => { f = await startFixture((c) => { c.flowService = { connectionInitializingReads: 2 }; }); });
    after(async () => { await f.sim.stop(); });

    it('answers initializing (without orgId) twice, then enabled with the org id, updated by the connector service', async () => {
      const { id } = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body;
      const states: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const item = (await call(f, 'GET', `${FS}/connections/${id}`)).body.items[0];
        states.push(item.state);
        if (item.state === 'initializing') assert.equal(item.auth.params.orgId, undefined);
        else {
          assert.equal(item.auth.params.orgId, f.config.salesforce.orgId);
          assert.equal(item.updatedBy, 'acp_foundation_connectors@AdobeID');
        }
      }
      assert.deepEqual(states, ['initializing', 'initializing', 'enabled', 'enabled']);
    });
  });

  describe('a connection that fails to initialize', () => {
    let f: Fixture;
    before(async () => { f = await startFixture((c) => { c.flowService = { connectionInitializingReads: 1, connectionSettlesTo: 'failed' }; }); });
    after(async () => { await f.sim.stop(); });

    it('answers initializing once, then failed', async () => {
      const { id } = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body;
      const first = (await call(f, 'GET', `${FS}/connections/${id}`)).body.items[0];
      const second = (await call(f, 'GET', `${FS}/connections/${id}`)).body.items[0];
      assert.deepEqual([first.state, second.state], ['initializing', 'failed']);
    });
  });

  describe('a gateway timeout after the write (faults.afterWrite)', () => {
    let f: Fixture;
    before(async () => { f = await startFixture((c) => { c.faults = { afterWrite: { count: 1, method: 'POST', pathPrefix: `${FS}/connections` } }; }); });
    after(async () => { await f.sim.stop(); });

    it('creates the connection, answers FLOW-1104-504, and the lookup finds it', async () => {
      const body = { ...clientCredentialBody(f), name: 'Timed out but created' };
      const r = await call(f, 'POST', `${FS}/connections`, body);
      assert.deepEqual([r.status, r.body.type, r.body.title], [504, 'https://ns.adobe.com/aep/errors/FLOW-1104-504', 'Gateway Timeout']);
      assert.match(r.body.errorMessage, /^A gateway timeout has occurred\. Please try again\./);
      const found = await call(f, 'GET', `${FS}/connections?property=name==%22Timed%20out%20but%20created%22`);
      assert.equal(found.body.items.length, 1);
      assert.equal((await call(f, 'POST', `${FS}/connections`, { ...body, name: 'second' })).status, 201, 'only the first write times out');
    });
  });

  describe('an org without the optional Salesforce features', () => {
    let f: Fixture;
    let full: Fixture;
    let conn: string;
    let fullConn: string;
    before(async () => {
      f = await startFixture((c) => { c.salesforce.features = { dataCom: false, multiCurrency: false, contactsToMultipleAccounts: false }; });
      full = await startFixture();
      conn = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body.id;
      fullConn = (await call(full, 'POST', `${FS}/connections`, clientCredentialBody(full))).body.id;
    });
    after(async () => { await f.sim.stop(); await full.sim.stop(); });

    const columns = async (fx: Fixture, id: string, table: string): Promise<string[]> =>
      (await call(fx, 'GET', `${FS}/connections/${id}/explore?objectType=table&object=${table}`)).body.schema.columns.map((c: { name: string }) => c.name);

    it('leaves the data.com fields off Account and CurrencyIsoCode off every object', async () => {
      const account = await columns(f, conn, 'Account');
      for (const field of ['DunsNumber', 'NaicsCode', 'NaicsDesc', 'Tradestyle']) {
        assert.ok(!account.includes(field), field);
        assert.ok((await columns(full, fullConn, 'Account')).includes(field), `full org has ${field}`);
      }
      assert.ok(account.includes('SicDesc'), 'other Account fields stay');
      for (const table of ['Opportunity', 'Campaign']) {
        assert.ok(!(await columns(f, conn, table)).includes('CurrencyIsoCode'), table);
        assert.ok((await columns(full, fullConn, table)).includes('CurrencyIsoCode'), `full org ${table}`);
      }
    });

    it('has no AccountContactRelation: absent from root, 1330-400 on explore and on a source connection', async () => {
      const root = (await call(f, 'GET', `${FS}/connections/${conn}/explore?objectType=root`)).body.map((t: { path: string }) => t.path);
      assert.ok(!root.includes('AccountContactRelation'));
      assert.ok(root.includes('Contact'));
      const explore = await call(f, 'GET', `${FS}/connections/${conn}/explore?objectType=table&object=AccountContactRelation`);
      assert.deepEqual([explore.status, explore.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1330-400']);
      assert.match(explore.body.errorMessage, /No columns were found for table AccountContactRelation\./);
      const source = await call(f, 'POST', `${FS}/sourceConnections`, {
        name: 'ACR', baseConnectionId: conn, data: { format: 'tabular' }, params: { tableName: 'AccountContactRelation' }, connectionSpec: SALESFORCE_SPEC,
      });
      assert.deepEqual([source.status, source.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1330-400']);
    });

    it('rejects a source connection column the org lacks (1378)', async () => {
      const r = await call(f, 'POST', `${FS}/sourceConnections`, {
        name: 'Account', baseConnectionId: conn, data: { format: 'tabular' },
        params: { tableName: 'Account', columns: [{ name: 'Id' }, { name: 'DunsNumber' }] }, connectionSpec: SALESFORCE_SPEC,
      });
      assert.deepEqual([r.status, r.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1378-400']);
      assert.match(r.body.errorMessage, /DunsNumber/);
    });
  });
});
