// Flow Service base connections in the simulator: the three Salesforce auth variants with good and bad
// credentials, secrets never echoed, name lookups, specs, and explore.
import assert from 'node:assert/strict';
import { call, clientCredentialBody, FS, goodClaims, SALESFORCE_SPEC, signJwt, startFixture, type Fixture } from './flow-fixture';

// Distinct Salesforce fields each mapping template reads (reference: salesforce-xdm-mappings.md, newest version).
const MAPPED_FIELDS: Record<string, string> = {
  Contact: 'AccountId AssistantName AssistantPhone Birthdate CreatedDate Department Email Fax FirstName HomePhone Id LastActivityDate LastModifiedDate LastName LastReferencedDate LastViewedDate LeadSource MailingCity MailingCountry MailingLatitude MailingLongitude MailingPostalCode MailingState MailingStreet MobilePhone Name OtherCity OtherCountry OtherLatitude OtherLongitude OtherPhone OtherPostalCode OtherState OtherStreet Phone ReportsToId Salutation Title isDeleted',
  Lead: 'City Company ConvertedContactId ConvertedDate Country CreatedDate Email Fax FirstName Id IsConverted LastActivityDate LastModifiedDate LastName LastReferencedDate LastViewedDate Latitude LeadSource Longitude Name PostalCode Salutation State Status Street Suffix Title Website isDeleted',
  Account: 'AccountNumber AccountSource AnnualRevenue BillingCity BillingCountry BillingLatitude BillingLongitude BillingPostalCode BillingState BillingStreet CreatedDate Description DunsNumber Fax Id Industry Jigsaw LastActivityDate LastModifiedDate LastReferencedDate LastViewedDate NaicsCode NaicsDesc Name NumberOfEmployees Ownership ParentId Phone ShippingCity ShippingCountry ShippingLatitude ShippingLongitude ShippingPostalCode ShippingState ShippingStreet Sic SicDesc Site TickerSymbol Tradestyle Type Website isDeleted',
  Opportunity: 'AccountId Amount CampaignId CloseDate CreatedDate CurrencyIsoCode Description ExpectedRevenue FiscalQuarter FiscalYear ForecastCategory ForecastCategoryName Id IsClosed IsWon LastActivityDate LastModifiedDate LastReferencedDate LastViewedDate LeadSource Name NextStep Probability StageName TotalOpportunityQuantity Type isDeleted',
  OpportunityContactRole: 'ContactId CreatedDate Id IsPrimary LastModifiedDate OpportunityId Role isDeleted',
  Campaign: 'ActualCost BudgetedCost CreatedDate CurrencyIsoCode Description EndDate ExpectedResponse ExpectedRevenue Id IsActive LastActivityDate LastModifiedDate LastReferencedDate LastViewedDate Name ParentId StartDate Status Type isDeleted',
  CampaignMember: 'CampaignId CreatedDate FirstRespondedDate HasResponded Id LastModifiedDate LeadOrContactId Status Type isDeleted',
  AccountContactRelation: 'AccountId ContactId CreatedById CreatedDate EndDate Id IsActive IsDeleted IsDirect LastModifiedById LastModifiedDate Roles StartDate',
};

