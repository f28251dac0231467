// Each SALESFORCE_AUTH variant creates the base connection with its own auth spec; bad credentials or a bad
// audience stop the run before anything is created in Flow Service.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { runPipeline } from '../../generator/run/run-pipeline';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { snapshotFlow } from '../../simulator/flow-service';
import { e2eOptions } from './harness';

const opts = (sim: RunningSimulator, lines: string[], envVars: Record<string, string>) => e2eOptions(sim, lines, { envVars });

describe('Salesforce auth variants (e2e)', function () {
  this.timeout(120000);

  it('SALESFORCE_AUTH=jwt on Azure is a configuration error that says why; nothing is sent', async () => {
    const sim = await startSimulator();
    try {
      const lines: string[] = [];
      const r = await runPipeline(opts(sim, lines, { SALESFORCE_AUTH: 'jwt' }));
      assert.equal(r.exitCode, 2);
      const p = r.problems.find((x) => x.name === 'SALESFORCE_AUTH');
      assert.ok(p, JSON.stringify(r.problems));
      assert.match(p.message, /only on Experience Platform on AWS.*PLATFORM_CLOUD=aws/);
      assert.equal(sim.state.requests.length, 0);
    } finally {
      await sim.stop();
    }
  });

  it('an Azure simulator answers 1415-400 to the JWT auth spec, as Flow Service does', async () => {
    const sim = await startSimulator();
    try {
      const lines: string[] = [];
      // The user claims AWS, but the organization runs on Azure: Flow Service knows no JWT auth spec there.
      const r = await runPipeline(opts(sim, lines, { PLATFORM_CLOUD: 'aws', SALESFORCE_OBJECTS: 'Lead' }));
      assert.equal(r.exitCode, 1);
      const failure = r.failures.find((f) => f.step === 'Create base connection (OAuth2 JWT Token Credential)');
      assert.ok(failure, lines.join('\n'));
      assert.match(failure.message, /HTTP 400: The auth spec 'OAuth2 JWT Token Credential' could not be found/);
      assert.equal(snapshotFlow(sim.state).connections.length, 0);
    } finally {
      await sim.stop();
    }
  });

  // [PLATFORM_CLOUD, SALESFORCE_AUTH ('' = the cloud's default), auth spec, the preflight's token grant ('' = none)]
  const variants: Array<[string, string, string, string]> = [
    ['azure', '', 'OAuth2 Client Credential', 'client_credentials'],
    ['azure', 'basic', 'Basic Authentication', ''],
    ['aws', '', 'OAuth2 JWT Token Credential', 'jwt-bearer'],
  ];
  for (const [cloud, auth, specName, grant] of variants) {
    it(`PLATFORM_CLOUD=${cloud}${auth ? ` SALESFORCE_AUTH=${auth}` : ''} creates a "${specName}" connection and the dataflows (one object)`, async () => {
      const sim = await startSimulator({ config: { adobe: { cloud: cloud as 'azure' | 'aws' } } });
      try {
        const lines: string[] = [];
        const r = await runPipeline(opts(sim, lines, { PLATFORM_CLOUD: cloud, ...(auth ? { SALESFORCE_AUTH: auth } : {}), SALESFORCE_OBJECTS: 'Lead' }));
        assert.equal(r.exitCode, 0, lines.join('\n'));
        const tokenCalls = sim.state.requests.filter((q) => q.path === '/services/oauth2/token');
        assert.equal(tokenCalls.length, grant ? 1 : 0, 'one preflight at Salesforce\'s token endpoint, or none for basic');
        const flow = snapshotFlow(sim.state);
        assert.deepEqual(flow.connections.map((c) => c.specName), [specName]);
        assert.deepEqual(flow.flows.map((f) => f.name), ['postforge-salesforce-lead']);
        assert.equal(flow.mappingSets[0].rows, 42);
        if (auth === 'basic') assert.ok(lines.some((l) => /^warning: SALESFORCE_AUTH=basic: Adobe deprecates basic authentication/.test(l)), 'basic auth warns');
      } finally {
        await sim.stop();
      }
    });
  }

  it('a wrong audience fails at the preflight with Salesforce\'s message and the fix; nothing is created', async () => {
    const sim = await startSimulator();
    try {
      const lines: string[] = [];
      const r = await runPipeline(opts(sim, lines, { PLATFORM_CLOUD: 'aws', SALESFORCE_JWT_AUDIENCE: 'https://acme.my.salesforce.com' }));
      assert.equal(r.exitCode, 1);
      const failure = r.failures.find((f) => f.collection === 'salesforce-source');
      assert.ok(failure, lines.join('\n'));
      assert.match(failure.message, /^HTTP 400: audience is invalid — fix: .*https:\/\/login\.salesforce\.com/);
      assert.equal(snapshotFlow(sim.state).connections.length, 0);
    } finally {
      await sim.stop();
    }
  });

  it('a key that does not match the connected app certificate fails at the preflight with the fix; nothing is created', async () => {
    const sim = await startSimulator();
    try {
      const lines: string[] = [];
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const r = await runPipeline(opts(sim, lines, { PLATFORM_CLOUD: 'aws', SALESFORCE_PRIVATE_KEY: other }));
      assert.equal(r.exitCode, 1);
      const failure = r.failures.find((f) => f.collection === 'salesforce-source');
      assert.ok(failure, lines.join('\n'));
      assert.equal(failure.step, 'Salesforce JWT bearer preflight');
      assert.match(failure.message, /^HTTP 400: .*— fix: .*SALESFORCE_PRIVATE_KEY matches the certificate/);
      assert.equal(snapshotFlow(sim.state).connections.length, 0);
      assert.ok(!r.requests.some((q) => /flowservice/.test(q.url) && q.method === 'POST'));
    } finally {
      await sim.stop();
    }
  });
});
