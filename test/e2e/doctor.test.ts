// `postforge doctor` against the simulator: all checks pass for a good setup; a key that does not match the
// connected app's certificate is named, with the fix; nothing is created either way.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDoctor } from '../../generator/doctor/run-doctor';
import { generateKeyAndCertificate } from '../../generator/tools/keygen';
import { startSimulator, snapshotAdobe } from '../../simulator';
import { main } from '../../generator/cli';

describe('postforge doctor (e2e)', function () {
  this.timeout(60000);

  it('passes against the simulator and changes nothing', async () => {
    const sim = await startSimulator();
    try {
      const results = await runDoctor({ env: 'local', simulator: sim, processEnv: {}, dotenvPath: '/nonexistent/.env' });
      assert.deepEqual(results.filter((r) => r.status === 'fail'), []);
      for (const name of ['variables', 'Adobe access token', 'Experience Platform', 'cloud and Salesforce auth', 'sandbox name', 'Salesforce token endpoint', 'clock']) {
        assert.ok(results.some((r) => r.name === name && r.status === 'pass'), `${name} passes`);
      }
      assert.match(results.find((r) => r.name === 'cloud and Salesforce auth')!.detail, /PLATFORM_CLOUD=azure: the connection uses "OAuth2 Client Credential"/);
      assert.match(results.find((r) => r.name === 'Salesforce token endpoint')!.detail, /client credentials grant was accepted/);
      sim.config.adobe.cloud = 'aws';
      const aws = await runDoctor({ env: 'local', simulator: sim, processEnv: {}, dotenvPath: '/nonexistent/.env', envVars: { PLATFORM_CLOUD: 'aws' } });
      assert.deepEqual(aws.filter((r) => r.status === 'fail'), []);
      for (const name of ['SALESFORCE_PRIVATE_KEY', 'jwtToken claims', 'Salesforce token endpoint']) {
        assert.ok(aws.some((r) => r.name === name && r.status === 'pass'), `${name} passes on AWS`);
      }
      const writes = sim.state.requests.filter((r) => r.method !== 'GET' && !/token/.test(r.path));
      assert.deepEqual(writes, []);
      assert.equal(snapshotAdobe(sim.state).namespaces.length, 0);
    } finally {
      await sim.stop();
    }
  });

  it('names a key that does not match the certificate and the rejected assertion', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postforge-doctor-'));
    const pair = await generateKeyAndCertificate({ outDir: dir, bits: 2048, days: 10, commonName: 'doctor-test', force: false });
    const sim = await startSimulator();
    try {
      // The certificate on file belongs to a different key than SALESFORCE_PRIVATE_KEY (the simulator's).
      const results = await runDoctor({ env: 'local', simulator: sim, processEnv: {}, dotenvPath: '/nonexistent/.env', certFile: pair.certPath, envVars: { PLATFORM_CLOUD: 'aws' } });
      const cert = results.find((r) => r.name === 'certificate')!;
      assert.equal(cert.status, 'fail');
      assert.match(cert.detail, /does not belong to SALESFORCE_PRIVATE_KEY/);
      // And the other way round: the key of the certificate, which Salesforce does not know.
      const other = await runDoctor({ env: 'local', simulator: sim, processEnv: {}, dotenvPath: '/nonexistent/.env', certFile: pair.certPath, envVars: { PLATFORM_CLOUD: 'aws', SALESFORCE_PRIVATE_KEY: fs.readFileSync(pair.keyPath, 'utf8') } });
      assert.equal(other.find((r) => r.name === 'certificate')!.status, 'warn'); // matches, but expires in 10 days (clearly inside the 30-day warning window)
      const endpoint = other.find((r) => r.name === 'Salesforce token endpoint')!;
      assert.equal(endpoint.status, 'fail');
      assert.match(endpoint.detail, /^invalid_grant: /);
      assert.match(endpoint.fix ?? '', /cert\.pem that matches/);
    } finally {
      await sim.stop();
    }
  });

  it('names a wrong cloud/auth combination and a sandbox display name, with the fixes', async () => {
    const sim = await startSimulator();
    try {
      const results = await runDoctor({ env: 'local', simulator: sim, processEnv: {}, dotenvPath: '/nonexistent/.env', envVars: { SALESFORCE_AUTH: 'jwt', SANDBOX_NAME: 'Dev Sandbox' } });
      const cloud = results.find((r) => r.name === 'cloud and Salesforce auth')!;
      assert.equal(cloud.status, 'fail');
      assert.match(cloud.detail, /PLATFORM_CLOUD=azure, SALESFORCE_AUTH is "jwt": Adobe offers the OAuth2 JWT Token Credential for Salesforce only on Experience Platform on AWS/);
      assert.match(cloud.fix ?? '', /SALESFORCE_AUTH=oauth2/);
      const sandbox = results.find((r) => r.name === 'sandbox name')!;
      assert.equal(sandbox.status, 'fail');
      assert.match(sandbox.detail, /"Dev Sandbox": x-sandbox-name takes the sandbox's technical name, all lower-case/);
    } finally {
      await sim.stop();
    }
  });

  it('CLI: exit 1 and a checklist line with the fix when a check fails', async () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), cwd: os.tmpdir(), env: {}, isTTY: false };
    const code = await main(['doctor', '--env-var', 'CLIENT_SECRET=wrong-secret-value'], io);
    assert.equal(code, 1);
    assert.ok(out.some((l) => /^FAIL Adobe access token: HTTP 401/.test(l)), out.join('\n'));
    assert.ok(out.some((l) => /fix: check API_KEY and CLIENT_SECRET/.test(l)));
    assert.ok(!out.join('\n').includes('wrong-secret-value'));
  });
});
