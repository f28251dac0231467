import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import type { RunningSimulator } from '../../simulator/core/app';
import { form, platform, startAdobe } from './adobe-helpers';

const IMS = 'ims-na1.adobelogin.com';

describe('simulator: Adobe IMS', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let sim: RunningSimulator;

  before(async () => { sim = await startAdobe({ adobe: { jwtPublicKeyPem: publicPem } }); });
  after(async () => { await sim.stop(); });

  describe('OAuth Server-to-Server /ims/token/v3', () => {
    const good = () => ({
      grant_type: 'client_credentials', client_id: sim.config.adobe.clientId, client_secret: sim.config.adobe.clientSecret,
      scope: 'openid,session,AdobeID,read_organizations,additional_info.projectedProductContext',
    });
    const post = (params: Record<string, string>) => fetch(`${sim.url}/ims/token/v3`, form(params));

    it('issues a bearer token valid for 86399 seconds that the Platform gateway accepts', async () => {
      const res = await post(good());
      assert.equal(res.status, 200);
      const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
      assert.equal(body.token_type, 'bearer');
      assert.equal(body.expires_in, 86399);
      assert.match(body.access_token, /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
      const list = await platform(sim, body.access_token, 'GET', '/data/core/idnamespace/identities');
      assert.equal(list.status, 200);
    });

    it('accepts the parameters in the query string', async () => {
      const res = await fetch(`${sim.url}/ims/token/v3?${new URLSearchParams(good())}`, { method: 'POST' });
      assert.equal(res.status, 200);
    });

    const cases: Array<[string, (p: Record<string, string>) => void, number, string]> = [
      ['missing grant_type', (p) => { delete p.grant_type; }, 400, 'invalid_request'],
      ['other grant_type', (p) => { p.grant_type = 'password'; }, 400, 'unsupported_grant_type'],
      ['unknown client_id', (p) => { p.client_id = 'nope'; }, 400, 'invalid_client'],
      ['missing client_id', (p) => { delete p.client_id; }, 400, 'invalid_client'],
      ['wrong client_secret', (p) => { p.client_secret = 'p8e-wrong'; }, 401, 'invalid_client'],
      ['missing scope', (p) => { delete p.scope; }, 400, 'invalid_scope'],
      ['scope not granted', (p) => { p.scope = 'openid,ent_unknown_sdk'; }, 400, 'invalid_scope'],
    ];
    for (const [name, mutate, status, error] of cases) {
      it(`answers ${status} ${error} for ${name}`, async () => {
        const p = good();
        mutate(p);
        const res = await post(p);
        assert.equal(res.status, status);
        const body = (await res.json()) as { error: string; error_description: string };
        assert.equal(body.error, error);
        assert.equal(typeof body.error_description, 'string');
      });
    }

    it('does not read a JSON body (IMS only takes form data)', async () => {
      const res = await fetch(`${sim.url}/ims/token/v3`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(good()) });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_request');
    });
  });

  describe('legacy JWT exchange /ims/exchange/jwt', () => {
    const nowS = () => Math.floor(Date.now() / 1000);
    async function sign(opts: { key?: string; claims?: Record<string, unknown>; exp?: number; aud?: string } = {}): Promise<string> {
      const a = sim.config.adobe;
      const key = await importPKCS8(opts.key ?? privatePem, 'RS256');
      const claims = opts.claims ?? { [`https://${IMS}/s/ent_dataservices_sdk`]: true };
      return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).setIssuer(a.orgId).setSubject(a.technicalAccountId)
        .setAudience(opts.aud ?? `https://${IMS}/c/${a.clientId}`).setExpirationTime(opts.exp ?? nowS() + 3600).sign(key);
    }
    async function exchange(jwt: string, multipart = false, path = '/ims/exchange/jwt'): Promise<{ status: number; body: Record<string, unknown> }> {
      const a = sim.config.adobe;
      const fields = { client_id: a.clientId, client_secret: a.clientSecret, jwt_token: jwt };
      let init: RequestInit = form(fields);
      if (multipart) {
        const fd = new FormData();
        for (const [k, v] of Object.entries(fields)) fd.append(k, v);
        init = { method: 'POST', body: fd };
      }
      const res = await fetch(`${sim.url}${path}`, init);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    it('exchanges a correctly signed JWT (multipart, trailing slash) for a token with expires_in in milliseconds', async () => {
      const res = await exchange(await sign(), true, '/ims/exchange/jwt/');
      assert.equal(res.status, 200);
      assert.equal(res.body.token_type, 'bearer');
      assert.equal(res.body.expires_in, 86399992);
      const list = await platform(sim, String(res.body.access_token), 'GET', '/data/core/idnamespace/identities');
      assert.equal(list.status, 200);
    });

    it('accepts exp = now + 87000 s, the value Adobe\'s own Postman utility signs', async () => {
      assert.equal((await exchange(await sign({ exp: nowS() + 87000 }))).status, 200);
    });

    it('accepts the simulator\'s own host in aud and the meta-scope claim', async () => {
      const host = new URL(sim.url).host;
      const jwt = await sign({ aud: `https://${host}/c/${sim.config.adobe.clientId}`, claims: { [`https://${host}/s/ent_dataservices_sdk`]: true } });
      assert.equal((await exchange(jwt)).status, 200);
    });

    const failures: Array<[string, () => Promise<string>, number, string]> = [
      ['a JWT signed with another key', () => sign({ key: other }), 400, 'invalid_signature'],
      ['an expired JWT', () => sign({ exp: nowS() - 10 }), 400, 'invalid_token'],
      ['exp more than 24 h ahead', () => sign({ exp: nowS() + 26 * 3600 }), 400, 'bad_request'],
      ['no meta-scope claim', () => sign({ claims: {} }), 400, 'invalid_scope'],
      ['an unknown meta-scope', () => sign({ claims: { [`https://${IMS}/s/ent_analytics_bulk_ingest_sdk`]: true } }), 400, 'invalid_scope'],
      ['aud for another client', () => sign({ aud: `https://${IMS}/c/someoneelse` }), 400, 'invalid_client'],
      ['garbage instead of a JWT', async () => 'not.a.jwt', 400, 'invalid_token'],
    ];
    for (const [name, make, status, error] of failures) {
      it(`answers ${status} ${error} for ${name}`, async () => {
        const res = await exchange(await make());
        assert.equal(res.status, status);
        assert.equal(res.body.error, error);
      });
    }

    it('answers 401 invalid_client for a wrong client secret', async () => {
      const res = await fetch(`${sim.url}/ims/exchange/jwt`, form({ client_id: sim.config.adobe.clientId, client_secret: 'x', jwt_token: await sign() }));
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: string }).error, 'invalid_client');
    });

    it('answers invalid_signature when no certificate is bound to the integration', async () => {
      const bare = await startAdobe();
      try {
        const a = bare.config.adobe;
        const res = await fetch(`${bare.url}/ims/exchange/jwt`, form({ client_id: a.clientId, client_secret: a.clientSecret, jwt_token: await sign() }));
        assert.equal(res.status, 400);
        assert.equal(((await res.json()) as { error: string }).error, 'invalid_signature');
      } finally {
        await bare.stop();
      }
    });
  });
});
