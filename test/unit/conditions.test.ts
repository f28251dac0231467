// Conditions: the compile-time evaluator (`if`, variable requirements) and the sandbox runtime's
// postforge.holds (`when`, what collections run) must agree on every operator.
import assert from 'node:assert/strict';
import { describeCondition, evalCondition } from '../../generator/compile/conditions';
import type { Condition } from '../../generator/spec/types';
import { fakeSandbox } from './helpers/fake-pm';

/** The shipped runtime's answer, with the variables set in the fake sandbox (unset stays unset). */
function runtimeHolds(cond: Condition, vars: Record<string, unknown>): boolean {
  const env = Object.fromEntries(Object.entries(vars).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
  const sb = fakeSandbox({ env });
  return sb.postforge.holds(sb.pm, cond) as boolean;
}

const NOW = Date.now();

const cases: Array<{ name: string; cond: Condition; vars: Record<string, unknown>; want: boolean }> = [
  { name: 'bare value equals', cond: { AUTH: 'jwt' }, vars: { AUTH: 'jwt' }, want: true },
  { name: 'bare value differs', cond: { AUTH: 'jwt' }, vars: { AUTH: 'oauth' }, want: false },
  { name: 'bare value, unset', cond: { AUTH: 'jwt' }, vars: {}, want: false },
  { name: 'number compares as text', cond: { N: 3 }, vars: { N: '3' }, want: true },
  { name: 'boolean compares as text', cond: { F: true }, vars: { F: 'true' }, want: true },
  { name: 'null equals unset', cond: { X: null }, vars: {}, want: true },
  { name: 'equals op', cond: { A: { equals: 'x' } }, vars: { A: 'x' }, want: true },
  { name: 'not', cond: { A: { not: 'jwt' } }, vars: { A: 'oauth' }, want: true },
  { name: 'not, same', cond: { A: { not: 'jwt' } }, vars: { A: 'jwt' }, want: false },
  { name: 'not, unset', cond: { A: { not: 'jwt' } }, vars: {}, want: true },
  { name: 'in', cond: { A: { in: ['jwt', 'basic'] } }, vars: { A: 'basic' }, want: true },
  { name: 'in, miss', cond: { A: { in: ['jwt', 'basic'] } }, vars: { A: 'oauth2' }, want: false },
  { name: 'in with numbers', cond: { A: { in: [1, 2] } }, vars: { A: 2 }, want: true },
  { name: 'notIn', cond: { A: { notIn: ['x'] } }, vars: { A: 'y' }, want: true },
  { name: 'notIn, hit', cond: { A: { notIn: ['x'] } }, vars: { A: 'x' }, want: false },
  { name: 'empty: true, unset', cond: { A: { empty: true } }, vars: {}, want: true },
  { name: 'empty: true, set', cond: { A: { empty: true } }, vars: { A: 'v' }, want: false },
  { name: 'empty: false, set', cond: { A: { empty: false } }, vars: { A: 'v' }, want: true },
  { name: 'empty: false, empty string', cond: { A: { empty: false } }, vars: { A: '' }, want: false },
  { name: 'listContains, case and spaces', cond: { L: { listContains: 'lead' } }, vars: { L: 'Contact, Lead ,Account' }, want: true },
  { name: 'listContains, substring only', cond: { L: { listContains: 'lea' } }, vars: { L: 'Contact,Lead' }, want: false },
  { name: 'listContains, unset', cond: { L: { listContains: 'lead' } }, vars: {}, want: false },
  { name: 'expiresWithin, unset', cond: { T: { expiresWithin: 300 } }, vars: {}, want: true },
  { name: 'expiresWithin, expires in 60 s', cond: { T: { expiresWithin: 300 } }, vars: { T: NOW + 60_000 }, want: true },
  { name: 'expiresWithin, valid for an hour', cond: { T: { expiresWithin: 300 } }, vars: { T: NOW + 3_600_000 }, want: false },
  { name: 'expiresWithin, already expired', cond: { T: { expiresWithin: 300 } }, vars: { T: NOW - 1 }, want: true },
  { name: 'all entries must hold', cond: { A: 'jwt', T: { expiresWithin: 300 } }, vars: { A: 'jwt', T: NOW + 3_600_000 }, want: false },
  { name: 'all entries hold', cond: { A: 'jwt', T: { expiresWithin: 300 } }, vars: { A: 'jwt' }, want: true },
  { name: 'several operators on one name', cond: { A: { not: 'x', empty: false } }, vars: { A: '' }, want: false },
  { name: 'empty condition', cond: {}, vars: {}, want: true },
];

describe('conditions', () => {
  for (const c of cases) {
    it(`${c.name}: evalCondition and the sandbox runtime give ${c.want}`, () => {
      assert.equal(evalCondition(c.cond, (k) => c.vars[k]), c.want, 'evalCondition');
      assert.equal(runtimeHolds(c.cond, c.vars), c.want, 'postforge.holds');
    });
  }

  it('describeCondition words each operator', () => {
    assert.equal(describeCondition({ ADOBE_AUTH: { not: 'jwt' }, ACCESS_TOKEN_EXPIRES_AT: { expiresWithin: 300 } }),
      'ADOBE_AUTH is not "jwt" and ACCESS_TOKEN_EXPIRES_AT is unset or expires within 300 s');
    assert.equal(describeCondition({ A: 'x', B: { in: ['1', '2'] }, C: { empty: false }, D: { listContains: 'Lead' } }),
      'A is "x" and B is one of 1, 2 and C is set and D lists Lead');
  });
});
