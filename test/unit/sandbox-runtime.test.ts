// The sandbox runtime (generator/sandbox/runtime.js) in a node:vm context with a fake `pm`: conditions, ensure,
// retries, failure messages, captures, lookup index with paging, "already exists" answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { evalCondition } from '../../generator/compile/conditions';
import type { Condition } from '../../generator/spec/types';
import { fakeSandbox, type Sandbox } from './helpers/fake-pm';
import { REPO_ROOT } from './helpers/temp-project';

const RETRY = { max: 3, on: [429], serverErrors: true, baseDelayMs: 1000, maxDelayMs: 5000 };
const failing = (sb: Sandbox) => sb.tests.filter((t) => t.error);

describe('sandbox runtime: holds()', () => {
  const now = Date.now();
  const cases: Array<{ cond: Condition; vars: Record<string, string>; want: boolean }> = [
    { cond: { A: 'jwt' }, vars: { A: 'jwt' }, want: true },
    { cond: { A: 'jwt' }, vars: {}, want: false },
    { cond: { A: { not: 'jwt' } }, vars: {}, want: true },
    { cond: { A: { in: ['jwt', 'basic'] } }, vars: { A: 'basic' }, want: true },
    { cond: { A: { notIn: ['jwt'] } }, vars: { A: 'jwt' }, want: false },
    { cond: { A: { empty: true } }, vars: { A: '' }, want: true },
    { cond: { A: { empty: false } }, vars: {}, want: false },
    { cond: { L: { listContains: 'Lead' } }, vars: { L: 'contact, lead' }, want: true },
    { cond: { T: { expiresWithin: 300 } }, vars: { T: String(now + 60_000) }, want: true },
    { cond: { T: { expiresWithin: 300 } }, vars: { T: String(now + 3_600_000) }, want: false },
    { cond: { A: 'x', T: { expiresWithin: 300 } }, vars: { A: 'x' }, want: true },
    { cond: { N: 1 }, vars: { N: '1' }, want: true },
    { cond: { N: null }, vars: {}, want: true },
  ];
  for (const { cond, vars, want } of cases) {
    it(`${JSON.stringify(cond)} with ${JSON.stringify(vars)} → ${want} (same as the compile-time evaluator)`, () => {
      const sb = fakeSandbox({ env: vars });
      assert.equal(sb.postforge.holds(sb.pm, cond), want);
      assert.equal(evalCondition(cond, (k) => vars[k]), want);
    });
  }

  it('before(): a false `when` skips the request and does nothing else', () => {
    const sb = fakeSandbox({ env: { ADOBE_AUTH: 'oauth' } });
    sb.coll.set('postforge.index.list', '{}');
    sb.postforge.before(sb.pm, { when: { ADOBE_AUTH: 'jwt' }, index: 'list' });
    assert.equal(sb.skipped, true);
    assert.equal(sb.coll.get('postforge.index.list'), '{}', 'the index is not reset by a skipped step');
    const run = fakeSandbox({ env: { ADOBE_AUTH: 'jwt' } });
    run.postforge.before(run.pm, { when: { ADOBE_AUTH: 'jwt' } });
    assert.equal(run.skipped, false);
  });
});

describe('sandbox runtime: fill()', () => {
  it('fills plain {{NAME}}s itself; dynamic and nested variables go to pm.variables.replaceIn', () => {
    const sb = fakeSandbox({ env: { A: 'a', B: 'b/{{A}}', E: '' } });
    const vars = sb.pm.variables as { replaceIn: (s: string) => string };
    const sdk = vars.replaceIn;
    const asked: string[] = [];
    vars.replaceIn = (t: string) => { asked.push(t); return sdk(t); };
    const fill = (t: string) => sb.postforge.fill(sb.pm, t);
    assert.equal(fill('{{A}}/x/{{A}}'), 'a/x/a');
    assert.equal(fill('no braces'), 'no braces');
    assert.equal(fill('[{{E}}]'), '[]', 'an empty value is a value');
    assert.deepEqual(asked, [], 'none of these needed the SDK');
    assert.equal(fill('{{$guid}}'), '00000000-0000-4000-8000-000000000000');
    assert.equal(fill('{{B}}'), sdk('{{B}}'), 'a value holding {{…}}: resolved by the SDK');
    assert.equal(fill('{{NOPE}}/{{A}}'), '{{NOPE}}/a', 'an unknown name stays, as the SDK leaves it');
    assert.deepEqual(asked, ['{{$guid}}', '{{B}}', '{{NOPE}}/{{A}}']);
  });
});

