// The compiled adobe-auth collection with ADOBE_AUTH=jwt, run by Newman: a good key gets a token from the
// simulator's IMS (which verifies the RS256 signature); a bad key fails the step with the signer's message
// and sends nothing.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { compile } from '../../generator';
import { runCollection, type FailureEvent } from '../../generator/run/run-collection';
import { startLocalTarget } from '../../generator/run/local-target';

describe('JWT signing inside the Newman sandbox (e2e)', function () {
  this.timeout(60000);

  async function runAuth(overrides: Record<string, string>) {
    const { compiled } = compile();
    const col = compiled!.collections.find((c) => c.name === 'adobe-auth')!;
    const env = Object.fromEntries((compiled!.environments.find((e) => e.name === 'local')!.json.values as Array<{ key: string; value: string }>).map((v) => [v.key, v.value]));
    const target = await startLocalTarget();
    const failures: FailureEvent[] = [];
    try {
      const before = target.simulator.state.requests.length;
      const result = await runCollection({
        name: 'adobe-auth', collection: col.json, environment: { ...env, ...target.values, ADOBE_AUTH: 'jwt', ...overrides },
        timeoutRequestMs: 10000, listener: { failure: (f) => failures.push(f) },
      });
      return { result, failures, sent: target.simulator.state.requests.length - before };
    } finally {
      await target.simulator.stop();
    }
  }

  it('signs the legacy IMS JWT that the simulator verifies', async () => {
    const { result, failures, sent } = await runAuth({});
    assert.deepEqual(failures, []);
    assert.equal(sent, 1);
    assert.ok(result.environment.ACCESS_TOKEN.length > 20);
    assert.ok(result.environment.JWT_TOKEN.split('.').length === 3);
  });

  it('a non-RSA key fails the step with a message naming the variable, and nothing is sent', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const { result, failures, sent } = await runAuth({ PRIVATE_KEY: ec });
    assert.equal(sent, 0);
    assert.ok(result.failures > 0);
    assert.ok(failures.some((f) => /^PRIVATE_KEY: /.test(f.message)), JSON.stringify(failures));
    assert.ok(failures.every((f) => !f.message.includes(ec.split('\n')[1])));
  });
});
