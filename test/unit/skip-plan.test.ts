// The run plan: which requests keep a pre-request script (self: work on the request before it is sent;
// guard: where a run may start), and the runtime deciding the following requests from the script before them
// (postforge.walk) exactly as their own pre-request scripts would: captures, drops, plan mode, folder runs.
import assert from 'node:assert/strict';
import type { ResolvedStep } from '../../generator/compile/expand-steps';
import { runPlan, type RunPlan } from '../../generator/compile/skip-plan';
import { fakeSandbox } from './helpers/fake-pm';

const step = (id: string, extra: Partial<ResolvedStep> = {}): ResolvedStep => ({ id, specId: id, pointer: `/steps/${id}`, name: `Step ${id}`, request: { method: 'POST', url: '/x' }, ...extra });
const ensure = (key: string) => ({ ensure: { in: 'list', key, capture: { [`ID_${key}`]: 'id' } } });
const facts = (s: ResolvedStep) => ({ method: s.request!.method, url: `{{BASE}}${s.request!.url}`, body: s.id === 'b' ? '{"parent":"{{ID_a}}"}' : '' });

describe('run plan: runPlan()', () => {
  const steps = [
    step('list', { index: { key: 'name' }, request: { method: 'GET', url: '/l' } }),
    step('a', ensure('a')),
    step('b', ensure('b')),
    step('f', { steps: [step('f1', { when: { X: '1' } }), step('f2', { when: { X: '1' }, jwt: [{ into: 'J', key: 'K', claims: {} }] }), step('f3', ensure('c'))] }),
    step('c', ensure('c')),
    step('big', { drift: { in: 'list', key: 'k', fields: [{ path: 'rows', want: 'x'.repeat(2100) }] } }),
    step('r', { steps: [step('r1', { when: { X: '1' }, request: { method: 'GET', url: '/r' } }), step('r2', ensure('r'))] }),
  ];
  const { plan, places } = runPlan(steps, (id) => `id-${id}`, new Map([['b', ['postforge.index.list']]]), facts);

  it('lists every request in run order with its group, method, URL and the names its URL and body use', () => {
    assert.deepEqual(plan.e.map((e) => [e.id, e.g]), [['id-list', 0], ['id-a', 0], ['id-b', 0], ['id-f1', 1], ['id-f2', 1], ['id-f3', 1], ['id-c', 2], ['id-big', 2], ['id-r1', 3], ['id-r2', 3]]);
    assert.deepEqual(plan.f, [null, 'Step f', null, 'Step r'], 'a folder names its group; top-level requests do not');
    assert.deepEqual(plan.e[2].v, ['BASE', 'ID_a']);
    assert.equal(plan.e[2].m, 'POST');
    assert.deepEqual(plan.e[2].b?.drop, ['postforge.index.list']);
  });

  it('keeps a pre-request script only where a run starts with a write (guard) or the request has work of its own (self)', () => {
    // r1: a folder that starts with a read needs no guard (sent undecided in a folder run, it harms nothing).
    assert.deepEqual([...places].map(([id, p]) => [id, p.pre]), [['list', 'guard'], ['a', 'none'], ['b', 'none'], ['f1', 'guard'], ['f2', 'self'], ['f3', 'none'], ['c', 'none'], ['big', 'none'], ['r1', 'none'], ['r2', 'none']]);
    assert.ok(plan.e[4].b?.jwt, 'a signing step (its own pre-request script signs) is in the plan too…');
    assert.deepEqual(plan.e[4].b?.when, { X: '1' }, '…so the walk can pass over it when it skips');
    assert.ok(plan.e[7].b?.drift, 'a large decision (mapping rows) is in the plan too');
  });
});