describe('sandbox runtime: ensure()', () => {
  const index = { b2b_account: { id: 'ns-1', code: 'b2b_account', name: 'B2B Account' }, sch: { $id: 'https://ns.adobe.com/t/schemas/1', 'meta:altId': '_t.schemas.1', allOf: [{ $ref: 'fg-a' }, { $ref: 'fg-b' }] } };
  const withIndex = (vars: Record<string, string> = {}) => {
    const sb = fakeSandbox({ env: vars });
    sb.coll.set('postforge.index.list', JSON.stringify(index));
    return sb;
  };

  it('hit: captures from the existing entry and skips the request', () => {
    const sb = withIndex({ CODE: 'b2b_account' });
    sb.postforge.before(sb.pm, { ensure: { in: 'list', key: '{{CODE}}', capture: { NAMESPACE_ID_b2b_account: 'id' } } });
    assert.equal(sb.skipped, true);
    assert.equal(sb.env.get('NAMESPACE_ID_b2b_account'), 'ns-1');
  });

  it('miss: sends the request and captures nothing', () => {
    const sb = withIndex();
    sb.postforge.before(sb.pm, { ensure: { in: 'list', key: 'b2b_person', capture: { X: 'id' } } });
    assert.equal(sb.skipped, false);
    assert.equal(sb.env.has('X'), false);
  });

  it('keeps fields stored under their path ("meta:altId") and walks paths otherwise', () => {
    const sb = withIndex();
    sb.postforge.ensure(sb.pm, { in: 'list', key: 'sch', capture: { ALT: 'meta:altId', FIRST: 'allOf[0].$ref' } });
    assert.equal(sb.env.get('ALT'), '_t.schemas.1');
    assert.equal(sb.env.get('FIRST'), 'fg-a');
  });

  it('missing (list): everything present → skip; else the missing values go into the variable', () => {
    const all = withIndex();
    assert.equal(all.postforge.ensure(all.pm, { in: 'list', key: 'sch', missing: { path: 'allOf[*].$ref', values: ['fg-a', 'fg-b'], into: 'TODO' } }), true);
    assert.equal(all.local.has('TODO'), false);
    const some = withIndex();
    some.postforge.before(some.pm, { ensure: { in: 'list', key: 'sch', missing: { path: 'allOf[*].$ref', values: ['fg-a', 'fg-c', 'fg-d'], into: 'TODO' } } });
    assert.equal(some.skipped, false);
    assert.deepEqual(JSON.parse(some.local.get('TODO')!), ['fg-c', 'fg-d']);
  });

  it('missing (jsonPatchAdd): one JSON Patch add per missing value, wrapped in valueKey; an absent entry misses all', () => {
    const sb = withIndex();
    const missing = { path: 'allOf[*].$ref', values: ['fg-a', 'fg-c'], into: 'PATCH', as: 'jsonPatchAdd', patchPath: '/allOf/-', valueKey: '$ref' };
    // Not skipped: the answer is the change (what is added), which plan and the summary show.
    assert.deepEqual(JSON.parse(JSON.stringify(sb.postforge.ensure(sb.pm, { in: 'list', key: 'sch', missing }))), { action: 'update', fields: [{ field: 'allOf[*].$ref', before: [], after: ['fg-c'] }] });
    assert.deepEqual(JSON.parse(sb.local.get('PATCH')!), [{ op: 'add', path: '/allOf/-', value: { $ref: 'fg-c' } }]);
    assert.equal((sb.postforge.ensure(sb.pm, { in: 'list', key: 'nope', missing: { ...missing, valueKey: undefined, patchPath: undefined } }) as { action: string }).action, 'update');
    assert.deepEqual(JSON.parse(sb.local.get('PATCH')!), [{ op: 'add', path: '/-', value: 'fg-a' }, { op: 'add', path: '/-', value: 'fg-c' }]);
  });

  it('without the lookup having run: a clear error', () => {
    const sb = fakeSandbox();
    assert.throws(() => sb.postforge.ensure(sb.pm, { in: 'list', key: 'x' }), /the lookup step "list" has not run in this collection run/);
  });
});

