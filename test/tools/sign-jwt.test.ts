import { strict as assert } from 'node:assert';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { jwtVerify } from 'jose';
import { signJwtCommand } from '../../generator/cli/sign-jwt';
import type { CliIO } from '../../generator/cli/types';
import { buildSalesforceClaims, checkSalesforceClaims, DEFAULT_TTL_SECONDS } from '../../generator/tools/jwt-claims';
import { KeyLoadError, parsePrivateKey } from '../../generator/tools/key-load';
import { decodeJwtParts } from '../../generator/tools/sign-jwt';

function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env, isTTY: false, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

const NOW = 1_700_000_000;
const CLIENT_ID = '3MVG9A2kN3Bn17huXZp1OQhPe8y4_ozAQZZCKxsWbef9GjSnHGOunHSwhnY1BWz_5vHkTL9BeLMriIX5EUKaw';
const BASE = ['--client-id', CLIENT_ID, '--username', 'integration@acme.example', '--now', String(NOW)];
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PKCS8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

describe('postforge sign-jwt', () => {
  let dir: string;
  const write = (name: string, data: string | Buffer) => { fs.writeFileSync(path.join(dir, name), data); return name; };
  const sign = async (argv: string[], env?: NodeJS.ProcessEnv) => {
    const io = captureIo(dir, env);
    const code = await signJwtCommand.run(argv, io);
    return { code, out: io.out, err: io.err };
  };
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-sign-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints only a token with header {"alg":"RS256"} and claims iss, sub, aud, exp in order, verifiable with jose', async () => {
    const r = await sign(['--key', write('key.pem', PKCS8), ...BASE]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.match(r.out, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = r.out.trim();
    const [header, payload] = token.split('.').map((p) => Buffer.from(p, 'base64url').toString('utf8'));
    assert.equal(header, '{"alg":"RS256"}');
    assert.equal(payload, `{"iss":"${CLIENT_ID}","sub":"integration@acme.example","aud":"https://login.salesforce.com","exp":${NOW + 10518984}}`);
    const verified = await jwtVerify(token, publicKey, { currentDate: new Date(NOW * 1000), audience: 'https://login.salesforce.com', issuer: CLIENT_ID });
    assert.equal(verified.payload.sub, 'integration@acme.example');
    assert.equal(DEFAULT_TTL_SECONDS, 4 * 2629746);
  });

  it('equals the Postman pre-request signer for the same inputs and clock', async function () {
    let loadSigner: (() => (opts: Record<string, unknown>) => string) | undefined;
    try {
      ({ loadSigner } = require('../../generator/sandbox'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') this.skip();
      throw err;
    }
    for (const [ttl, aud] of [['600', 'https://test.salesforce.com'], [String(DEFAULT_TTL_SECONDS), 'https://login.salesforce.com']]) {
      const r = await sign(['--key', write('key.pem', PKCS8), ...BASE, '--ttl', ttl, '--login-url', aud]);
      assert.equal(r.code, 0, r.err);
      const claims = buildSalesforceClaims({ clientId: CLIENT_ID, username: 'integration@acme.example', audience: aud, ttlSeconds: Number(ttl), now: NOW });
      const expected = loadSigner!()({ alg: 'RS256', privateKey: PKCS8, keyName: 'SF_PRIVATE_KEY', header: { alg: 'RS256' }, claims });
      assert.equal(r.out.trim(), expected);
    }
  });

  it('gives the same token for PKCS#1, PKCS#8, encrypted PKCS#8 and encrypted PKCS#1 PEM and DER keys', async () => {
    const forms: Array<[string, string | Buffer, string[]]> = [
      ['pkcs1.pem', privateKey.export({ type: 'pkcs1', format: 'pem' }), []],
      ['enc8.pem', privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' }), ['--passphrase', 'hunter2']],
      ['enc1.pem', privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'hunter2' }), ['--passphrase', 'hunter2']],
      ['key.der', privateKey.export({ type: 'pkcs8', format: 'der' }), []],
    ];
    const reference = (await sign(['--key', write('key.pem', PKCS8), ...BASE])).out;
    for (const [name, data, extra] of forms) {
      const r = await sign(['--key', write(name, data), ...BASE, ...extra]);
      assert.equal(r.code, 0, `${name}: ${r.err}`);
      assert.equal(r.out, reference, name);
    }
    const r = await sign(['--key', 'enc8.pem', ...BASE, '--passphrase-env', 'SF_KEY_PASS'], { SF_KEY_PASS: 'hunter2' });
    assert.equal(r.out, reference);
  });

  it('reports bad keys in one line without a stack', async () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const enc = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' });
    const cases: Array<[string, string | Buffer, string[], number, RegExp]> = [
      ['missing.pem', '', [], 2, /missing\.pem does not exist/],
      ['enc.pem', enc, ['--passphrase', 'wrong'], 1, /wrong passphrase for enc\.pem/],
      ['enc.pem', enc, [], 1, /enc\.pem is encrypted; pass --passphrase/],
      ['ec.pem', ec, [], 1, /EC key; .*RSA key \(RS256\)/],
      ['pub.pem', publicKey.export({ type: 'spki', format: 'pem' }), [], 1, /is a public key/],
      ['junk.pem', 'hello', [], 1, /neither a PEM/],
    ];
    for (const [name, data, extra, exit, message] of cases) {
      if (name !== 'missing.pem') write(name, data);
      const r = await sign(['--key', name, ...BASE, ...extra]);
      assert.equal(r.code, exit, `${name}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.doesNotMatch(r.err, /\n\s+at /);
      assert.equal(r.out, '');
    }
  });

  it('rejects a certificate given as the key and a key that does not match --cert', async () => {
    const { generateKeyAndCertificate } = await import('../../generator/tools/keygen');
    const made = await generateKeyAndCertificate({ outDir: dir, bits: 2048, days: 1, commonName: 'x', force: false });
    let r = await sign(['--key', path.basename(made.certPath), ...BASE]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cert\.pem is a certificate .*pass the private key/);
    r = await sign(['--key', write('other.pem', PKCS8), '--cert', 'cert.pem', ...BASE]);
    assert.equal(r.code, 1);
    assert.match(r.err, /does not match cert\.pem/);
    r = await sign(['--key', 'key.pem', '--cert', 'cert.pem', ...BASE]);
    assert.equal(r.code, 0, r.err);
  });

  it('treats ttl in seconds and rejects millisecond-looking values', async () => {
    write('key.pem', PKCS8);
    let r = await sign(['--key', 'key.pem', ...BASE, '--ttl', '10518984000']);
    assert.equal(r.code, 2);
    assert.match(r.err, /more than ten years; it is in seconds, not milliseconds/);
    r = await sign(['--key', 'key.pem', ...BASE, '--exp', '3660624000000']);
    assert.equal(r.code, 2);
    assert.match(r.err, /milliseconds/);
    r = await sign(['--key', 'key.pem', ...BASE, '--ttl', '60', '--exp', String(NOW + 60)]);
    assert.equal(r.code, 2);
    r = await sign(['--key', 'key.pem', ...BASE, '--ttl', '-5']);
    assert.equal(r.code, 2);
    r = await sign(['--key', 'key.pem', ...BASE, '--exp', String(NOW + 120)]);
    assert.equal(r.code, 0, r.err);
    assert.equal(decodeJwtParts(r.out.trim()).claims.exp, NOW + 120);
    r = await sign(['--key', 'key.pem', '--username', 'u@x.example']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--client-id is required/);
  });

  it('warns on stderr about a non-Salesforce audience but still signs', async () => {
    const r = await sign(['--key', write('key.pem', PKCS8), ...BASE, '--login-url', 'https://acme.my.salesforce.com']);
    assert.equal(r.code, 0);
    assert.match(r.err, /^warning: aud https:\/\/acme\.my\.salesforce\.com is not a Salesforce login audience/);
    assert.match(r.out, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  describe('--verify', () => {
    let server: http.Server;
    let url: string;
    const seen: URLSearchParams[] = [];
    before(async () => {
      // Imitates Salesforce's token endpoint: real signature check, then answers chosen by username.
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => { body += c; });
        req.on('end', async () => {
          const form = new URLSearchParams(body);
          seen.push(form);
          const reply = (status: number, json: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(json)); };
          if (req.url !== '/services/oauth2/token' || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return reply(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
          try {
            const { payload } = await jwtVerify(form.get('assertion') ?? '', publicKey, { currentDate: new Date(NOW * 1000), algorithms: ['RS256'] });
            if (payload.aud !== 'https://login.salesforce.com') return reply(400, { error: 'invalid_grant', error_description: 'audience is invalid' });
            if (payload.sub === 'blocked@acme.example') return reply(400, { error: 'invalid_grant', error_description: "user hasn't approved this consumer" });
            return reply(200, { access_token: '00Dxx!SECRET', instance_url: 'https://acme.my.salesforce.com', token_type: 'Bearer', scope: 'api' });
          } catch {
            return reply(400, { error: 'invalid_grant', error_description: 'invalid assertion' });
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/oauth2/token`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('posts the assertion with the JWT bearer grant and reports success without the access token', async () => {
      const r = await sign(['--key', write('key.pem', PKCS8), ...BASE, '--verify', '--token-url', url]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /^verified: .* issued an access token for https:\/\/acme\.my\.salesforce\.com\n$/);
      assert.ok(!r.err.includes('SECRET') && !r.out.includes('SECRET'));
      assert.equal(seen.at(-1)?.get('assertion'), r.out.trim());
    });

    it('prints Salesforce\'s error_description with the fix and no token', async () => {
      write('key.pem', PKCS8);
      let r = await sign(['--key', 'key.pem', ...BASE.slice(0, 2), '--username', 'blocked@acme.example', '--now', String(NOW), '--verify', '--token-url', url]);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, /rejected the assertion \(HTTP 400\): invalid_grant: user hasn't approved this consumer/);
      assert.match(r.err, /fix: .*Admin approved users are pre-authorized/);
      r = await sign(['--key', 'key.pem', ...BASE, '--login-url', 'https://test.salesforce.com', '--verify', '--token-url', url]);
      assert.equal(r.code, 1);
      assert.match(r.err, /audience is invalid\n {2}fix: Set --login-url/);
      const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
      r = await sign(['--key', write('other.pem', other), ...BASE, '--verify', '--token-url', url]);
      assert.equal(r.code, 1);
      assert.match(r.err, /invalid assertion\n {2}fix: Upload the cert\.pem that matches --key/);
    });

    it('reports an unreachable endpoint in one line', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const r = await sign(['--key', write('key.pem', PKCS8), ...BASE, '--verify', '--token-url', `http://127.0.0.1:${port}/services/oauth2/token`]);
      assert.equal(r.code, 1);
      assert.match(r.err, /could not reach .* \(ECONNREFUSED\)/);
    });
  });
});

describe('tools/jwt-claims', () => {
  it('builds claims in Salesforce order and strips a trailing slash from aud', () => {
    const claims = buildSalesforceClaims({ clientId: 'c', username: 'u@x', audience: 'https://test.salesforce.com/', ttlSeconds: 180, now: NOW });
    assert.deepEqual(Object.keys(claims), ['iss', 'sub', 'aud', 'exp']);
    assert.deepEqual(claims, { iss: 'c', sub: 'u@x', aud: 'https://test.salesforce.com', exp: NOW + 180 });
  });

  it('finds the usual mistakes', () => {
    const ok = { iss: CLIENT_ID, sub: 'u@acme.example', aud: 'https://login.salesforce.com', exp: NOW + 120 };
    assert.deepEqual(checkSalesforceClaims(ok, NOW), []);
    const find = (claims: Record<string, unknown>) => checkSalesforceClaims(claims, NOW).map((f) => `${f.severity} ${f.claim}: ${f.message}`);
    assert.deepEqual(find({ ...ok, exp: (NOW + 60) * 1000 }), [`error exp: exp ${(NOW + 60) * 1000} looks like milliseconds`]);
    assert.deepEqual(find({ ...ok, exp: NOW - 1 }), [`error exp: exp ${NOW - 1} is in the past`]);
    assert.deepEqual(find({ ...ok, exp: String(NOW + 60) }), ['warning exp: exp is a string']);
    assert.deepEqual(find({ ...ok, aud: 'https://acme.my.salesforce.com' }), ['warning aud: aud https://acme.my.salesforce.com is not a Salesforce login audience']);
    assert.deepEqual(find({ ...ok, iss: undefined, sub: 'nobody' }), ['error iss: iss (the connected app consumer key) is missing', 'warning sub: sub nobody is not a Salesforce username (user@example.com)']);
    assert.deepEqual(find({ ...ok, exp: NOW + DEFAULT_TTL_SECONDS }), ['info exp: exp is 122 days ahead']);
  });

  it('classifies key material for doctor', () => {
    const loaded = parsePrivateKey(Buffer.from(PKCS8));
    assert.equal(loaded.format, 'pem-pkcs8');
    assert.equal(loaded.bits, 2048);
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    assert.throws(() => parsePrivateKey(cert), (e: unknown) => e instanceof KeyLoadError && e.code === 'certificate');
  });
});
