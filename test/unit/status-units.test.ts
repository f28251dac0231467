// Table-driven units of status, --wait and destroy helpers: run summaries (Adobe's documented run shape),
// next-link resolution, jwtToken expiry, the 80-column table, --wait parsing and polling, and the spec names.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { summarizeRun } from '../../generator/status/summarize-run';
import { resolveNext, serverMessage, createPlatformClient } from '../../generator/platform/client';
import { jwtExpiry } from '../../generator/status/jwt-expiry';
import { renderStatus } from '../../generator/status/render-status';
import { describeSchedule, type StatusReport } from '../../generator/status/collect-status';
import { normaliseWait } from '../../generator/cli/run';
import { waitForFirstRuns } from '../../generator/status/wait-for-runs';
import { objectResourceName, selectedObjects, specResources, BASE_CONNECTION_NAME } from '../../generator/platform/resources';
import { isProdSandbox } from '../../generator/destroy/run-destroy';
import { statusJunit } from '../../generator/status/write-status-reports';

const ROOT = path.join(__dirname, '..', '..');

describe('status: summarizeRun', () => {
  // The run of Adobe's "Monitor dataflows" guide: success with a row error reported by the promotion activity.
  const documented = {
    id: '9830305a', flowId: 'c9ce',
    metrics: {
      durationSummary: { startedAtUTC: 1596656058198, completedAtUTC: 1596656113306 },
      recordSummary: { inputRecordCount: 100, outputRecordCount: 99, failedRecordCount: 1 },
      statusSummary: { status: 'success', errors: [{ code: 'CONNECTOR-2001-500', message: 'Error occurred at promotion activity.' }] },
    },
    activities: [{ id: 'promotionActivity', statusSummary: { status: 'success', errors: [{ code: 'CONNECTOR-2001-500', message: 'Error occurred at promotion activity.' }], extensions: { errors: [{ code: 'INGEST-1212-400', message: 'Encountered 1 errors in the data.' }, { code: 'MAPPER-3700-400', recordCount: 1, message: 'Mapper Transform Error' }] } } }],
  };
  const cases: Array<{ name: string; given: Record<string, unknown>; want: Partial<ReturnType<typeof summarizeRun>> }> = [
    { name: 'documented run', given: documented, want: { status: 'success', finished: true, ok: true, read: 100, written: 99, failed: 1, durationMs: 55108, errors: [{ code: 'CONNECTOR-2001-500', message: 'Error occurred at promotion activity.' }, { code: 'INGEST-1212-400', message: 'Encountered 1 errors in the data.' }, { code: 'MAPPER-3700-400', message: 'Mapper Transform Error' }] } },
    { name: 'in progress', given: { id: 'r', metrics: { durationSummary: { startedAtUTC: 5 }, recordSummary: {}, statusSummary: { status: 'inProgress' } } }, want: { finished: false, ok: false, durationMs: undefined, read: undefined } },
    { name: 'failed', given: { id: 'r', metrics: { statusSummary: { status: 'failed', errors: [{ code: 'X-1-400', message: 'bad' }] } } }, want: { finished: true, ok: false, errors: [{ code: 'X-1-400', message: 'bad' }] } },
    { name: 'no metrics', given: { id: 'r' }, want: { status: 'unknown', finished: false, errors: [] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = summarizeRun(c.given);
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }
});

describe('platform client: next links and messages', () => {
  const list = 'https://platform.adobe.io/data/foundation/flowservice/runs?property=flowId==x&limit=2';
  const cases: Array<[string, string]> = [
    ['/runs?continuationToken=abc', 'https://platform.adobe.io/data/foundation/flowservice/runs?continuationToken=abc'],
    ['runs?continuationToken=abc', 'https://platform.adobe.io/data/foundation/flowservice/runs?continuationToken=abc'],
    ['/data/foundation/flowservice/runs?start=2', 'https://platform.adobe.io/data/foundation/flowservice/runs?start=2'],
    ['https://other.example/x?y=1', 'https://other.example/x?y=1'],
  ];
  for (const [href, want] of cases) it(`resolves ${href}`, () => assert.equal(resolveNext(list, href), want));

  it('names the error code and the server message', () => {
    assert.equal(serverMessage({ type: 'https://ns.adobe.com/aep/errors/FLOW-1439-404', report: { 'detailed-message': 'not found' } }, ''), 'FLOW-1439-404 not found');
    assert.equal(serverMessage({ title: 'Bad Request', detail: 'Dataset in use' }, ''), 'Dataset in use');
    assert.equal(serverMessage(undefined, '<html>gateway</html>'), '<html>gateway</html>');
  });

  it('sends the documented headers, retries 429 with Retry-After, follows pages and stops at maxPages', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const waits: number[] = [];
    let throttled = false;
    const fake = (async (url: string, init: RequestInit) => {
      seen.push({ url, headers: init.headers as Record<string, string> });
      if (!throttled) { throttled = true; return new Response('{}', { status: 429, headers: { 'retry-after': '2' } }); }
      const n = Number(new URL(url).searchParams.get('page') ?? 0);
      return new Response(JSON.stringify({ items: [{ id: `i${n}` }], _links: { next: { href: `/flows?page=${n + 1}` } } }), { status: 200 });
    }) as unknown as typeof fetch;
    const c = createPlatformClient({ platformUrl: 'https://p.example', accessToken: 'tok', apiKey: 'key', orgId: 'org@AdobeOrg', sandbox: 'dev', fetch: fake, sleep: async (ms) => { waits.push(ms); } });
    const items = await c.list('list flows', c.url('/data/foundation/flowservice/flows'), { maxPages: 3 });
    assert.deepEqual(items.map((i) => i.id), ['i0', 'i1', 'i2']);
    assert.deepEqual(waits, [2000]);
    assert.equal(seen[1].url, 'https://p.example/data/foundation/flowservice/flows');
    assert.equal(seen[2].url, 'https://p.example/data/foundation/flowservice/flows?page=1');
    assert.deepEqual(seen[1].headers, { authorization: 'Bearer tok', 'x-api-key': 'key', 'x-gw-ims-org-id': 'org@AdobeOrg', 'x-sandbox-name': 'dev', accept: 'application/json' });
  });
});

describe('status: jwtToken expiry and schedule', () => {
  const day = 86_400_000;
  const cases: Array<{ name: string; updatedAt: number; ttl: string; want: { daysLeft: number; warn: boolean; expired: boolean } | undefined }> = [
    { name: '4 months left', updatedAt: 0, ttl: '10518984', want: { daysLeft: 121, warn: false, expired: false } },
    { name: '29 days left warns', updatedAt: 0, ttl: String(29 * 86400 + 60), want: { daysLeft: 29, warn: true, expired: false } },
    { name: 'expired', updatedAt: 0, ttl: '5', want: { daysLeft: -1, warn: true, expired: true } },
    { name: 'no ttl', updatedAt: 0, ttl: '', want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = jwtExpiry({ updatedAt: c.updatedAt + 1000 }, c.ttl, 1000 + 10_000);
      assert.deepEqual(got && { daysLeft: got.daysLeft, warn: got.warn, expired: got.expired }, c.want);
    });
  }
  it('uses days, not milliseconds', () => assert.equal(jwtExpiry({ updatedAt: 1 }, '864000', 1)!.expiresAt, 1 + 10 * day));
  it('describes schedules', () => {
    assert.equal(describeSchedule({ frequency: 'hour', interval: 1 }), 'every 1 hour');
    assert.equal(describeSchedule({ frequency: 'minute', interval: 15 }), 'every 15 minutes');
    assert.equal(describeSchedule({ frequency: 'once' }), 'once');
  });
});