describe('sandbox runtime: after()', () => {
  it('429 with Retry-After: retries itself after that many seconds, counts the attempt, records no test', () => {
    const sb = fakeSandbox({ requestName: 'List schemas', requestId: 'item-7' });
    sb.respond({ code: 429, body: { message: 'Too many requests' }, headers: { 'Retry-After': '2' } });
    const wait = sb.postforge.after(sb.pm, { step: 'list', status: [200], retry: RETRY });
    assert.equal(sb.next, 'item-7');
    assert.equal(sb.coll.get('postforge.attempt.list'), '2');
    // The wait is returned: the calling script's own setTimeout must hold it (runtime timers are gone by then).
    assert.equal(wait, 2000);
    assert.deepEqual(sb.timers, []);
    assert.deepEqual(sb.tests, []);
    assert.match(sb.logs[0], /^postforge: retry 2\/3 of "List schemas" after HTTP 429 in 2000 ms$/);
  });

  it('5xx without Retry-After: exponential backoff capped by maxDelayMs; gives up after max attempts', () => {
    const sb = fakeSandbox({ requestId: 'r' });
    const waits: number[] = [];
    for (let i = 0; i < 2; i++) {
      sb.respond({ code: 503, body: { title: 'Service Unavailable' } });
      waits.push(<number>sb.postforge.after(sb.pm, { step: 's', status: [200], retry: { ...RETRY, baseDelayMs: 3000 } }));
      assert.equal(sb.next, 'r');
    }
    assert.deepEqual(waits, [3000, 5000]);
    sb.respond({ code: 503, body: { title: 'Service Unavailable' } });
    sb.postforge.after(sb.pm, { step: 's', status: [200], retry: { ...RETRY, baseDelayMs: 3000 } });
    assert.equal(sb.coll.has('postforge.attempt.s'), false, 'the counter is reset');
    assert.equal(sb.next, null, 'the run stops');
    assert.deepEqual(failing(sb).map((t) => t.name), ['status is 200']);
    assert.match(failing(sb)[0].error!, /^HTTP 503: Service Unavailable: expected false to equal true$/);
  });

  it('a status not in retry.on fails at once; success resets the attempt counter', () => {
    const sb = fakeSandbox();
    sb.coll.set('postforge.attempt.s', '2');
    sb.respond({ code: 200, body: {} });
    sb.postforge.after(sb.pm, { step: 's', status: [200], retry: RETRY });
    assert.equal(sb.coll.has('postforge.attempt.s'), false);
    assert.deepEqual(sb.tests, [{ name: 'status is 200' }]);
    assert.equal(sb.next, undefined);
    sb.respond({ code: 404, body: { detail: 'not here' } });
    assert.equal(sb.postforge.after(sb.pm, { step: 's', status: [200], retry: RETRY }), 0);
    assert.equal(failing(sb).length, 1);
  });

  it('failure message: the server\'s own words and the matching hint; continueOnFailure keeps the run going', () => {
    const sb = fakeSandbox();
    const cfg = { step: 's', status: [200, 201], hints: [['client_secret', 'check CLIENT_SECRET'], ['scope', 'check SCOPES']] };
    sb.respond({ code: 401, body: { error: 'invalid_client', error_description: 'invalid client_secret parameter' } });
    sb.postforge.after(sb.pm, cfg);
    assert.deepEqual(failing(sb), [{ name: 'status is 200 or 201', error: 'HTTP 401: invalid client_secret parameter — fix: check CLIENT_SECRET: expected false to equal true' }]);
    assert.equal(sb.next, null);
    sb.respond({ code: 400, body: { report: { 'detailed-message': 'field group not found' } } });
    sb.postforge.after(sb.pm, { ...cfg, continueOnFailure: true });
    assert.match(failing(sb)[0].error!, /^HTTP 400: field group not found: /);
    assert.equal(sb.next, undefined);
    sb.respond({ code: 502, text: '<html>Bad gateway</html>' });
    sb.postforge.after(sb.pm, cfg);
    assert.match(failing(sb)[0].error!, /^HTTP 502: <html>Bad gateway<\/html>: /);
  });

  // message() prefers error_description over the error code; hints on the code (invalid_client) must still show.
  it('a hint matching the OAuth `error` code (not the description) is shown', () => {
    const sb = fakeSandbox();
    sb.respond({ code: 400, body: { error: 'invalid_client', error_description: 'invalid client_id parameter' } });
    sb.postforge.after(sb.pm, { step: 's', status: [200], hints: [['invalid_client', 'check API_KEY']] });
    assert.match(failing(sb)[0].error!, /— fix: check API_KEY/);
  });

  it('captures: json paths, headers, as epochMsFromSeconds/epochMsFromMillis/json, collection scope, optional', () => {
    const sb = fakeSandbox();
    sb.respond({ code: 200, body: { access_token: 'tok', expires_in: 86399, ms: 5000, obj: { a: [1] }, n: 7 }, headers: { Location: '/x/1' } });
    const t0 = Date.now();
    sb.postforge.after(sb.pm, {
      step: 's', status: [200],
      capture: [
        { name: 'ACCESS_TOKEN', json: 'access_token' },
        { name: 'EXPIRES_AT', json: 'expires_in', as: 'epochMsFromSeconds' },
        { name: 'MS_AT', json: 'ms', as: 'epochMsFromMillis' },
        { name: 'OBJ', json: 'obj', as: 'json' },
        { name: 'N', json: 'n' },
        { name: 'LOC', header: 'location', scope: 'collection' },
        { name: 'OPT', json: 'absent', optional: true },
      ],
    });
    const t1 = Date.now();
    assert.deepEqual(failing(sb), []);
    assert.equal(sb.env.get('ACCESS_TOKEN'), 'tok');
    const at = Number(sb.env.get('EXPIRES_AT'));
    assert.ok(at >= t0 + 86_399_000 && at <= t1 + 86_399_000, String(at));
    const ms = Number(sb.env.get('MS_AT'));
    assert.ok(ms >= t0 + 5000 && ms <= t1 + 5000);
    assert.equal(sb.env.get('OBJ'), '{"a":[1]}');
    assert.equal(sb.env.get('N'), '7');
    assert.equal(sb.coll.get('LOC'), '/x/1');
    assert.equal(sb.env.has('LOC'), false);
    assert.equal(sb.env.has('OPT'), false);
    assert.deepEqual(sb.tests.map((t) => t.name), ['status is 200', 'captures ACCESS_TOKEN from json access_token', 'captures EXPIRES_AT from json expires_in', 'captures MS_AT from json ms', 'captures OBJ from json obj', 'captures N from json n', 'captures LOC from header location']);
  });

  it('a missing required capture fails and stops the run', () => {
    const sb = fakeSandbox();
    sb.respond({ code: 200, body: { other: 1 } });
    sb.postforge.after(sb.pm, { step: 's', status: [200], capture: [{ name: 'ID', json: 'id' }] });
    assert.deepEqual(failing(sb), [{ name: 'captures ID from json id', error: 'json id is missing in the answer: expected false to equal true' }]);
    assert.equal(sb.next, null);
  });

  it('expectations: exists, equals, contains, matches, type, minLength', () => {
    const sb = fakeSandbox();
    sb.respond({ code: 200, body: { token_type: 'bearer', list: [1, 2], n: 3, s: 'hello' }, headers: { 'Content-Type': 'application/json' } });
    sb.postforge.after(sb.pm, {
      step: 's', status: [200],
      expect: [
        ['a', 'json', 'token_type', 'matches', '^[Bb]earer$'], ['b', 'json', 'n', 'equals', 3], ['c', 'json', 's', 'contains', 'ell'],
        ['d', 'json', 'list', 'type', 'array'], ['e', 'json', 'list', 'minLength', 2], ['f', 'json', 'gone', 'exists', false],
        ['g', 'header', 'content-type', 'contains', 'json'], ['h', 'json', 'n', 'equals', 4], ['i', 'json', 'list', 'minLength', 3],
      ],
    });
    assert.deepEqual(failing(sb).map((t) => t.name), ['h', 'i']);
    assert.match(failing(sb)[0].error!, /^HTTP 200: .*expected 3 to deeply equal 4$/);
  });

  it('alreadyExists: a matching status and message passes, skipping checks and captures', () => {
    const sb = fakeSandbox();
    const cfg = { step: 's', status: [201], alreadyExists: { status: [409], match: 'ALREADY exists' }, capture: [{ name: 'ID', json: 'id' }] };
    sb.respond({ code: 409, body: { message: 'Namespace already exists' } });
    sb.postforge.after(sb.pm, cfg);
    assert.deepEqual(sb.tests, [{ name: 'already exists (HTTP 409)' }]);
    assert.equal(sb.env.has('ID'), false);
    assert.equal(sb.next, undefined);
    sb.respond({ code: 409, body: { message: 'Conflict: locked' } });
    sb.postforge.after(sb.pm, cfg);
    assert.deepEqual(failing(sb).map((t) => t.name), ['status is 201']);
  });
});

