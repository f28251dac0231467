// End to end: the committed specs, compiled and run through Newman against the embedded simulator.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runPipeline, type RunOptions, type RunResult } from '../../generator/run/run-pipeline';
import { e2eOptions, tmpDir } from './harness';
import { startSimulator, snapshotAdobe, type RunningSimulator } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { flowState } from '../../simulator/flow-service/store';

const ROWS: Record<string, number> = { Contact: 51, Lead: 42, Account: 47, Opportunity: 32, OpportunityContactRole: 17, Campaign: 24, CampaignMember: 19, AccountContactRelation: 18 };

async function run(sim: RunningSimulator | undefined, extra: Partial<RunOptions> = {}): Promise<RunResult & { lines: string[] }> {
  const lines: string[] = [];
  return { ...(await runPipeline(e2eOptions(sim, lines, extra))), lines };
}

describe('pipeline against the simulator (e2e)', function () {
  this.timeout(180000);
  let sim: RunningSimulator;
  before(async () => { sim = await startSimulator(); });
  after(async () => { await sim.stop(); });

  it('creates every resource of the reference lists, then a second run writes nothing', async () => {
    const first = await run(sim);
    assert.equal(first.exitCode, 0, first.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
    const adobe = snapshotAdobe(sim.state);
    assert.equal(adobe.namespaces.length, 11);
    assert.deepEqual(adobe.namespaces.map((n) => n.code).sort(), ['b2b_account', 'b2b_account_person_relation', 'b2b_bombora_account_intent', 'b2b_campaign', 'b2b_campaign_member', 'b2b_demandbase_account_intent', 'b2b_marketing_list', 'b2b_marketing_list_member', 'b2b_opportunity', 'b2b_opportunity_person_relation', 'b2b_person']);
    assert.equal(adobe.schemas.length, 12);
    assert.equal(adobe.schemas.reduce((n, s) => n + s.fieldGroups.length, 0), 39);
    assert.ok(adobe.schemas.every((s) => s.immutableTags.includes('union')));
    const byType = (t: string) => adobe.descriptors.filter((d) => d['@type'] === t).length;
    assert.equal(byType('xdm:descriptorIdentity'), 19);
    assert.equal(byType('xdm:descriptorRelationship'), 12);
    assert.equal(byType('xdm:descriptorOneToOne'), 4);
    assert.equal(byType('xdm:descriptorReferenceIdentity'), 4);
    const person = adobe.schemas.find((s) => s.title === 'B2B Person')!;
    assert.deepEqual([...person.fieldGroups].sort(), ['https://ns.adobe.com/xdm/context/identitymap', 'https://ns.adobe.com/xdm/mixins/b2b-person-components', 'https://ns.adobe.com/xdm/mixins/b2b-person-details', 'https://ns.adobe.com/xdm/mixins/profile-consents']);

    // Exactly the reference lists (specs/data): names, codes, idTypes, classes, field groups, descriptor fields.
    const data = (f: string) => parse(fs.readFileSync(path.join(__dirname, '..', '..', 'specs', 'data', f), 'utf8'));
    const nsRef = data('namespaces.yaml') as Array<{ name: string; code: string; idType: string }>;
    assert.deepEqual(adobe.namespaces.map((n) => `${n.name}|${n.code}|${n.idType}`).sort(), nsRef.map((n) => `${n.name}|${n.code}|${n.idType}`).sort());
    const schemaRef = data('schemas.yaml') as Array<{ key: string; title: string; class: string; fieldGroups: string[] }>;
    assert.deepEqual(adobe.schemas.map((x) => `${x.title}|${x.classId}|${[...x.fieldGroups].sort().join(',')}`).sort(), schemaRef.map((x) => `${x.title}|${x.class}|${[...x.fieldGroups].sort().join(',')}`).sort());
    const idOf = Object.fromEntries(schemaRef.map((x) => [x.key, adobe.schemas.find((y) => y.title === x.title)!.$id]));
    const desc = data('descriptors.yaml') as Record<string, Array<Record<string, unknown>>>;
    const have = new Set(adobe.descriptors.map((d) => JSON.stringify([d['@type'], d['xdm:sourceSchema'], d['xdm:sourceProperty'], d['xdm:namespace'] ?? d['xdm:identityNamespace'] ?? d['xdm:destinationSchema'] ?? null, d['xdm:isPrimary'] ?? null])));
    const want = [
      ...desc.identities.map((r) => ['xdm:descriptorIdentity', idOf[r.schema as string], r.sourceProperty, r.namespace, r.primary]),
      ...desc.relationships.map((r) => ['xdm:descriptorRelationship', idOf[r.schema as string], r.sourceProperty, idOf[r.destinationSchema as string], null]),
      ...desc.oneToOne.map((r) => ['xdm:descriptorOneToOne', idOf[r.schema as string], r.sourceProperty, idOf[r.destinationSchema as string], null]),
      ...desc.referenceIdentities.map((r) => ['xdm:descriptorReferenceIdentity', idOf[r.schema as string], r.sourceProperty, r.namespace, null]),
    ].map((x) => JSON.stringify(x));
    for (const w of want) assert.ok(have.has(w), `descriptor ${w}`);
    assert.equal(have.size, want.length);

    const flow = snapshotFlow(sim.state);
    assert.equal(flow.connections.length, 1);
    // PLATFORM_CLOUD defaults to azure, where Adobe offers OAuth2 Client Credential (no JWT).
    assert.equal(flow.connections[0].specName, 'OAuth2 Client Credential');
    assert.equal(flow.connections[0].state, 'enabled');
    assert.equal(flow.flows.length, 8);
    assert.ok(flow.flows.every((f) => f.flowSpecId === '14518937-270c-4525-bdec-c2ba7cce3860'));
    for (const [object, rows] of Object.entries(ROWS)) {
      const source = flow.sourceConnections.find((s) => s.tableName === object);
      assert.ok(source, `source connection for ${object}`);
      const f = flow.flows.find((x) => x.sourceConnectionId === source.id)!;
      const mapping = flow.mappingSets.find((m) => m.id === f.mappingId);
      assert.equal(mapping?.rows, rows, `mapping rows for ${object}`);
    }
    const adobeCalls = first.requests.filter((r) => !/flowservice|catalog|conversion|oauth2/.test(r.url)).length;
    assert.ok(adobeCalls <= 95, `fresh Adobe setup took ${adobeCalls} calls`);

    const second = await run(sim);
    assert.equal(second.exitCode, 0);
    assert.equal(second.writes, 0, 'a second run makes no Platform write');
    assert.equal(second.tokenRequests, second.requests.filter((r) => /oauth2\/token|ims\/token/.test(r.url)).length, 'token requests are counted apart');
    assert.ok(second.tokenRequests >= 1, 'the token requests still go');
    assert.deepEqual(second.changes, [], 'and nothing changed');
    // A fresh sandbox already has the default merge policies (and the simulator some standard resources).
    assert.ok(first.existing < 30 && second.existing > 100, `skipped because they exist: fresh ${first.existing}, rerun ${second.existing}`);
    const secondAdobe = second.requests.filter((r) => !/flowservice|catalog|conversion|oauth2/.test(r.url)).length;
    assert.ok(secondAdobe <= 25, `second Adobe run took ${secondAdobe} calls`);
    assert.equal(snapshotAdobe(sim.state).schemas.length, 12);
    assert.equal(snapshotFlow(sim.state).flows.length, 8);
  });

  it('--only with folders: the named folders, with the requests outside any folder they build on, and nothing else', async () => {
    const own = await startSimulator();
    try {
      const c = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'collections', `${name}.postman_collection.json`), 'utf8'));
      // Step name → the top-level folders that have a request of that name (none: outside any folder).
      const folderOf = (name: string) => {
        const out = new Map<string, string[]>();
        for (const it of c(name).item) for (const x of it.item ?? [it]) out.set(x.name, [...(out.get(x.name) ?? []), ...(it.item ? [it.name] : ['(outside any folder)'])]);
        return out;
      };
      const within = (map: Map<string, string[]>, step: string, allowed: string[]) => (map.get(step) ?? []).some((f) => allowed.includes(f));
      const schemas = folderOf('b2b-schemas');
      // Nothing set up yet: the Lead folder needs schemas no step of this run can find.
      const early = await run(own, { only: 'Lead' });
      assert.equal(early.exitCode, 1);
      assert.ok(early.failures.some((f) => /\{\{SCHEMA_ID_person\}\} is not set/.test(f.message)), early.failures.map((f) => `${f.step}: ${f.message}`).join('\n'));
      assert.deepEqual(early.requests.filter((r) => /^Dataset for Lead/.test(r.step)).map((r) => r.url), [], 'the dataset is not asked for with "{{SCHEMA_ID_person}}" in its body');
      const first = await run(own, { only: 'b2b-namespaces,Schemas' });
      assert.equal(first.exitCode, 0, first.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
      const a = snapshotAdobe(own.state);
      assert.deepEqual([a.namespaces.length, a.schemas.length, a.descriptors.length], [11, 12, 0]);
      assert.ok(a.schemas.every((x) => x.fieldGroups.length === 0 && !x.immutableTags.includes('union')), 'field groups and Profile are other folders');
      const inSchemas = first.requests.filter((r) => r.collection === 'b2b-schemas');
      // (The token step is decided too; the token adobe-auth got is still fresh.)
      assert.deepEqual(inSchemas.filter((r) => !within(schemas, r.step, ['(outside any folder)', 'Schemas'])).map((r) => r.step), []);
      assert.equal(inSchemas.filter((r) => within(schemas, r.step, ['Schemas'])).length, 12);

      assert.equal((await run(own)).exitCode, 0);
      const flows = flowState(own.state).flows;
      const lead = [...flows.values()].find((f) => f.name === 'postforge-salesforce-lead')!;
      flows.delete(lead.id);
      const from = own.state.requests.length;
      const again = await run(own, { only: 'Lead' });
      assert.equal(again.exitCode, 0, again.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
      const sf = folderOf('salesforce-source');
      const sent = again.requests.filter((r) => r.collection === 'salesforce-source');
      assert.deepEqual(sent.filter((r) => !within(sf, r.step, ['(outside any folder)', '01 Adobe access token', 'Lead'])).map((r) => r.step), []);
      assert.ok(sent.some((r) => within(sf, r.step, ['Lead']) && !within(sf, r.step, ['(outside any folder)'])));
      assert.deepEqual(again.requests.filter((r) => r.collection !== 'salesforce-source' && r.method !== 'GET' && !/token/i.test(r.step)).map((r) => r.step), [], 'the collections before it only read');
      const writes = own.state.requests.slice(from).filter((r) => r.method !== 'GET' && !/token/.test(r.path)).map((r) => `${r.method} ${r.path}`);
      assert.deepEqual(writes, ['POST /data/foundation/flowservice/flows'], 'only the Lead dataflow is made again');
      assert.equal(flowState(own.state).flows.size, 8);
    } finally {
      await own.stop();
    }
  });

  it('lists missing variables by name and sends nothing (exit 2)', async () => {
    const before = sim.state.requests.length;
    const result = await run(undefined, { env: 'production' });
    assert.equal(result.exitCode, 2);
    const names = result.problems.map((p) => p.name);
    for (const n of ['API_KEY', 'CLIENT_SECRET', 'IMS_ORG', 'SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_INSTANCE_URL']) assert.ok(names.includes(n), `${n} listed`);
    assert.ok(!names.includes('SALESFORCE_PRIVATE_KEY'), 'no key needed for OAuth2 Client Credential on Azure');
    assert.ok(result.problems.every((p) => p.description.length > 0));
    assert.equal(result.requests.length, 0);
    const aws = await run(undefined, { env: 'production', envVars: { PLATFORM_CLOUD: 'aws' } });
    assert.ok(aws.problems.some((p) => p.name === 'SALESFORCE_PRIVATE_KEY'), 'on AWS the JWT key is required');
    assert.equal(sim.state.requests.length, before);
  });

  it('a wrong Salesforce user fails at the preflight with the server message and the fix, creating nothing in Flow Service', async () => {
    const fresh = await startSimulator();
    try {
      const result = await run(fresh, { envVars: { PLATFORM_CLOUD: 'aws', SALESFORCE_USERNAME: 'someone.else@example.com' } });
      assert.equal(result.exitCode, 1);
      const failure = result.failures.find((f) => f.collection === 'salesforce-source');
      assert.ok(failure, 'a failure in salesforce-source');
      assert.match(failure.message, /user hasn't approved this consumer/);
      assert.match(failure.message, /fix: .*pre-authorized/);
      assert.equal(snapshotFlow(fresh.state).connections.length, 0);
    } finally {
      await fresh.stop();
    }
  });

  it('never shows a secret or token in output, reports or the exported environment', async () => {
    const fresh = await startSimulator();
    try {
      const canaries = ['canary-password-7c1e9b', 'canary token/with+specials&=x'];
      const exported = path.join(tmpDir(), 'exported.json');
      const result = await run(fresh, { envVars: { SALESFORCE_PASSWORD: canaries[0], SALESFORCE_SECURITY_TOKEN: canaries[1] }, exportEnvironment: exported });
      assert.equal(result.exitCode, 0);
      const tokens = [...(fresh.state.imsTokens as Map<string, unknown>).keys()];
      assert.ok(tokens.length > 0);
      const secrets = [...canaries, ...tokens];
      const texts = [result.lines.join('\n'), JSON.stringify(result.failures), JSON.stringify(result.outputs), ...result.reportFiles.map((f) => fs.readFileSync(f, 'utf8'))];
      for (const s of secrets) {
        for (const form of [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), Buffer.from(s).toString('base64')]) {
          for (const t of texts) assert.ok(!t.includes(form), `secret leaked in form ${form.slice(0, 6)}…`);
        }
      }
      assert.ok(result.reportFiles.some((f) => f.endsWith('junit.xml')));
      assert.ok(result.reportFiles.includes(exported));
    } finally {
      await fresh.stop();
    }
  });

  it('honours variable precedence: environment < .env < process < --env-var', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, '.env'), 'SALESFORCE_OBJECTS=Lead\nDATAFLOW_INTERVAL=2\nDATAFLOW_FREQUENCY=day\n');
    const result = await runPipeline({
      env: 'production', processEnv: { DATAFLOW_INTERVAL: '3', DATAFLOW_FREQUENCY: 'week', UNRELATED: 'x' }, envVars: { DATAFLOW_FREQUENCY: 'minute' },
      dotenvPath: path.join(dir, '.env'), reportsDir: dir,
    });
    assert.equal(result.exitCode, 2); // production has no credentials: nothing is sent
    const v = result.variables!;
    assert.equal(v.values.SALESFORCE_OBJECTS, 'Lead');
    assert.equal(v.sources.SALESFORCE_OBJECTS, '.env');
    assert.equal(v.values.DATAFLOW_INTERVAL, '3');
    assert.equal(v.sources.DATAFLOW_INTERVAL, 'process');
    assert.equal(v.values.DATAFLOW_FREQUENCY, 'minute');
    assert.equal(v.sources.DATAFLOW_FREQUENCY, '--env-var');
    assert.equal(v.values.SANDBOX_NAME, 'prod');
    assert.equal(v.sources.SANDBOX_NAME, 'environment');
    assert.equal(v.values.UNRELATED, undefined);
  });
});

describe('malformed variable values (e2e)', function () {
  this.timeout(60000);
  it('a bad URL, a bad PEM and a non-numeric TTL are named before any request (exit 2)', async () => {
    const sim = await startSimulator();
    try {
      const before = sim.state.requests.length;
      const result = await run(sim, { envVars: { PLATFORM_URL: 'platform.adobe.io', SALESFORCE_PRIVATE_KEY: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', SALESFORCE_JWT_TTL: '4 months' } });
      assert.equal(result.exitCode, 2);
      const byName = Object.fromEntries(result.problems.map((p) => [p.name, p.message]));
      assert.match(byName.PLATFORM_URL, /is not a URL/);
      assert.match(byName.SALESFORCE_PRIVATE_KEY, /certificate, but a private key belongs here/);
      assert.match(byName.SALESFORCE_JWT_TTL, /must be a whole number/);
      assert.equal(sim.state.requests.length, before);
    } finally {
      await sim.stop();
    }
  });
});
