import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as newman from 'newman';
import { jwtVerify } from 'jose';
import { signerSource } from '../../generator/sandbox';
import { pem, rsaKeys, type TestKey } from './keys';

interface Seen { authorization: string; status: number }

/** Loopback server that really verifies the RS256 token it is given. */
async function verifyingServer(publicKey: crypto.KeyObject): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const authorization = req.headers.authorization ?? '';
    const token = authorization.replace(/^Bearer /, '');
    jwtVerify(token, publicKey, { algorithms: ['RS256'], issuer: 'postforge-test', audience: 'simulator' }).then(
      ({ payload }) => ({ status: 200, body: { sub: payload.sub } }),
      (err: Error) => ({ status: 401, body: { error: err.message } }),
    ).then(({ status, body }) => {
      seen.push({ authorization, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/verify`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The signer text followed by call code as the compiler should emit it. On failure the error is
// reported through a failing pm.test and the request skipped, so nothing unsigned or stale is sent.
// (Rethrowing instead would let the request go out; skipRequest() ends the script, losing a later throw.)
const CALL = `
try {
  var now = Math.floor(Date.now() / 1000);
  pm.environment.set('TOKEN', postforgeSignJwt({
    alg: 'RS256', privateKey: pm.environment.get('PRIVATE_KEY'), keyName: 'PRIVATE_KEY',
    header: { typ: 'JWT', kid: 'test-key' },
    claims: { iss: 'postforge-test', sub: 'Zoë ☃ user', aud: 'simulator', iat: now, exp: now + 300, jti: 'j-1' }
  }));
} catch (e) {
  pm.test('sign JWT', function () { throw e; });
  pm.execution.skipRequest();
}`;

function collection(url: string): object {
  return {
    info: { name: 'jwt signer', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [{
      name: 'verify',
      event: [
        { listen: 'prerequest', script: { type: 'text/javascript', exec: (signerSource() + CALL).split('\n') } },
        { listen: 'test', script: { type: 'text/javascript', exec: ["pm.test('token accepted', function () { pm.response.to.have.status(200); });"] } },
      ],
      request: { method: 'GET', url, header: [{ key: 'Authorization', value: 'Bearer {{TOKEN}}' }] },
    }],
  };
}

interface RunResult { summary: newman.NewmanRunSummary; consoleText: string }

function run(url: string, privateKey: string): Promise<RunResult> {
  const environment = {
    name: 'test',
    values: [{ key: 'PRIVATE_KEY', value: privateKey, type: 'secret', enabled: true }, { key: 'TOKEN', value: '', enabled: true }],
  };
  const consoleLines: string[] = [];
  return new Promise((resolve, reject) => {
    newman.run({ collection: collection(url), environment, reporters: [] } as newman.NewmanRunOptions, (err, summary) => {
      if (err) reject(err);
      else resolve({ summary, consoleText: consoleLines.join('\n') });
    }).on('console', (_err: unknown, args: { messages?: unknown[] }) => {
      consoleLines.push(JSON.stringify(args.messages ?? []));
    });
  });
}

describe('sandbox JWT signer inside Newman', function () {
  this.timeout(60000);
  let key: TestKey;
  let server: Awaited<ReturnType<typeof verifyingServer>>;

  before(async function () {
    [key] = await rsaKeys([2048]);
    server = await verifyingServer(key.publicKey);
  });
  after(() => server.close());
  beforeEach(() => { server.seen.length = 0; });

  it('signs in the pre-request script and the server verifies the token', async function () {
    // The key as a CI variable often arrives: one line with literal \n escapes.
    const { summary, consoleText } = await run(server.url, pem(key.privateKey, 'pkcs8').replace(/\n/g, '\\n'));
    assert.deepEqual(summary.run.failures, []);
    assert.equal(summary.run.stats.assertions.total, 1);
    assert.equal(summary.run.stats.assertions.failed, 0);
    assert.equal(server.seen.length, 1);
    assert.equal(server.seen[0].status, 200);
    const token = server.seen[0].authorization.replace(/^Bearer /, '');
    assert.equal(token.split('.').length, 3);
    assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()), { typ: 'JWT', kid: 'test-key', alg: 'RS256' });
    assert.equal(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub, 'Zoë ☃ user');
    assert.ok(!consoleText.includes(token), 'token printed to the console');
    assert.ok(!consoleText.includes(token.split('.')[2]), 'signature printed to the console');
  });

  for (const bad of [
    { name: 'an EC key', key: (): string => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string,
      want: 'PRIVATE_KEY: EC key found, but RS256 needs an RSA private key' },
    { name: 'a certificate-shaped PEM', key: (): string => `-----BEGIN CERTIFICATE-----\n${crypto.randomBytes(300).toString('base64')}\n-----END CERTIFICATE-----\n`,
      want: 'PRIVATE_KEY: this is a certificate; signing needs the private key' },
  ]) {
    it(`fails before sending anything when the key is ${bad.name}, with the message in the run summary`, async function () {
      const { summary, consoleText } = await run(server.url, bad.key());
      assert.equal(server.seen.length, 0, 'a request reached the server');
      const messages = summary.run.failures.map((f) => f.error.message);
      assert.deepEqual(messages, [bad.want]);
      assert.equal((summary.run.failures[0].error as { test?: string }).test, 'sign JWT');
      assert.equal(summary.run.stats.requests.total, 0);
      assert.equal(summary.run.stats.assertions.failed, 1);
      assert.equal(consoleText, '');
    });
  }
});