describe('sandbox runtime: lookup index with paging', () => {
  const ix = { name: 'list-schemas', step: 'list-schemas', items: 'results', key: ['title'], keep: ['$id', 'meta:altId'], paginate: { next: [['_links.next', 'url'], ['_page.next', 'start']], maxPages: 3 } };
  const page = (titles: string[], next?: string) => ({ code: 200, body: { results: titles.map((t, i) => ({ title: t, $id: `id-${t}`, 'meta:altId': `alt.${i}`, extra: 'dropped' })), _links: next ? { next: { href: next } } : {} } });

  it('queues the next page on itself, then resumes from that URL and finishes the index', () => {
    const sb = fakeSandbox({ requestId: 'list-req', url: 'http://127.0.0.1:4010/data/foundation/schemaregistry/tenant/schemas' });
    const before = { page: { step: 'list-schemas', index: 'list-schemas' } };
    sb.coll.set('postforge.index.list-schemas', '{"stale":{}}');
    sb.postforge.before(sb.pm, before);
    assert.equal(sb.coll.has('postforge.index.list-schemas'), false, 'the first page starts a fresh index');
    sb.respond(page(['A', 'B'], 'https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas?start=B'));
    sb.postforge.after(sb.pm, { step: 'list-schemas', status: [200], index: ix });
    assert.equal(sb.next, 'list-req');
    assert.deepEqual(JSON.parse(sb.coll.get('postforge.page.list-schemas')!), { url: 'https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas?start=B' });
    assert.deepEqual(failing(sb), []);

    sb.postforge.before(sb.pm, before);
    assert.equal(sb.url.toString(), 'http://127.0.0.1:4010/data/foundation/schemaregistry/tenant/schemas?start=B', 'the link\'s path and query on the configured origin');
    sb.respond(page(['C']));
    sb.postforge.after(sb.pm, { step: 'list-schemas', status: [200], index: ix });
    assert.equal(sb.next, undefined);
    assert.equal(sb.coll.has('postforge.page.list-schemas'), false);
    assert.equal(sb.coll.has('postforge.page.list-schemas.count'), false);
    assert.deepEqual(JSON.parse(sb.coll.get('postforge.index.list-schemas')!), {
      A: { $id: 'id-A', 'meta:altId': 'alt.0' }, B: { $id: 'id-B', 'meta:altId': 'alt.1' }, C: { $id: 'id-C', 'meta:altId': 'alt.0' },
    });
    assert.deepEqual(sb.tests.map((t) => [t.name, t.error]), [['status is 200', undefined], ['lookup answer has a list', undefined], ['all pages read (at most 3)', undefined]]);
  });

  it('nextParam paging sets the query parameter', () => {
    const sb = fakeSandbox({ url: 'http://127.0.0.1:4010/x?limit=2' });
    sb.coll.set('postforge.page.s', JSON.stringify({ param: 'start', value: 'tok-2' }));
    sb.postforge.before(sb.pm, { page: { step: 's', index: 's' } });
    assert.equal(sb.url.toString(), 'http://127.0.0.1:4010/x?limit=2&start=tok-2');
  });

  // Every documented form of "next": Schema Registry's _links.next string (absolute) and _page.next start
  // value, merge policies' "@/mergePolicies?start=…" href, origin-relative paths; "" and null end paging.
  const answers: Array<[string, unknown, unknown]> = [
    ['_links.next as an absolute string', { _links: { next: 'https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas?orderby=title&start=B&limit=2' } }, { url: 'https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas?orderby=title&start=B&limit=2' }],
    ['_links.next.href object', { _links: { next: { href: '@/mergePolicies?start=K1JJ&orderBy=&limit=2' } } }, { url: '@/mergePolicies?start=K1JJ&orderBy=&limit=2' }],
    ['only _page.next (a start value)', { _links: { next: null }, _page: { next: 'B' } }, { param: 'start', value: 'B' }],
    ['the link wins over _page.next', { _links: { next: '/x?start=C' }, _page: { next: 'C' } }, { url: '/x?start=C' }],
    ['an empty href ends paging', { _links: { next: { href: '' } }, _page: {} }, undefined],
    ['null link and null _page.next end paging', { _links: { next: null }, _page: { next: null } }, undefined],
  ];
  for (const [name, body, want] of answers) {
    it(`collect: ${name}`, () => {
      const sb = fakeSandbox({ requestId: 'r' });
      sb.respond({ code: 200, body: { results: [{ title: 'A' }], ...(body as object) } });
      sb.postforge.after(sb.pm, { step: 'list-schemas', status: [200], index: ix });
      const queued = sb.coll.get('postforge.page.list-schemas');
      assert.deepEqual(queued === undefined ? undefined : JSON.parse(queued), want);
      assert.equal(sb.next, want === undefined ? undefined : 'r');
    });
  }

  const links: Array<[string, string, string]> = [
    ['http://127.0.0.1:4010/data/foundation/schemaregistry/tenant/schemas?start=B2B&orderby=title', 'https://platform.adobe.io/data/foundation/schemaregistry/tenant/schemas?orderby=title&start=Opp&limit=20', 'http://127.0.0.1:4010/data/foundation/schemaregistry/tenant/schemas?orderby=title&start=Opp&limit=20'],
    ['https://platform.adobe.io/data/core/ups/config/mergePolicies?default=true&limit=100', '@/mergePolicies?start=K1JJRDpF%3D%3D&orderBy=&limit=2', 'https://platform.adobe.io/data/core/ups/config/mergePolicies?start=K1JJRDpF%3D%3D&orderBy=&limit=2&default=true'],
    ['https://platform.adobe.io/data/foundation/flowservice/flows?property=name==x', '/data/foundation/flowservice/flows?start=abc', 'https://platform.adobe.io/data/foundation/flowservice/flows?start=abc&property=name==x'],
    ['http://localhost:9/a/b/list', 'list?page=2', 'http://localhost:9/a/b/list?page=2'],
    ['http://localhost:9/a/b/list?x=1', 'https://evil.example.com/steal?x=2', 'http://localhost:9/steal?x=2'],
  ];
  for (const [current, link, want] of links) {
    it(`nextUrl: ${link} from ${current}`, () => {
      assert.equal(fakeSandbox().postforge.nextUrl(current, link), want);
    });
  }

  it('stops at maxPages with a failing check', () => {
    const sb = fakeSandbox({ requestId: 'r' });
    for (let i = 1; i <= 3; i++) {
      sb.respond(page([`T${i}`], `/next?p=${i + 1}`));
      sb.postforge.after(sb.pm, { step: 'list-schemas', status: [200], index: ix });
      if (i < 3) assert.equal(sb.next, 'r', `page ${i} queues the next`);
    }
    assert.deepEqual(failing(sb).map((t) => [t.name, t.error]), [['all pages read (at most 3)', 'more than 3 pages; raise paginate.maxPages: expected true to equal false']]);
    assert.equal(sb.next, null, 'the run stops');
    assert.equal(Object.keys(JSON.parse(sb.coll.get('postforge.index.list-schemas')!)).length, 3);
  });

  it('composite keys, whole entries without keep, and objects of lists (grouped answers)', () => {
    const sb = fakeSandbox();
    sb.respond({ code: 200, body: { 'xdm:descriptorIdentity': [{ '@type': 'xdm:descriptorIdentity', 'xdm:sourceSchema': 's1', 'xdm:sourceProperty': '/p' }], 'xdm:descriptorOneToOne': [{ '@type': 'xdm:descriptorOneToOne', 'xdm:sourceSchema': 's2', 'xdm:sourceProperty': '/q' }] } });
    sb.postforge.after(sb.pm, { step: 'd', status: [200], index: { name: 'd', step: 'd', items: '', key: ['@type', 'xdm:sourceSchema', 'xdm:sourceProperty'] } });
    assert.deepEqual(Object.keys(JSON.parse(sb.coll.get('postforge.index.d')!)), ['xdm:descriptorIdentity|s1|/p', 'xdm:descriptorOneToOne|s2|/q']);
  });

  it('an answer without the list fails the lookup check', () => {
    const sb = fakeSandbox();
    sb.respond({ code: 200, body: { nothing: true } });
    sb.postforge.after(sb.pm, { step: 'l', status: [200], index: { name: 'l', step: 'l', items: 'results', key: ['code'] } });
    assert.deepEqual(failing(sb).map((t) => t.name), ['lookup answer has a list']);
  });
});