describe('status: the table fits 80 columns', () => {
  const long = 'MAPPER-3700-400 ' + 'a very long mapper error message that goes on and on '.repeat(4) + 'x'.repeat(120);
  const report: StatusReport = {
    sandbox: 'a-long-development-sandbox-name', checkedAt: new Date(10_000_000).toISOString(),
    connection: { name: 'postforge-salesforce', found: true, id: 'c', state: 'enabled', auth: 'OAuth2 JWT Token Credential', jwt: { expiresAt: 0, daysLeft: 3, warn: true, expired: false, basis: '' } },
    objects: [
      { object: 'AccountContactRelation', key: 'account_contact_relation', name: 'postforge-salesforce-account_contact_relation', verdict: 'failed', reason: long, flow: { id: 'f', state: 'enabled', schedule: 'every 15 minutes' }, runs: [{ id: 'r', status: 'failed', finished: true, ok: false, startedAt: 1, completedAt: 9_000_000, durationMs: 8_999_999, read: 12345678, written: 0, failed: 12345678, errors: [] }], dataset: { id: 'd', profile: true, identity: false } },
      { object: 'Lead', key: 'lead', name: 'postforge-salesforce-lead', verdict: 'missing', reason: 'no dataflow', runs: [] },
    ],
    warnings: ['jwtToken of postforge-salesforce expires in 3 day(s) (1970-01-01): rerun postforge run, which rotates the jwtToken within SALESFORCE_JWT_ROTATE_DAYS, before dataflows stop'], exitCode: 1,
  };
  it('wraps reasons and never exceeds 80 characters', () => {
    const lines = renderStatus(report);
    for (const l of lines) assert.ok(l.length <= 80, `${l.length}: ${l}`);
    assert.ok(lines.some((l) => /^AccountContactRelation enabled +FAILED/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^Lead +- +MISSING/.test(l)));
    assert.match(lines.join('\n'), /P -/);
  });
  it('JUnit: one failing test case per bad object', () => {
    const x = statusJunit(report);
    assert.equal((x.match(/<testcase /g) ?? []).length, 2);
    assert.equal((x.match(/<failure /g) ?? []).length, 2);
    assert.match(x, /tests="2" failures="2"/);
  });
});