describe('run plan in the runtime: postforge.walk()', () => {
  const plan: RunPlan = {
    f: [null, 'Folder'],
    e: [
      { id: 'id-list', name: 'List', g: 0, m: 'GET', u: '{{BASE}}/l', guard: true },
      { id: 'id-a', name: 'A', g: 0, m: 'POST', u: '{{BASE}}/a', b: { ensure: { in: 'list', key: 'a', capture: { ID_a: 'id' } } } },
      { id: 'id-b', name: 'B', g: 0, m: 'POST', u: '{{BASE}}/b', b: { ensure: { in: 'list', key: 'b', capture: { ID_b: 'id' } }, drop: ['SCRATCH'] } },
      { id: 'id-c', name: 'C', g: 0, m: 'GET', u: '{{BASE}}/c/{{ID_d}}', v: ['BASE', 'ID_d'], b: { when: { MODE: 'on' } } },
      { id: 'id-d', name: 'D', g: 1, m: 'POST', u: '{{BASE}}/d', guard: true, b: { ensure: { in: 'list', key: 'd' } } },
      { id: 'id-e', name: 'E', g: 1, m: 'GET', u: '{{BASE}}/e/{{ID_d}}', v: ['BASE', 'ID_d'] },
    ],
  };
  const sandbox = (index: Record<string, unknown>, env: Record<string, string> = {}) => {
    const sb = fakeSandbox({ env: { BASE: 'http://h', ...env }, requestName: 'List', requestId: 'id-list' });
    sb.coll.set('postforge.plan', JSON.stringify(plan));
    sb.coll.set('postforge.index.list', JSON.stringify(index));
    sb.coll.set('SCRATCH', 'x');
    return sb;
  };
  const changes = (sb: ReturnType<typeof sandbox>) => sb.logs.filter((l) => l.startsWith('postforge: change ')).map((l) => JSON.parse(l.slice('postforge: change '.length)));

  it('settles the requests that skip (captures, drops, "exists") and jumps to the first that is sent, recording it', () => {
    const sb = sandbox({ a: { id: '1' }, b: { id: '2' } }, { MODE: 'off' });
    sb.postforge.walk(sb.pm, 1, true);
    assert.equal(sb.env.get('ID_a'), '1');
    assert.equal(sb.env.get('ID_b'), '2');
    assert.equal(sb.coll.has('SCRATCH'), false, "B's drop applied");
    assert.deepEqual(sb.logs.filter((l) => l.startsWith('postforge: exists')), ['postforge: exists: ["A","B"]'], 'one line per walk');
    assert.equal(sb.next, 'id-d', 'C is skipped by its when; D is sent');
    assert.match(sb.coll.get('postforge.decided')!, /^id-d \d+$/, 'D has a pre-request script: it must not decide again');
    assert.deepEqual(changes(sb).map((c) => [c.step, c.method, c.url, c.action, c.applied]), [['D', 'POST', 'http://h/d', 'create', true]]);
  });

  it('does not jump when the next request is sent anyway; ends the run when nothing after is sent', () => {
    const sb = sandbox({});
    sb.postforge.walk(sb.pm, 1, true);
    assert.equal(sb.next, undefined);
    assert.equal(sb.coll.has('postforge.decided'), false, 'A has no pre-request script: no mark');
    const done = sandbox({ a: {}, b: {}, d: {} }, { MODE: 'off', ID_d: 'x', POSTFORGE_FOLDERS: '["Other"]' });
    done.postforge.walk(done.pm, 1, true);
    assert.equal(done.next, null, 'A and B exist; C, D, E are outside the folder run');
  });

  it('in plan mode holds writes back (recorded, not applied) and skips reads that need an id not made yet', () => {
    const sb = sandbox({}, { POSTFORGE_PLAN: 'true', MODE: 'on' });
    sb.postforge.walk(sb.pm, 1, true);
    assert.deepEqual(changes(sb).map((c) => [c.step, c.applied]), [['A', false], ['B', false], ['D', false]]);
    assert.equal(sb.next, null, 'C and E read {{ID_d}}, which only the held-back D would capture');
  });

  it('a folder run (POSTFORGE_FOLDERS) decides the requests outside any folder and walks over the folders it leaves out', () => {
    const sb = sandbox({ a: {}, b: {} }, { POSTFORGE_FOLDERS: '["Folder"]', MODE: 'off' });
    sb.postforge.walk(sb.pm, 1, true);
    assert.equal(sb.next, 'id-d');
    assert.deepEqual(sb.logs.filter((l) => l.startsWith('postforge: exists')), ['postforge: exists: ["A","B"]'], 'A and B, outside any folder, are decided (they exist)');
    const other = sandbox({}, { POSTFORGE_FOLDERS: '["Other"]', MODE: 'off' });
    other.postforge.walk(other.pm, 3, true);
    assert.equal(other.next, null, 'C (outside any folder) is off; after it only Folder, which is not in the run: the run ends');
  });

  it('a request whose URL or body uses a variable nothing has set fails by name instead of sending "{{NAME}}"', () => {
    const sb = sandbox({ a: {}, b: {} }, { MODE: 'on' });
    sb.postforge.walk(sb.pm, 1, true);
    assert.equal(sb.next, null);
    assert.match(sb.tests[0].name, /decide "C"/);
    assert.match(sb.tests[0].error ?? '', /\{\{ID_d\}\} is not set/);
    const empty = sandbox({ a: {}, b: {} }, { MODE: 'on', ID_d: '' });
    empty.postforge.walk(empty.pm, 1, true);
    assert.equal(empty.next, 'id-c', 'an empty value is a value');
    const planned = sandbox({ a: {}, b: {} }, { MODE: 'on', POSTFORGE_PLAN: 'true' });
    planned.postforge.walk(planned.pm, 1, true);
    assert.deepEqual(planned.tests, [], 'plan mode passes over such a read instead');
  });

  it('a decision that cannot be made fails that request by name and stops the run', () => {
    const sb = sandbox({});
    sb.coll.delete('postforge.index.list');
    sb.postforge.walk(sb.pm, 1, true);
    assert.equal(sb.next, null);
    assert.match(sb.tests[0].name, /decide "A"/);
    assert.match(sb.tests[0].error ?? '', /lookup step "list" has not run/);
  });

  it("a guard decides for itself when the run starts there, and only checks the mark when it was decided before", () => {
    const sb = sandbox({ d: {} }, { ID_d: 'd1' });
    sb.pm.info = { requestName: 'D', requestId: 'id-d' };
    sb.postforge.before(sb.pm, { at: 4 });
    assert.equal(sb.skipped, true, 'D exists');
    assert.equal(sb.next, undefined, 'E comes next anyway and is sent');
    const marked = sandbox({});
    marked.pm.info = { requestName: 'D', requestId: 'id-d' };
    marked.coll.set('postforge.decided', `id-d ${Date.now()}`);
    marked.postforge.before(marked.pm, { at: 4 });
    assert.equal(marked.skipped, false);
    assert.equal(marked.coll.has('postforge.decided'), false, 'the mark is used up');
    assert.deepEqual(changes(marked), [], 'recorded once, by the script that decided');
    // A mark left by a run stopped long ago (the Postman app keeps collection variables) is not taken.
    const stale = sandbox({ d: {} });
    stale.pm.info = { requestName: 'D', requestId: 'id-d' };
    stale.coll.set('postforge.decided', `id-d ${Date.now() - 3_600_000}`);
    stale.postforge.before(stale.pm, { at: 4 });
    assert.equal(stale.skipped, true, 'D decides for itself: it exists');
    assert.equal(stale.coll.has('postforge.decided'), false);
  });

  it('passes over a request with work of its own when it skips; stops there (no mark) when it is sent', () => {
    const own: RunPlan = { f: [null], e: [
      { id: 'id-0', name: 'Zero', g: 0, m: 'GET', u: '/0', guard: true },
      { id: 'id-jwt', name: 'Sign', g: 0, m: 'POST', u: '/t', self: true, b: { when: { AUTH: 'jwt' }, jwt: [] } },
      { id: 'id-page', name: 'Pages', g: 0, m: 'GET', u: '/p', self: true, b: { page: { step: 'p', index: 'p' } } },
    ] };
    const sb = fakeSandbox({ env: { AUTH: 'oauth' } });
    sb.coll.set('postforge.plan', JSON.stringify(own));
    sb.postforge.walk(sb.pm, 1, true);
    assert.equal(sb.next, 'id-page', 'Sign is skipped by its when without a script of its own');
    assert.equal(sb.coll.has('postforge.decided'), false, 'Pages decides again in its pre-request script (next page)');
  });

  it('after(): decides from the next request on; not after a failure, a retry or the next page', () => {
    const sb = sandbox({ a: { id: '1' } });
    sb.respond({ code: 200, body: {} });
    sb.postforge.after(sb.pm, { step: 'list', status: [200], at: 0 });
    assert.equal(sb.next, 'id-b', 'A exists: B is next');
    const failed = sandbox({ a: { id: '1' } });
    failed.respond({ code: 500, body: { message: 'boom' } });
    failed.postforge.after(failed.pm, { step: 'list', status: [200], at: 0 });
    assert.equal(failed.next, null);
  });
});