describe('sandbox runtime: the scripts Newman runs', () => {
  it('the committed adobe-auth collection: runtime + the OAuth step\'s scripts work end to end in the fake sandbox', () => {
    const col = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'collections', 'adobe-auth.postman_collection.json'), 'utf8'));
    const item = col.item.find((i: { name: string }) => /OAuth/.test(i.name));
    const script = (events: Array<{ listen: string; script: { exec: string[] } }>, listen: string) => events.find((e) => e.listen === listen)!.script.exec.join('\n');
    const runtime = col.variable.find((v: { key: string }) => v.key === 'postforge.runtime').value;
    // The first request decides from the run plan (its settings are there, shared with the script before it).
    const plan = col.variable.find((v: { key: string }) => v.key === 'postforge.plan').value;
    // What the runner checks is set before any request (the token request's URL and body use these).
    const declared = { ADOBE_AUTH: 'oauth', API_KEY: 'k', CLIENT_SECRET: 's', IMS_URL: 'https://ims.example', SCOPES: 'openid' };
    const sb = fakeSandbox({ env: declared, requestId: item.id });
    sb.coll.set('postforge.runtime', runtime);
    sb.coll.set('postforge.plan', plan);
    sb.run(script(item.event, 'prerequest'));
    assert.equal(sb.skipped, false, 'no token yet: the request is sent');
    sb.respond({ code: 200, body: { access_token: 'eyJ.fake', token_type: 'bearer', expires_in: 86399 } });
    sb.run(script(item.event, 'test'));
    assert.deepEqual(failing(sb), []);
    assert.equal(sb.env.get('ACCESS_TOKEN'), 'eyJ.fake');
    assert.ok(Number(sb.env.get('ACCESS_TOKEN_EXPIRES_AT')) > Date.now() + 86_000_000);
    const again = fakeSandbox({ env: { ...declared, ACCESS_TOKEN_EXPIRES_AT: String(Date.now() + 3_600_000) }, requestId: item.id });
    again.coll.set('postforge.runtime', runtime);
    again.coll.set('postforge.plan', plan);
    again.run(script(item.event, 'prerequest'));
    assert.equal(again.skipped, true, 'a token valid for an hour is reused');
  });
});