describe('run --wait: argument and polling', () => {
  const cases: Array<[string[], string[]]> = [
    [['--wait'], ['--wait=900']],
    [['--wait', '60', '--bail'], ['--wait=60', '--bail']],
    [['--wait=30'], ['--wait=30']],
    [['--wait', '--bail'], ['--wait=900', '--bail']],
    [['--bail'], ['--bail']],
  ];
  for (const [given, want] of cases) it(`${given.join(' ')} → ${want.join(' ')}`, () => assert.deepEqual(normaliseWait(given), want));

  function fakeClient(finishAfterPolls: Record<string, number>) {
    const polls: Record<string, number> = {};
    return {
      polls,
      url: (p: string) => `https://p.example${p}`,
      request: async () => ({ status: 200, json: {}, text: '' }),
      get: async () => ({}),
      list: async (_step: string, url: string) => {
        const id = /flowId==([^&]+)/.exec(url)![1];
        polls[id] = (polls[id] ?? 0) + 1;
        const done = polls[id] >= finishAfterPolls[id];
        return [{ id: 'run', metrics: { statusSummary: { status: done ? 'success' : 'inProgress' } } }];
      },
    };
  }
  it('polls with growing pauses until every flow has a finished run', async () => {
    let t = 0;
    const pauses: number[] = [];
    const client = fakeClient({ a: 1, b: 4 });
    const r = await waitForFirstRuns(client, [{ object: 'A', flowId: 'a' }, { object: 'B', flowId: 'b' }], { timeoutMs: 60000, now: () => t, sleep: async (ms) => { pauses.push(ms); t += ms; }, intervalMs: 1000, maxIntervalMs: 2000 });
    assert.equal(r.timedOut, false);
    assert.deepEqual(pauses, [1000, 1500, 2000]);
    assert.deepEqual(client.polls, { a: 1, b: 4 }, 'a finished flow is not polled again');
  });
  it('stops at the deadline and names what is still pending', async () => {
    let t = 0;
    const r = await waitForFirstRuns(fakeClient({ a: 1000 }), [{ object: 'A', flowId: 'a' }], { timeoutMs: 5000, now: () => t, sleep: async (ms) => { t += ms; }, intervalMs: 1000 });
    assert.equal(r.timedOut, true);
    assert.deepEqual(r.pending, ['A']);
    assert.ok(t <= 5000);
  });
});

describe('destroy/status: the names the specs give', () => {
  it('specs/salesforce-source.yaml names its resources exactly as status and destroy look for them', () => {
    const spec = fs.readFileSync(path.join(ROOT, 'specs', 'salesforce-source.yaml'), 'utf8');
    assert.ok(spec.includes(`"name": "${BASE_CONNECTION_NAME}",\n`));
    assert.ok(spec.includes(`property: name==${BASE_CONNECTION_NAME} }`));
    const perObject = spec.match(/postforge-salesforce-\$\{\{ item\.key \}\}/g) ?? [];
    assert.ok(perObject.length >= 8, 'source, dataset, target and flow names and lookups');
    assert.equal(objectResourceName('${{ item.key }}'), 'postforge-salesforce-${{ item.key }}');
    const r = specResources(ROOT);
    assert.equal(r.objects.length, 8);
    assert.equal(r.schemas.length, 12);
    assert.deepEqual(selectedObjects(r.objects, 'Lead, Contact').map((o) => o.key), ['contact', 'lead']);
    assert.equal(selectedObjects(r.objects, '').length, 8);
  });
  it('prod is prod in any case', () => {
    for (const s of ['prod', 'PROD', ' Prod ', '', undefined]) assert.equal(isProdSandbox(s), true, String(s));
    for (const s of ['dev', 'prod-copy', 'production']) assert.equal(isProdSandbox(s), false, s);
  });
});