describe('a paginated lookup: first page without a pre-request script, "next page" only while a page is queued', () => {
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Postman JSON
  const lookup: ResolvedStep = { id: 'list', specId: 'list', pointer: '/steps/0', name: 'List things (all pages)', request: { method: 'GET', url: '/things' }, index: { items: 'results', key: 'name', paginate: { nextParam: { name: 'start', from: '_page.next' }, maxPages: 5 } } };
  const create: ResolvedStep = { id: 'make', specId: 'make', pointer: '/steps/1', name: 'Make b', request: { method: 'POST', url: '/things' }, ensure: { in: 'list', key: 'b' } };
  const ping: ResolvedStep = { id: 'ping', specId: 'ping', pointer: '/steps/0', name: 'Ping', request: { method: 'GET', url: '/ping' } };
  // Not the collection's first request (that one always decides for itself, where a run starts).
  const compile = async () => {
    const col = (await import('../../generator/compile/compile-collection')).compileCollection({ name: 't', title: 'T', defaults: {}, steps: [ping, lookup, create] }) as Json;
    col.item.shift();
    return col;
  };
  const sandboxFor = (col: Json, item: Json) => {
    const sb = fakeSandbox({ requestId: item.id, requestName: item.name });
    for (const v of col.variable as Json[]) sb.coll.set(v.key, v.value);
    return sb;
  };
  // Each script in a block of its own, as the sandbox runs each in its own scope.
  const script = (item: Json, listen: string) => `{\n${(item.event as Json[]).find((e) => e.listen === listen)?.script.exec.join('\n')}\n}`;

  it('compiles into two requests; the first has only its test script', async () => {
    const col = await compile();
    assert.deepEqual(col.item.map((i: Json) => i.name), ['List things (all pages)', 'List things (next page)', 'Make b']);
    assert.deepEqual(col.item[0].event.map((e: Json) => e.listen), ['test'], 'first page: no pre-request script');
    assert.deepEqual(col.item[1].event.map((e: Json) => e.listen), ['prerequest', 'test']);
    assert.deepEqual(col.item[2].event.map((e: Json) => e.listen), ['test'], 'the create is decided by the script before it');
  });

  it('runs page 1 → next page (repeating) → back to the waiting write, and skips "next page" after a single page', async () => {
    const col = await compile();
    const [first, next] = col.item as Json[];
    const sb = sandboxFor(col, first);
    // A write asked for this lookup again (a 409): the last page must hand back to it.
    sb.coll.set('postforge.return', JSON.stringify({ from: first.id, to: col.item[2].id }));
    sb.respond({ code: 200, body: { results: [{ name: 'a' }], _page: { next: 'p2' } } });
    sb.run(script(first, 'test'));
    assert.equal(sb.next, next.id, 'page 1 hands over to "next page"');
    sb.pm.info = { requestName: next.name, requestId: next.id };
    sb.run(script(next, 'prerequest'));
    assert.equal(sb.skipped, false);
    assert.match(sb.url.toString(), /start=p2/);
    sb.respond({ code: 200, body: { results: [{ name: 'b' }] } });
    sb.run(script(next, 'test'));
    assert.equal(sb.next, null, 'back at the write, which now exists (found on page 2): nothing left to send');
    assert.ok(sb.logs.includes('postforge: exists: ["Make b"]'), 'b, on page 2, is in the index page 1 started');
    assert.equal(sb.coll.has('postforge.index.list'), false, 'and the index is dropped after its last reader');

    const one = sandboxFor(col, first);
    one.respond({ code: 200, body: { results: [{ name: 'a' }] } });
    one.run(script(first, 'test'));
    assert.equal(one.next, col.item[2].id, 'a single page: "next page" is passed over, the create is next');
  });
});

