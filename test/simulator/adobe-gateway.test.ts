import assert from 'node:assert/strict';
import type { RunningSimulator } from '../../simulator/core/app';
import { getToken, platform, startAdobe } from './adobe-helpers';

const NS = '/data/core/idnamespace/identities';

describe('simulator: Platform gateway, token expiry and fault injection', () => {
  describe('gateway header checks', () => {
    let sim: RunningSimulator;
    let token: string;
    before(async () => { sim = await startAdobe({ adobe: { sandboxes: ['prod', 'dev'] } }); token = await getToken(sim); });
    after(async () => { await sim.stop(); });

    it('answers 401 401013 without a bearer token and for an unknown token', async () => {
      const none = await fetch(`${sim.url}${NS}`);
      assert.equal(none.status, 401);
      assert.deepEqual(await none.json(), { error_code: '401013', message: 'Oauth token is not valid' });
      const unknown = await platform(sim, 'eyJnotissued', 'GET', NS);
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.error_code, '401013');
    });

    it('answers 403 when x-api-key is missing or not the token\'s client', async () => {
      const missing = await fetch(`${sim.url}${NS}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(missing.status, 403);
      assert.equal(((await missing.json()) as { error_code: string }).error_code, '403000');
      const wrong = await platform(sim, token, 'GET', NS, { headers: { 'x-api-key': 'someone-else' } });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.error_code, '403003');
    });

    it('checks the org header and the sandbox', async () => {
      const noOrg = await fetch(`${sim.url}${NS}`, { headers: { authorization: `Bearer ${token}`, 'x-api-key': sim.config.adobe.clientId } });
      assert.equal(noOrg.status, 400);
      const otherOrg = await platform(sim, token, 'GET', NS, { headers: { 'x-gw-ims-org-id': 'FFFF@AdobeOrg' } });
      assert.equal(otherOrg.status, 403);
      const badSandbox = await platform(sim, token, 'GET', NS, { headers: { 'x-sandbox-name': 'staging' } });
      assert.equal(badSandbox.status, 403);
      assert.match(badSandbox.body.detail, /staging/);
      assert.equal((await platform(sim, token, 'GET', NS, { headers: { 'x-sandbox-name': 'dev' } })).status, 200);
    });
  });

  describe('token expiry', () => {
    it('rejects a token once the clock passes its 24 h lifetime', async () => {
      const sim = await startAdobe();
      try {
        const token = await getToken(sim);
        assert.equal((await platform(sim, token, 'GET', NS)).status, 200);
        sim.advanceClock(24 * 3600 * 1000 - 5000);
        assert.equal((await platform(sim, token, 'GET', NS)).status, 200);
        sim.advanceClock(10_000);
        const expired = await platform(sim, token, 'GET', NS);
        assert.equal(expired.status, 401);
        assert.equal(expired.body.error_code, '401013');
        assert.equal((await platform(sim, await getToken(sim), 'GET', NS)).status, 200);
      } finally {
        await sim.stop();
      }
    });

    it('honours faults.tokenLifetimeMs in expires_in and at the gateway', async () => {
      const sim = await startAdobe({ faults: { tokenLifetimeMs: 60_000 } });
      try {
        const a = sim.config.adobe;
        const res = await fetch(`${sim.url}/ims/token/v3`, {
          method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: a.clientId, client_secret: a.clientSecret, scope: 'openid' }).toString(),
        });
        const body = (await res.json()) as { access_token: string; expires_in: number };
        assert.equal(body.expires_in, 59);
        sim.advanceClock(61_000);
        assert.equal((await platform(sim, body.access_token, 'GET', NS)).status, 401);
      } finally {
        await sim.stop();
      }
    });

    it('revokes tokens issued before request N once N requests were made (expireTokensAfterRequests)', async () => {
      const sim = await startAdobe({ faults: { expireTokensAfterRequests: 3 } });
      try {
        const token = await getToken(sim); // request 1
        assert.equal((await platform(sim, token, 'GET', NS)).status, 200); // request 2
        assert.equal((await platform(sim, token, 'GET', NS)).status, 401); // request 3: revoked
        const fresh = await getToken(sim); // request 4
        assert.equal((await platform(sim, fresh, 'GET', NS)).status, 200);
      } finally {
        await sim.stop();
      }
    });
  });

  describe('fault injection', () => {
    it('throttles the first matching requests with 429 and Retry-After, then answers normally', async () => {
      const sim = await startAdobe({ faults: { throttle: { count: 2, retryAfterSeconds: 3, pathPrefix: '/data/' } } });
      try {
        const token = await getToken(sim);
        for (let i = 0; i < 2; i += 1) {
          const r = await platform(sim, token, 'GET', NS);
          assert.equal(r.status, 429);
          assert.equal(r.headers.get('retry-after'), '3');
        }
        assert.equal((await platform(sim, token, 'GET', NS)).status, 200);
      } finally {
        await sim.stop();
      }
    });

    it('answers 503 for the configured number of requests', async () => {
      const sim = await startAdobe({ faults: { serverErrors: { count: 1, status: 503, pathPrefix: '/data/foundation' } } });
      try {
        const token = await getToken(sim);
        const accept = { accept: 'application/vnd.adobe.xed-id+json' };
        const first = await platform(sim, token, 'GET', '/data/foundation/schemaregistry/tenant/schemas', accept);
        assert.equal(first.status, 503);
        assert.equal(first.body.status, 503);
        assert.equal((await platform(sim, token, 'GET', '/data/foundation/schemaregistry/tenant/schemas', accept)).status, 200);
      } finally {
        await sim.stop();
      }
    });

    it('drops the connection without an answer, then serves the retry', async () => {
      const sim = await startAdobe({ faults: { dropConnections: { count: 1, pathPrefix: NS } } });
      try {
        const token = await getToken(sim);
        await assert.rejects(platform(sim, token, 'GET', NS));
        assert.equal((await platform(sim, token, 'GET', NS)).status, 200);
        assert.deepEqual(sim.state.requests.map((r) => r.status), [200, -1, 200]);
      } finally {
        await sim.stop();
      }
    });

    it('processes a write, then answers 504 1104-504 Gateway Timeout (afterWrite); reads and failed writes pass', async () => {
      const sim = await startAdobe({ faults: { afterWrite: { count: 1, pathPrefix: NS } } });
      try {
        const token = await getToken(sim);
        const body = { name: 'B2B Account', code: 'b2b_account', idType: 'CROSS_DEVICE' };
        const invalid = await platform(sim, token, 'POST', NS, { body: { ...body, idType: 'PERSON' } });
        assert.equal(invalid.status, 400, 'a refused write is not replaced and does not use up the count');
        const timedOut = await platform(sim, token, 'POST', NS, { body });
        assert.equal(timedOut.status, 504);
        assert.deepEqual(timedOut.body, {
          type: 'http://ns.adobe.com/aep/errors/1104-504', title: 'Gateway Timeout', status: 504,
          detail: 'A gateway timeout has occurred. Please try again. If the problem persists, please contact customer support.',
        });
        const list = await platform(sim, token, 'GET', NS);
        assert.equal(list.body.filter((n: { code: string }) => n.code === 'b2b_account').length, 1, 'the write was done');
        const retry = await platform(sim, token, 'POST', NS, { body });
        assert.equal(retry.status, 409, 'a blind retry collides with the write that was done');
      } finally {
        await sim.stop();
      }
    });
  });
});
