// Salesforce's OAuth token endpoint in the simulator: JWT bearer, client credentials and password flows, with
// Salesforce's own error pairs for each failure.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KJUR } = require('jsrsasign');
import { call, goodClaims, postForm, signJwt, startFixture, type Fixture } from './flow-fixture';

const TOKEN = '/services/oauth2/token';
const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('simulator: Salesforce token endpoint', () => {
  let f: Fixture;
  before(async () => { f = await startFixture(); });
  after(async () => { await f.sim.stop(); });

  const jwt = (claims: Record<string, unknown>, key = f.privateKey) => postForm(f, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(key, claims) });

  it('issues a token for a valid JWT bearer assertion', async () => {
    const r = await jwt(goodClaims(f));
    assert.equal(r.status, 200);
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(r.body.instance_url, 'https://acme-sim.my.salesforce.com');
    assert.match(r.body.access_token, new RegExp(`^${f.config.salesforce.orgId}!`));
    assert.match(r.body.id, new RegExp(`^https://login.salesforce.com/id/${f.config.salesforce.orgId}/005`));
    assert.equal(r.body.scope, 'api');
  });

  it('accepts exp as a numeric string, the simulator URL as audience, and prn over sub', async () => {
    const exp = String(Math.floor(Date.now() / 1000) + 120);
    assert.equal((await jwt(goodClaims(f, { exp }))).status, 200);
    assert.equal((await jwt(goodClaims(f, { aud: f.sim.url }))).status, 200);
    assert.equal((await jwt(goodClaims(f, { aud: 'https://test.salesforce.com' }))).status, 200);
    assert.equal((await jwt(goodClaims(f, { aud: 'https://test.salesforce.com/' }))).body.error_description, 'audience is invalid');
    const r = await jwt(goodClaims(f, { sub: 'someone@else.example', prn: f.config.salesforce.username }));
    assert.equal(r.status, 200);
  });

  it('verifies against an X.509 certificate PEM, as uploaded to a connected app', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certPem: string = new KJUR.asn1.x509.Certificate({
      version: 3, serial: { int: 7 }, issuer: { str: '/CN=postforge-test' }, subject: { str: '/CN=postforge-test' },
      notbefore: '250101000000Z', notafter: '350101000000Z', sigalg: 'SHA256withRSA',
      sbjpubkey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      cakey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }).getPEM();
    const saved = f.config.salesforce.certificatePem;
    f.config.salesforce.certificatePem = certPem;
    try {
      assert.equal((await jwt(goodClaims(f), privateKey)).status, 200);
      assert.equal((await jwt(goodClaims(f))).body.error_description, 'invalid assertion');
    } finally {
      f.config.salesforce.certificatePem = saved;
    }
  });

  const cases: Array<[string, (fx: Fixture) => Promise<{ status: number; body: unknown }>, unknown]> = [
    ['a signature by another key', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.otherKey, goodClaims(fx)) }),
      { error: 'invalid_grant', error_description: 'invalid assertion' }],
    ['a wrong audience', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx, { aud: 'https://acme-sim.my.salesforce.com' })) }),
      { error: 'invalid_grant', error_description: 'audience is invalid' }],
    ['an unknown user', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx, { sub: 'nobody@example.com' })) }),
      { error: 'invalid_grant', error_description: "user hasn't approved this consumer" }],
    ['an expired assertion', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx, { exp: Math.floor(Date.now() / 1000) - 5 })) }),
      { error: 'invalid_grant', error_description: 'expired authorization code' }],
    ['a missing exp', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx, { exp: undefined })) }),
      { error: 'invalid_grant', error_description: 'invalid assertion' }],
    ['a wrong client id (iss)', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx, { iss: '3MVGwrong' })) }),
      { error: 'invalid_client_id', error_description: 'client identifier invalid' }],
    ['an HS256 header', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx), { alg: 'HS256' }) }),
      { error: 'invalid_grant', error_description: 'invalid assertion' }],
    ['a garbage assertion', (fx) => postForm(fx, TOKEN, { grant_type: JWT_GRANT, assertion: 'not.a.jwt' }),
      { error: 'invalid_grant', error_description: 'invalid assertion' }],
    ['a JSON body (Salesforce reads forms only)', async (fx) => {
      const res = await fetch(`${fx.sim.url}${TOKEN}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: JWT_GRANT, assertion: signJwt(fx.privateKey, goodClaims(fx)) }) });
      return { status: res.status, body: await res.json() };
    }, { error: 'unsupported_grant_type', error_description: 'grant type not supported' }],
  ];
  for (const [name, send, want] of cases) {
    it(`answers 400 for ${name}`, async () => {
      const r = await send(f);
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, want);
    });
  }

  it('client_credentials: form or Basic auth succeeds, a wrong secret is invalid_client', async () => {
    const sf = f.config.salesforce;
    const ok = await postForm(f, TOKEN, { grant_type: 'client_credentials', client_id: sf.clientId, client_secret: sf.clientSecret });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.signature && ok.body.issued_at);
    const basic = Buffer.from(`${sf.clientId}:${sf.clientSecret}`).toString('base64');
    assert.equal((await postForm(f, TOKEN, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).status, 200);
    const bad = await postForm(f, TOKEN, { grant_type: 'client_credentials', client_id: sf.clientId, client_secret: 'nope' });
    assert.deepEqual([bad.status, bad.body], [400, { error: 'invalid_client', error_description: 'invalid client credentials' }]);
  });

  it('password: password + security token succeeds, anything else is an authentication failure', async () => {
    const sf = f.config.salesforce;
    const form = { grant_type: 'password', client_id: sf.clientId, client_secret: sf.clientSecret, username: sf.username };
    assert.equal((await postForm(f, TOKEN, { ...form, password: 'Pa55word!SECTOKEN123' })).status, 200);
    const bad = await postForm(f, TOKEN, { ...form, password: 'Pa55word!' });
    assert.deepEqual([bad.status, bad.body], [400, { error: 'invalid_grant', error_description: 'authentication failure' }]);
  });

  it('does not require Platform headers (a token endpoint is open)', async () => {
    const r = await call(f, 'POST', TOKEN, undefined, { authorization: '' });
    assert.deepEqual(r.body, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });
});