describe('simulator: Flow Service base connections and explore', () => {
  let f: Fixture;
  let aws: Fixture;
  before(async () => {
    f = await startFixture();
    aws = await startFixture((c) => { c.adobe.cloud = 'aws'; });
  });
  after(async () => { await f.sim.stop(); await aws.sim.stop(); });

  const jwtBody = (token: string, overrides: Record<string, string> = {}) => ({
    name: 'ACME Salesforce account on AWS',
    auth: { specName: 'OAuth2 JWT Token Credential', params: { jwtToken: token, clientId: aws.config.salesforce.clientId, clientSecret: aws.config.salesforce.clientSecret, instanceUrl: aws.config.salesforce.instanceUrl, ...overrides } },
    connectionSpec: SALESFORCE_SPEC,
  });
  const basicBody = (password: string) => ({
    name: 'ACME basic',
    auth: { specName: 'Basic Authentication', params: { environmentUrl: f.config.salesforce.instanceUrl, username: f.config.salesforce.username, password, securityToken: 'SECTOKEN123' } },
    connectionSpec: SALESFORCE_SPEC,
  });

  it('creates an enabled connection per auth variant of its cloud; GET masks every secret and adds orgId', async () => {
    const bodies: Array<[Fixture, unknown]> = [[f, clientCredentialBody(f)], [aws, jwtBody(signJwt(aws.privateKey, goodClaims(aws)))], [f, basicBody('Pa55word!')]];
    for (const [fx, body] of bodies as Array<[Fixture, { auth: { params: Record<string, string> } }]>) {
      const created = await call(fx, 'POST', `${FS}/connections`, body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.match(created.body.id, /^[0-9a-f-]{36}$/);
      assert.match(created.body.etag, /^"[0-9a-f]{8}-0000-0200-0000-[0-9a-f]{12}"$/);
      const got = await call(fx, 'GET', `${FS}/connections/${created.body.id}`);
      assert.equal(got.status, 200);
      const item = got.body.items[0];
      assert.equal(item.state, 'enabled');
      assert.equal(item.auth.params.orgId, f.config.salesforce.orgId);
      assert.equal(item.imsOrgId, f.config.adobe.orgId);
      assert.equal(item.sandboxName, 'prod');
      const text = JSON.stringify(got.body);
      for (const secret of [f.config.salesforce.clientSecret, 'Pa55word!', 'SECTOKEN123', body.auth.params.jwtToken ?? 'x.y.z']) {
        assert.ok(!text.includes(secret), 'a secret was echoed');
      }
    }
  });

  const bad: Array<[string, () => unknown, RegExp, 'aws'?]> = [
    ['a wrong client secret', () => clientCredentialBody(f, { clientSecret: 'wrong' }), /invalid_client: invalid client credentials/],
    ['an unknown client id', () => clientCredentialBody(f, { clientId: 'nope' }), /invalid_client_id: client identifier invalid/],
    ['another org\'s My Domain', () => clientCredentialBody(f, { environmentUrl: 'https://other.my.salesforce.com' }), /does not serve this Salesforce org/],
    ['an expired JWT', () => jwtBody(signJwt(aws.privateKey, goodClaims(aws, { exp: Math.floor(Date.now() / 1000) - 60 }))), /expired authorization code/, 'aws'],
    ['a JWT signed by another key', () => jwtBody(signJwt(aws.otherKey, goodClaims(aws))), /invalid_grant: invalid assertion/, 'aws'],
    ['a JWT for an unapproved user', () => jwtBody(signJwt(aws.privateKey, goodClaims(aws, { sub: 'x@y.z' }))), /user hasn't approved this consumer/, 'aws'],
    ['a JWT with a wrong audience', () => jwtBody(signJwt(aws.privateKey, goodClaims(aws, { aud: 'https://acme.force.com' }))), /audience is invalid/, 'aws'],
    ['a JWT with a wrong client secret', () => jwtBody(signJwt(aws.privateKey, goodClaims(aws)), { clientSecret: 'nope' }), /invalid client credentials/, 'aws'],
    ['a wrong password', () => basicBody('guess'), /INVALID_LOGIN/],
  ];
  for (const [name, body, message, cloud] of bad) {
    it(`rejects ${name} with the connection-test error`, async () => {
      const r = await call(cloud === 'aws' ? aws : f, 'POST', `${FS}/connections`, body());
      assert.equal(r.status, 400);
      assert.equal(r.body.type, 'https://ns.adobe.com/aep/errors/CONNECTOR-1308-400');
      assert.match(r.body.report['detailed-message'], message);
    });
  }

  it('rejects missing params, unknown auth specs, unknown connection specs and bad apiVersion', async () => {
    const noSecret = clientCredentialBody(f);
    delete (noSecret.auth as { params: Record<string, unknown> }).params.clientSecret;
    const r1 = await call(f, 'POST', `${FS}/connections`, noSecret);
    assert.deepEqual([r1.status, r1.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1304-400']);
    assert.match(r1.body.errorMessage, /auth\.params\.clientSecret/);
    const r2 = await call(f, 'POST', `${FS}/connections`, { ...clientCredentialBody(f), auth: { specName: 'OAuth2 Refresh Code', params: {} } });
    assert.deepEqual([r2.status, r2.body.type], [400, 'https://ns.adobe.com/aep/errors/FLOW-1415-400']);
    const r3 = await call(f, 'POST', `${FS}/connections`, { ...clientCredentialBody(f), connectionSpec: { id: 'ccfc0fee1-7dc0-40ef-b73e-d8b134c436f5', version: '1.0' } });
    assert.deepEqual([r3.status, r3.body.type], [400, 'https://ns.adobe.com/aep/errors/FLOW-1413-400']);
    const r4 = await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f, { apiVersion: '60' }));
    assert.equal(r4.status, 400);
    const r5 = await call(f, 'POST', `${FS}/connections`);
    assert.deepEqual([r5.status, r5.body.type], [400, 'https://ns.adobe.com/aep/errors/FLOW-1405-400']);
  });

  it('offers each auth variant only on its cloud: JWT on AWS, Basic and client credentials on Azure (1415-400)', async () => {
    const jwtOnAzure = await call(f, 'POST', `${FS}/connections`, { ...jwtBody(signJwt(f.privateKey, goodClaims(f))), auth: jwtBody(signJwt(f.privateKey, goodClaims(f))).auth });
    assert.deepEqual([jwtOnAzure.status, jwtOnAzure.body.type], [400, 'https://ns.adobe.com/aep/errors/FLOW-1415-400']);
    assert.equal(jwtOnAzure.body.errorMessage, `The auth spec 'OAuth2 JWT Token Credential' could not be found for the connection spec ID ${SALESFORCE_SPEC.id}.`);
    for (const body of [clientCredentialBody(aws), basicBody('Pa55word!')]) {
      const r = await call(aws, 'POST', `${FS}/connections`, body);
      assert.deepEqual([r.status, r.body.type], [400, 'https://ns.adobe.com/aep/errors/FLOW-1415-400']);
    }
  });

  it('accepts and stores a boolean includeDeletedObjects in every variant; anything else is 1312', async () => {
    const withFlag = (body: ReturnType<typeof clientCredentialBody>, v: unknown) => ({ ...body, auth: { ...(body.auth as object), params: { ...(body.auth as { params: object }).params, includeDeletedObjects: v } } });
    for (const [fx, body] of [[f, clientCredentialBody(f)], [f, basicBody('Pa55word!')], [aws, jwtBody(signJwt(aws.privateKey, goodClaims(aws)))]] as Array<[Fixture, ReturnType<typeof clientCredentialBody>]>) {
      const created = await call(fx, 'POST', `${FS}/connections`, withFlag(body, true));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const got = await call(fx, 'GET', `${FS}/connections/${created.body.id}`);
      assert.equal(got.body.items[0].auth.params.includeDeletedObjects, true);
      for (const wrong of ['true', 1, null]) {
        const r = await call(fx, 'POST', `${FS}/connections`, withFlag(body, wrong));
        assert.deepEqual([r.status, r.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1312-400'], String(wrong));
        assert.match(r.body.errorMessage, /property=includeDeletedObjects/);
      }
    }
  });

  it('finds connections by name with and without quotes, and 404s unknown ids', async () => {
    await call(f, 'POST', `${FS}/connections`, { ...clientCredentialBody(f), name: 'Lookup Me, Please' });
    const quoted = await call(f, 'GET', `${FS}/connections?property=name==%22Lookup%20Me,%20Please%22`);
    assert.equal(quoted.body.items.length, 1);
    assert.equal(quoted.body.items[0].name, 'Lookup Me, Please');
    const plain = await call(f, 'GET', `${FS}/connections?property=name==ACME%20basic`);
    assert.ok(plain.body.items.length >= 1 && plain.body.items.every((i: { name: string }) => i.name === 'ACME basic'));
    const none = await call(f, 'GET', `${FS}/connections?property=name==nothing`);
    assert.deepEqual(none.body, { items: [] });
    const otherSandbox = await call(f, 'GET', `${FS}/connections?property=name==ACME%20basic`, undefined, { 'x-sandbox-name': 'dev' });
    assert.deepEqual(otherSandbox.body, { items: [] });
    const badOp = await call(f, 'GET', `${FS}/connections?property=name~ACME`);
    assert.equal(badOp.status, 400);
    const missing = await call(f, 'GET', `${FS}/connections/00000000-0000-4000-a000-000000000000`);
    assert.deepEqual([missing.status, missing.body.type, missing.body.title], [404, 'https://ns.adobe.com/aep/errors/FLOW-1439-404', 'Resource not found']);
  });

  it('serves the Salesforce and Data Lake connection specs and the CRMToAEP flow spec', async () => {
    const sf = await call(f, 'GET', `${FS}/connectionSpecs/${SALESFORCE_SPEC.id}`);
    assert.deepEqual(sf.body.items[0].authSpec.map((a: { name: string }) => a.name), ['Basic Authentication', 'OAuth2 Client Credential']);
    const onAws = await call(aws, 'GET', `${FS}/connectionSpecs?property=name==salesforce`);
    assert.deepEqual(onAws.body.items[0].authSpec.map((a: { name: string }) => a.name), ['OAuth2 JWT Token Credential']);
    assert.deepEqual(sf.body.items[0].authSpec[1].spec.properties.includeDeletedObjects, { type: 'boolean', default: false });
    const byName = await call(f, 'GET', `${FS}/connectionSpecs?property=name==%22Data%20Lake%22`);
    assert.equal(byName.body.items[0].id, 'c604ff05-7f1a-43c0-8e18-33bf874cb11c');
    const crm = await call(f, 'GET', `${FS}/flowSpecs?property=name==%22CRMToAEP%22`);
    assert.equal(crm.body.items.length, 1);
    assert.equal(crm.body.items[0].id, '14518937-270c-4525-bdec-c2ba7cce3860');
    assert.ok(crm.body.items[0].sourceConnectionSpecIds.includes(SALESFORCE_SPEC.id));
    assert.deepEqual(crm.body.items[0].scheduleSpec.spec.properties.startTime, { description: 'epoch time', type: 'integer' });
    assert.equal((await call(f, 'GET', `${FS}/flowSpecs/9753525b-82c7-4dce-8a9b-5ccfce2b9876`)).body.items[0].name, 'CloudStorageToAEP');
    assert.equal((await call(f, 'GET', `${FS}/flowSpecs/nope`)).status, 404);
  });

  it('explores the org: root tables, then columns covering every field the mapping templates read', async () => {
    const id = (await call(f, 'POST', `${FS}/connections`, clientCredentialBody(f))).body.id;
    const root = await call(f, 'GET', `${FS}/connections/${id}/explore?objectType=root`);
    assert.equal(root.status, 200);
    const paths = root.body.map((t: { path: string }) => t.path);
    for (const table of [...Object.keys(MAPPED_FIELDS), 'Task']) assert.ok(paths.includes(table), table);
    assert.deepEqual(root.body[0], { type: 'table', name: 'Contact', path: 'Contact', canPreview: true, canFetchSchema: true });
    for (const [table, fields] of Object.entries(MAPPED_FIELDS)) {
      const r = await call(f, 'GET', `${FS}/connections/${id}/explore?objectType=table&object=${table}`);
      assert.equal(r.body.format, 'flat');
      const names = new Set(r.body.schema.columns.map((c: { name: string }) => c.name));
      for (const field of fields.split(' ')) assert.ok(names.has(field), `${table}.${field}`);
    }
    const contact = await call(f, 'GET', `${FS}/connections/${id}/explore?objectType=table&object=Contact`);
    const created = contact.body.schema.columns.find((c: { name: string }) => c.name === 'CreatedDate');
    assert.deepEqual(created, { name: 'CreatedDate', type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' } });
    const unknown = await call(f, 'GET', `${FS}/connections/${id}/explore?objectType=table&object=Nope__c`);
    assert.deepEqual([unknown.status, unknown.body.type], [400, 'https://ns.adobe.com/aep/errors/CONNECTOR-1330-400']);
    assert.equal((await call(f, 'GET', `${FS}/connections/${id}/explore?objectType=table`)).status, 400);
  });
});