describe('"postforge: exists" lines: existsNames()', () => {
  it('reads a walk\'s JSON list, a single name, and nothing else', async () => {
    const { existsNames } = await import('../../generator/run/exists-lines');
    assert.deepEqual(existsNames('postforge: exists: ["Schema B2B Account","Schema [x]"]'), ['Schema B2B Account', 'Schema [x]']);
    assert.deepEqual(existsNames('postforge: exists: Namespace B2B Person'), ['Namespace B2B Person']);
    assert.deepEqual(existsNames('postforge: exists: [not json'), ['[not json']);
    assert.deepEqual(existsNames('postforge: retry 2/4'), []);
  });
});

describe('chained requests: postforge.send() in postforge\'s own runs', () => {
  // List → A, B (creates, unless the lookup has them) → C (only when MODE=on) → D (a folder's first) → E.
  const plan: RunPlan = {
    f: [null, 'Folder'],
    e: [
      { id: 'id-list', name: 'List', g: 0, m: 'GET', u: '{{BASE}}/l', guard: true },
      { id: 'id-a', name: 'A', g: 0, m: 'POST', u: '{{BASE}}/a', b: { ensure: { in: 'list', key: 'a', capture: { ID_a: 'id' } } } },
      { id: 'id-b', name: 'B', g: 0, m: 'POST', u: '{{BASE}}/b', b: { ensure: { in: 'list', key: 'b', capture: { ID_b: 'id' } } } },
      { id: 'id-c', name: 'C', g: 0, m: 'GET', u: '{{BASE}}/c', b: { when: { MODE: 'on' } } },
      { id: 'id-d', name: 'D', g: 1, m: 'POST', u: '{{BASE}}/d', guard: true },
      { id: 'id-e', name: 'E', g: 1, m: 'GET', u: '{{BASE}}/e/{{ID_d}}', v: ['BASE', 'ID_d'] },
    ],
  };
  const retry = { max: 3, on: [429], serverErrors: true, network: true, baseDelayMs: 100, maxDelayMs: 1000 };
  const q = (m: string, u: string, raw?: string) => ({ m, u, h: [['x-api-key', '{{KEY}}']], bearer: '{{TOKEN}}', ...(raw ? { raw } : {}) });
  const chain = {
    'id-a': { q: q('POST', '{{BASE}}/a', '{"name":"a"}'), a: { step: 'a', status: [201], retry, capture: [{ name: 'ID_a', json: 'id' }], at: 1 } },
    'id-b': { q: q('POST', '{{BASE}}/b', '{"parent":"{{ID_a}}"}'), a: { step: 'b', status: [201], capture: [{ name: 'ID_b', json: 'id' }], at: 2 } },
    'id-c': { q: q('GET', '{{BASE}}/c'), a: { step: 'c', status: [200], at: 3 } },
    'id-d': { q: q('POST', '{{BASE}}/d', '{}'), a: { step: 'd', status: [201], capture: [{ name: 'ID_d', json: 'id' }], at: 4 } },
    'id-e': { q: q('GET', '{{BASE}}/e/{{ID_d}}'), a: { step: 'e', status: [200], at: 5 } },
  };
  const sandbox = (index: Record<string, unknown>, opts: { env?: Record<string, string>; eventName?: 'test' | 'prerequest'; chain?: boolean; table?: Record<string, unknown> } = {}) => {
    const sb = fakeSandbox({ env: { BASE: 'http://h', KEY: 'k1', TOKEN: 't1', MODE: 'off', ...opts.env }, requestName: 'List', requestId: 'id-list', eventName: opts.eventName });
    sb.coll.set('postforge.plan', JSON.stringify(plan));
    sb.coll.set('postforge.index.list', JSON.stringify(index));
    if (opts.chain !== false) sb.coll.set('postforge.chain', JSON.stringify(opts.table ?? chain));
    sb.postforge.enter(sb.pm, { info: (m: string) => sb.logs.push(m), warn: (m: string) => sb.logs.push(m) });
    return sb;
  };
  const sends = (sb: ReturnType<typeof sandbox>) => sb.logs.filter((l) => l.startsWith('postforge: send ')).map((l) => JSON.parse(l.slice('postforge: send '.length)));

  it('sends each request that follows from the script, judges its answer with its own settings, and ends the run itself', () => {
    const sb = sandbox({ b: { id: 'b0' } });
    assert.equal(sb.coll.has('postforge.chain'), false, 'read once, then unset: it would travel with every script run');
    sb.respond({ code: 200, body: {} });
    sb.postforge.after(sb.pm, { step: 'list', status: [200], at: 0 });
    assert.equal(sb.sent.length, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(sb.sent[0].request)), { url: 'http://h/a', method: 'POST', header: [{ key: 'x-api-key', value: 'k1' }, { key: 'Authorization', value: 'Bearer t1' }], body: { mode: 'raw', raw: '{"name":"a"}' } });
    assert.equal(sb.next, undefined, 'nothing chosen for Newman while the chain runs');
    sb.sent[0].answer({ code: 201, body: { id: 'a9' } });
    assert.equal(sb.env.get('ID_a'), 'a9', "A's capture");
    assert.ok(sb.tests.some((t) => t.name === 'status is 201' && !t.error));
    // B exists (captured from the lookup), C is off: D, a folder's first request, is sent from here too.
    assert.equal(sb.env.get('ID_b'), 'b0');
    assert.equal(sb.sent.length, 2);
    assert.equal(sb.sent[1].request.url, 'http://h/d');
    assert.equal(sb.coll.has('postforge.decided'), false, 'D is not run by Newman: no mark for its pre-request script');
    sb.sent[1].answer({ code: 201, body: { id: 'd1' } });
    assert.equal(sb.sent[2].request.url, 'http://h/e/d1', 'URL filled in with the value captured a moment ago');
    sb.sent[2].answer({ code: 200, body: {} });
    assert.equal(sb.sent.length, 3);
    assert.equal(sb.next, null, 'after E nothing is left: the run ends (Newman would otherwise go on after List)');
    assert.deepEqual(sends(sb), ['A', 'D', 'E'], 'each announced, so the runner files it under its step');
  });

  it('an empty bearer token sends no Authorization header (as Newman\'s bearer auth)', () => {
    const sb = sandbox({}, { env: { TOKEN: '' } });
    sb.respond({ code: 200, body: {} });
    sb.postforge.after(sb.pm, { step: 'list', status: [200], at: 0 });
    assert.deepEqual(JSON.parse(JSON.stringify(sb.sent[0].request.header)), [{ key: 'x-api-key', value: 'k1' }]);
  });

  it('a failed answer stops the run there; a retry, or any other jump, hands the request back to Newman', () => {
    const failed = sandbox({});
    failed.respond({ code: 200, body: {} });
    failed.postforge.after(failed.pm, { step: 'list', status: [200], at: 0 });
    failed.sent[0].answer({ code: 400, body: { message: 'bad name' } });
    assert.equal(failed.next, null);
    assert.equal(failed.sent.length, 1, 'B is not sent');
    assert.match(failed.tests.find((t) => t.error)?.error ?? '', /HTTP 400: bad name/);

    const busy = sandbox({});
    busy.respond({ code: 200, body: {} });
    busy.postforge.after(busy.pm, { step: 'list', status: [200], at: 0 });
    busy.sent[0].answer({ code: 503, body: {} });
    assert.equal(busy.next, 'id-a', 'A again, as its own request in Newman');
    assert.deepEqual(busy.timers, [100], 'after the backoff, waited for in this script');
    assert.match(busy.coll.get('postforge.decided') ?? '', /^id-a \d+$/, 'already decided: its own scripts only check the mark');
    assert.equal(busy.sent.length, 1);
  });

  it("from a pre-request script whose own request is skipped: the chain's last answer skips it, after any wait", () => {
    const sb = sandbox({ b: {} }, { eventName: 'prerequest' });
    plan.e[0].b = { when: { MODE: 'on' } };
    sb.coll.set('postforge.plan', JSON.stringify(plan));
    delete plan.e[0].b;
    sb.postforge.before(sb.pm, { at: 0 });
    assert.equal(sb.sent.length, 1, 'List is off: A is sent from its pre-request script');
    assert.equal(sb.skipped, false, 'not yet: skipRequest would end the script and the chain with it');
    sb.sent[0].answer({ code: 201, body: { id: 'a1' } });
    sb.sent[1].answer({ code: 201, body: { id: 'd1' } });
    sb.sent[2].answer({ code: 200, body: {} });
    assert.equal(sb.next, null);
    assert.equal(sb.skipped, true);

    const busy = sandbox({}, { eventName: 'prerequest' });
    busy.postforge.walk(busy.pm, 1, true, true);
    busy.sent[0].answer({ code: 429, headers: { 'Retry-After': '0.5' }, body: {} });
    assert.equal(busy.next, 'id-a');
    assert.deepEqual(busy.timers, [500], 'Retry-After');
    assert.equal(busy.skipped, false, 'skipped once the wait is over, not before');
    busy.later.forEach((fn) => fn());
    assert.equal(busy.skipped, true);
  });

  it('not from a pre-request script whose own request is sent, and not without the requests as data (the Postman app, plain Newman)', () => {
    const pre = sandbox({}, { eventName: 'prerequest' });
    pre.postforge.walk(pre.pm, 1, true);
    assert.equal(pre.sent.length, 0);
    assert.equal(pre.next, undefined, 'A comes next anyway');
    const app = sandbox({}, { chain: false });
    app.respond({ code: 200, body: {} });
    app.postforge.after(app.pm, { step: 'list', status: [200], at: 0 });
    assert.equal(app.sent.length, 0);
    assert.equal(app.next, undefined);
  });

  it('a failed lookup check hands back to no write: the run stops there, nothing more is sent', () => {
    const sb = sandbox({});
    // A write (A) asked for the lookup again (409); the lookup's answer then has no list.
    sb.coll.set('postforge.return', JSON.stringify({ from: 'id-list', to: 'id-a' }));
    sb.respond({ code: 200, body: { nothing: true } });
    sb.postforge.after(sb.pm, { step: 'list', status: [200], index: { name: 'list', step: 'list', items: 'results', key: ['name'] }, at: 0 });
    assert.equal(sb.next, null);
    assert.equal(sb.sent.length, 0, 'A is not sent');
    assert.ok(sb.tests.some((t) => t.name === 'lookup answer has a list' && t.error));
  });

  it('with --bail (POSTFORGE_BAIL) a failed check stops the chain even where the step goes on after failures', () => {
    for (const [bail, sent] of [['', 2], ['true', 1]] as const) {
      const sb = sandbox({}, { env: { POSTFORGE_BAIL: bail }, table: { ...chain, 'id-a': { ...chain['id-a'], a: { ...chain['id-a'].a, continueOnFailure: true } } } });
      sb.respond({ code: 200, body: {} });
      sb.postforge.after(sb.pm, { step: 'list', status: [200], at: 0 });
      sb.sent[0].answer({ code: 400, body: { message: 'no' } });
      assert.equal(sb.sent.length, sent, `bail=${bail}`);
      if (bail) assert.equal(sb.next, null);
    }
  });

  it("a chained lookup keeps its index in the script until the chain hands a request back to Newman", () => {
    const lookupPlan: RunPlan = { f: [null], e: [
      { id: 'id-x', name: 'X', g: 0, m: 'GET', u: '{{BASE}}/x', guard: true },
      { id: 'id-l', name: 'L', g: 0, m: 'GET', u: '{{BASE}}/l' },
      { id: 'id-b', name: 'B', g: 0, m: 'POST', u: '{{BASE}}/b', b: { ensure: { in: 'l', key: 'b' } } },
    ] };
    const table = {
      'id-l': { q: q('GET', '{{BASE}}/l'), a: { step: 'l', status: [200], index: { name: 'l', step: 'l', items: 'results', key: ['name'] }, at: 1 } },
      'id-b': { q: q('POST', '{{BASE}}/b', '{}'), a: { step: 'b', status: [201], retry, at: 2 } },
    };
    const start = () => {
      const sb = fakeSandbox({ env: { BASE: 'http://h', KEY: 'k', TOKEN: 't' }, requestName: 'X', requestId: 'id-x' });
      sb.coll.set('postforge.plan', JSON.stringify(lookupPlan));
      sb.coll.set('postforge.chain', JSON.stringify(table));
      sb.postforge.enter(sb.pm, { info: (m: string) => sb.logs.push(m) });
      sb.respond({ code: 200, body: {} });
      sb.postforge.after(sb.pm, { step: 'x', status: [200], at: 0 });
      sb.sent[0].answer({ code: 200, body: { results: [{ name: 'a' }] } });
      return sb;
    };
    const done = start();
    assert.equal(done.coll.has('postforge.index.l'), false, 'kept in the script only');
    assert.equal(done.sent[1].request.url, 'http://h/b', 'B is not in the index: sent');
    done.sent[1].answer({ code: 201, body: {} });
    assert.equal(done.next, null);
    assert.equal(done.coll.has('postforge.index.l'), false, 'the run ends: never written');

    const back = start();
    back.sent[1].answer({ code: 503, body: {} });
    assert.equal(back.next, 'id-b', 'B again, by Newman…');
    assert.deepEqual(JSON.parse(back.coll.get('postforge.index.l') ?? 'null'), { a: { name: 'a' } }, '…whose scripts find the index where they read it');
  });

  it('an answer that cannot be judged fails that step by name and stops the run', () => {
    const sb = sandbox({});
    sb.respond({ code: 200, body: {} });
    sb.postforge.after(sb.pm, { step: 'list', status: [200], at: 0 });
    sb.postforge.after = () => { throw new Error('boom'); };
    sb.sent[0].answer({ code: 201, body: {} });
    assert.equal(sb.next, null);
    assert.deepEqual(sb.tests.map((t) => [t.name, t.error]).slice(-1), [['judge "A"', 'boom']]);
  });
});