describe('sandbox runtime: writes that may have happened, polling, skipped folders, row filtering', () => {
  const create = { step: 'source', status: [200, 201], retry: { max: 4, on: [429], serverErrors: true, network: true, baseDelayMs: 1000, maxDelayMs: 30000 }, relook: 'lookup-req' };

  it('a 504 on a create repeats the lookup first, and the finished lookup comes back to the create', () => {
    const sb = fakeSandbox({ requestId: 'create-req', requestName: 'Source connection for Lead' });
    sb.respond({ code: 504, body: { title: 'Gateway Timeout' } });
    const wait = sb.postforge.after(sb.pm, create);
    assert.equal(sb.next, 'lookup-req', 'the lookup, not the POST, goes next');
    assert.deepEqual(JSON.parse(sb.coll.get('postforge.return')!), { from: 'lookup-req', to: 'create-req' });
    assert.equal(wait, 1000, 'after the backoff');
    assert.match(sb.logs[0], /retry 2\/4 of "Source connection for Lead" after HTTP 504 in 1000 ms, after looking it up again/);
    const info = sb.pm.info as { requestId: string };
    const lookup = { step: 'lookup-source', status: [200], index: { name: 'lookup-source', step: 'lookup-source', items: 'items', key: ['name'], keep: ['id'] } };
    // Another lookup finishing meanwhile does not take the pending return.
    info.requestId = 'other-req';
    sb.respond({ code: 200, body: { items: [] } });
    sb.postforge.after(sb.pm, { ...lookup, step: 'other', index: { ...lookup.index, name: 'other', step: 'other' } });
    assert.equal(sb.next, undefined);
    // The lookup's own after(): its index is rebuilt, then it hands over to the create.
    info.requestId = 'lookup-req';
    sb.respond({ code: 200, body: { items: [{ name: 'postforge-salesforce-lead', id: 'sc-1' }] } });
    sb.postforge.after(sb.pm, lookup);
    assert.equal(sb.next, 'create-req');
    assert.equal(sb.coll.has('postforge.return'), false);
    // And the create's before() now finds it: skipped, id captured.
    sb.postforge.before(sb.pm, { step: 'source', ensure: { in: 'lookup-source', key: 'postforge-salesforce-lead', capture: { SOURCE_ID: 'id' } } });
    assert.equal(sb.skipped, true);
    assert.equal(sb.env.get('SOURCE_ID'), 'sc-1');
    assert.equal(sb.coll.has('postforge.attempt.source'), false, 'no retry is pending once it is found');
  });

  it('poll with continueOnFailure records the failure but lets the run go on', () => {
    const sb = fakeSandbox({ requestId: 'state-req' });
    sb.respond({ code: 200, body: { items: [{ state: 'failed' }] } });
    sb.postforge.after(sb.pm, { step: 'state', status: [200], continueOnFailure: true, poll: { path: 'items[0].state', until: ['enabled'], fail: ['failed'], max: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    assert.equal(failing(sb).length, 1);
    assert.equal(sb.next, undefined);
  });

  it('429 is retried in place (the request was refused, not done)', () => {
    const sb = fakeSandbox({ requestId: 'create-req' });
    sb.respond({ code: 429, headers: { 'Retry-After': '2' } });
    assert.equal(sb.postforge.after(sb.pm, create), 2000);
    assert.equal(sb.next, 'create-req');
    assert.equal(sb.coll.has('postforge.return'), false);
  });

  it('a 409 on a create looks it up once; a second 409 fails with the server message', () => {
    const sb = fakeSandbox({ requestId: 'create-req' });
    sb.respond({ code: 409, body: { title: 'Conflict', detail: 'A resource with this name exists' } });
    sb.postforge.after(sb.pm, create);
    assert.equal(sb.next, 'lookup-req');
    assert.deepEqual(failing(sb), []);
    sb.respond({ code: 409, body: { title: 'Conflict', detail: 'A resource with this name exists' } });
    sb.postforge.after(sb.pm, create);
    assert.deepEqual(failing(sb).map((t) => t.error), ['HTTP 409: A resource with this name exists: expected false to equal true']);
    assert.equal(sb.next, null);
  });

  const poll = { step: 'state', status: [200], poll: { path: 'items[0].state', until: ['enabled'], fail: ['failed'], max: 3, baseDelayMs: 500, maxDelayMs: 15000 } };
  const state = (s: string) => ({ code: 200, body: { items: [{ id: 'c1', state: s }] } });

  it('poll: asks again with backoff while initializing, passes when enabled', () => {
    const sb = fakeSandbox({ requestId: 'state-req' });
    sb.respond(state('initializing'));
    assert.equal(sb.postforge.after(sb.pm, poll), 500);
    assert.equal(sb.next, 'state-req');
    sb.respond(state('initializing'));
    assert.equal(sb.postforge.after(sb.pm, poll), 1000);
    sb.respond(state('enabled'));
    assert.equal(sb.postforge.after(sb.pm, poll), 0);
    assert.equal(sb.next, undefined);
    assert.deepEqual(failing(sb), []);
    assert.equal(sb.coll.has('postforge.poll.state'), false);
  });

  it('poll: a failed state, or no attempts left, fails and stops the run', () => {
    const sb = fakeSandbox({ requestId: 'state-req' });
    sb.respond(state('failed'));
    sb.postforge.after(sb.pm, poll);
    assert.match(failing(sb)[0].error!, /^items\[0\]\.state is "failed"/);
    assert.equal(sb.next, null);
    for (let i = 0; i < 3; i++) { sb.respond(state('initializing')); sb.postforge.after(sb.pm, poll); }
    assert.match(failing(sb)[0].error!, /is still "initializing" after 3 checks/);
  });

  it('skipRestOn: the matching answer warns, records the object and jumps past the folder; another 400 fails', () => {
    const cfg = { step: 'explore', status: [200], skipRest: { status: [400], match: 'No columns were found for table', warning: 'no such object', next: 'after-folder', record: ['SKIPPED', 'AccountContactRelation'] } };
    const sb = fakeSandbox({ env: { SKIPPED: 'Task' } });
    sb.respond({ code: 400, body: { title: 'Bad Request', report: { 'detailed-message': 'No columns were found for table AccountContactRelation.' } } });
    sb.postforge.after(sb.pm, cfg);
    assert.equal(sb.next, 'after-folder');
    assert.equal(sb.env.get('SKIPPED'), 'Task,AccountContactRelation');
    assert.deepEqual(failing(sb), []);
    assert.match(sb.logs[0], /^warning: Request: no such object \(HTTP 400: No columns were found/);
    sb.respond({ code: 400, body: { title: 'Bad Request', detail: 'The param objectType is missing' } });
    sb.postforge.after(sb.pm, cfg);
    assert.equal(failing(sb).length, 1);
  });

  it('sourceFields: attribute roots and the bare names of expressions (not strings, numbers, keywords or functions)', () => {
    const sb = fakeSandbox({ vars: { sfdc_org_id: '00D5j00000SIMULAT' } });
    const f = (sourceType: string, source: string) => [...(sb.postforge.sourceFields(sb.pm, { sourceType, source }) as string[])];
    assert.deepEqual(f('ATTRIBUTE', 'Name'), ['Name']);
    assert.deepEqual(f('ATTRIBUTE', 'Owner.Name'), ['Owner']);
    assert.deepEqual(f('EXPRESSION', '"Salesforce"'), []);
    assert.deepEqual(f('EXPRESSION', 'iif(AccountId != null && AccountId != "", to_object("sourceType", "Salesforce", "sourceKey", concat(AccountId,"@{{sfdc_org_id}}.Salesforce")), null)'), ['AccountId']);
    assert.deepEqual(f('EXPRESSION', 'explode(Roles, ";")'), ['Roles']);
    assert.deepEqual(f('EXPRESSION', 'iif(Amount > 10.5, true, false)'), ['Amount']);
    assert.deepEqual(f('EXPRESSION', '{{sfdc_org_id}}'), ['00D5j00000SIMULAT'], 'an unquoted org id reads as a field name');
    assert.deepEqual(f('EXPRESSION', '"{{sfdc_org_id}}"'), []);
  });

  it('filterRows: drops rows whose fields the table lacks, names them, and rewrites the body', () => {
    const body = { version: 0, mappings: [
      { sourceType: 'ATTRIBUTE', source: 'Name', destination: 'accountName' },
      { sourceType: 'ATTRIBUTE', source: 'DunsNumber', destination: 'accountOrganization.DUNSNumber' },
      { sourceType: 'EXPRESSION', source: 'concat(Id, NaicsCode)', destination: 'x' },
    ] };
    const sb = fakeSandbox({ requestName: 'Mapping set for Account', body: JSON.stringify(body), env: { COLS: JSON.stringify([{ name: 'Name' }, { name: 'Id' }]) } });
    sb.postforge.before(sb.pm, { rows: { rows: 'mappings', columns: 'COLS', into: 'DROPPED' } });
    assert.deepEqual(JSON.parse(sb.body).mappings.map((m: { destination: string }) => m.destination), ['accountName']);
    assert.equal(sb.env.get('DROPPED'), 'accountOrganization.DUNSNumber (DunsNumber); x (NaicsCode)');
    assert.match(sb.logs[0], /^warning: Mapping set for Account: 2 mapping\(s\) left out/);
    const all = fakeSandbox({ body: JSON.stringify(body), env: { COLS: JSON.stringify(['Name', 'DunsNumber', 'Id', 'NaicsCode'].map((name) => ({ name }))) } });
    all.postforge.before(all.pm, { rows: { rows: 'mappings', columns: 'COLS', into: 'DROPPED' } });
    assert.equal(all.body, JSON.stringify(body), 'untouched when every field exists');
    assert.equal(all.env.get('DROPPED'), '');
  });

  it('ensure.existingOnly: an update is skipped when the lookup did not find the entry, and runs only when a value is missing', () => {
    const sb = fakeSandbox();
    sb.coll.set('postforge.index.lookup-dataset', JSON.stringify({ enabled: { '@key': 'd1', 'tags.unifiedProfile': ['enabled:true'] }, lake: { '@key': 'd2' } }));
    const cfg = (key: string) => ({ ensure: { in: 'lookup-dataset', key, existingOnly: true, missing: { path: 'tags.unifiedProfile', values: ['enabled:true'] } } });
    for (const [key, skipped] of [['absent', true], ['enabled', true], ['lake', false]] as const) {
      sb.skipped = false;
      sb.postforge.before(sb.pm, cfg(key));
      assert.equal(sb.skipped, skipped, key);
    }
  });
});
