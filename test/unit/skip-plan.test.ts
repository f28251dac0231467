// Skip-ahead: the compiled plan (groups per folder, positions of self-skipping steps) and the runtime settling
// the following steps that would skip, then jumping to the first that must run — never out of its folder.
import assert from 'node:assert/strict';
import type { ResolvedStep } from '../../generator/compile/expand-steps';
import { skipPlan } from '../../generator/compile/skip-plan';
import { fakeSandbox } from './helpers/fake-pm';

const step = (id: string, extra: Partial<ResolvedStep> = {}): ResolvedStep => ({ id, specId: id, pointer: `/steps/${id}`, name: `Step ${id}`, request: { method: 'POST', url: '/x' }, ...extra });
const ensure = (key: string) => ({ ensure: { in: 'list', key, capture: { [`ID_${key}`]: 'id' } } });

describe('skip-ahead plan: skipPlan()', () => {
  it('top-level requests form one group, each folder its own; only self-skipping steps before the last get a place', () => {
    const steps = [
      step('list', { index: { key: 'name' }, request: { method: 'GET', url: '/l' } }),
      step('a', ensure('a')),
      step('b', ensure('b')),
      step('f', { steps: [step('f1', { when: { X: '1' } }), step('f2', { when: { X: '1' }, jwt: [{ into: 'J', key: 'K', claims: {} }] }), step('f3', ensure('c'))] }),
      step('c', ensure('c')),
    ];
    const plan = skipPlan(steps, (id) => `id-${id}`, new Map([['b', ['postforge.index.list']]]));
    assert.deepEqual(plan.groups.map((g) => g.map((e) => e.id)), [['id-list', 'id-a', 'id-b'], ['id-f1', 'id-f2', 'id-f3'], ['id-c']]);
    assert.deepEqual(plan.groups[0][0], { id: 'id-list', name: 'Step list' }, 'a lookup always runs');
    assert.deepEqual(plan.groups[0][2].skip?.drop, ['postforge.index.list']);
    assert.equal(plan.groups[1][1].must, true, 'a signing step is skipped only by its `when`');
    assert.deepEqual([...plan.position], [['id-a', [0, 1]], ['id-f1', [1, 0]], ['id-f2', [1, 1]]]);
  });
});

describe('skip-ahead in the runtime', () => {
  const groups = [[
    { id: 'id-a', name: 'A', skip: { ensure: { in: 'list', key: 'a', capture: { ID_a: 'id' } } } },
    { id: 'id-b', name: 'B', skip: { ensure: { in: 'list', key: 'b', capture: { ID_b: 'id' } }, drop: ['SCRATCH'] } },
    { id: 'id-c', name: 'C', skip: { when: { MODE: 'on' } } },
    { id: 'id-d', name: 'D', skip: { ensure: { in: 'list', key: 'd' } } },
    { id: 'id-e', name: 'E', skip: { ensure: { in: 'list', key: 'e' } } },
  ]];
  const sandbox = (index: Record<string, unknown>, env: Record<string, string> = {}) => {
    const sb = fakeSandbox({ env, requestName: 'A' });
    sb.coll.set('postforge.plan', JSON.stringify(groups));
    sb.coll.set('postforge.index.list', JSON.stringify(index));
    sb.coll.set('SCRATCH', 'x');
    return sb;
  };

  it('settles the steps that would skip (captures, drops) and jumps to the first that must run', () => {
    const sb = sandbox({ a: { id: '1' }, b: { id: '2' } }, { MODE: 'off' });
    sb.postforge.before(sb.pm, { ...groups[0][0].skip, plan: [0, 0] });
    assert.equal(sb.skipped, true);
    assert.equal(sb.env.get('ID_a'), '1');
    assert.equal(sb.env.get('ID_b'), '2', 'B was settled by A');
    assert.equal(sb.coll.has('SCRATCH'), false, "B's drop applied");
    assert.equal(sb.next, 'id-d', 'C is skipped by its when; D must run (not in the index)');
    assert.deepEqual(sb.logs.filter((l) => l.startsWith('postforge: exists')), ['postforge: exists: A', 'postforge: exists: B']);
  });

  it('never jumps past the folder: when everything would skip, the last step decides for itself', () => {
    const sb = sandbox({ a: { id: '1' }, b: { id: '2' }, d: {}, e: {} });
    sb.postforge.before(sb.pm, { ...groups[0][0].skip, plan: [0, 0] });
    assert.equal(sb.next, 'id-e');
  });

  it('no jump when the next step must run; nothing happens without a plan place', () => {
    const sb = sandbox({ a: { id: '1' } });
    sb.postforge.before(sb.pm, { ...groups[0][0].skip, plan: [0, 0] });
    assert.equal(sb.skipped, true);
    assert.equal(sb.next, undefined);
    const plain = sandbox({ a: { id: '1' }, b: { id: '2' } });
    plain.postforge.before(plain.pm, groups[0][0].skip);
    assert.equal(plain.next, undefined);
    assert.equal(plain.env.has('ID_b'), false);
  });
});

describe('skip-ahead plan: folderWhenOnly()', () => {
  it("middle reads whose only pre-request work is the folder's `when` get no script; first, last, ensure steps and writes keep theirs", async () => {
    const { folderWhenOnly } = await import('../../generator/compile/skip-plan');
    const w = { OBJECTS: { listContains: 'Lead' } };
    const get = { method: 'GET' as const, url: '/l' };
    // `write` keeps its script although it has nothing but the folder's when: plan mode holds writes back there.
    const folder = step('lead', { when: w, steps: [step('explore', { when: w, request: get }), step('lookup', { when: w, index: { key: 'name' }, request: get }), step('write', { when: w }), step('make', { when: w, ...ensure('x') }), step('own', { when: { ...w, MODE: 'x' }, request: get }), step('last', { when: w, request: get })] });
    assert.deepEqual([...folderWhenOnly([folder], new Map())], ['lookup']);
  });
});
