// Conditions evaluated at compile time (`if`, over item./options. paths) and before a run (`requiredWhen`).
// Run-time `when` is evaluated by the same rules in generator/sandbox/runtime.js (postforge.holds); the unit
// test runs one table of cases through both.
import type { Condition, ConditionOp, Scalar } from '../spec/types';

function asOp(v: Scalar | ConditionOp): ConditionOp {
  return v !== null && typeof v === 'object' ? v : { equals: v };
}

export function evalCondition(cond: Condition, get: (key: string) => unknown): boolean {
  return Object.entries(cond).every(([key, raw]) => {
    const op = asOp(raw);
    const v = get(key);
    const s = v === undefined || v === null ? '' : String(v);
    if (op.equals !== undefined && s !== String(op.equals ?? '')) return false;
    if (op.not !== undefined && s === String(op.not ?? '')) return false;
    if (op.in && !op.in.map((x) => String(x ?? '')).includes(s)) return false;
    if (op.notIn && op.notIn.map((x) => String(x ?? '')).includes(s)) return false;
    if (op.empty !== undefined && (s === '') !== op.empty) return false;
    if (op.listContains !== undefined && !s.split(',').map((x) => x.trim().toLowerCase()).includes(op.listContains.toLowerCase())) return false;
    if (op.listOmits !== undefined && s.split(',').map((x) => x.trim().toLowerCase()).includes(op.listOmits.toLowerCase())) return false;
    if (op.expiresWithin !== undefined && !(s === '' || Number(s) < Date.now() + op.expiresWithin * 1000)) return false;
    return true;
  });
}

/** Human wording for docs: `ADOBE_AUTH is "jwt"`. */
export function describeCondition(cond: Condition): string {
  return Object.entries(cond).map(([key, raw]) => {
    const op = asOp(raw);
    const bits: string[] = [];
    if (op.equals !== undefined) bits.push(`${key} is "${op.equals}"`);
    if (op.not !== undefined) bits.push(`${key} is not "${op.not}"`);
    if (op.in) bits.push(`${key} is one of ${op.in.join(', ')}`);
    if (op.notIn) bits.push(`${key} is none of ${op.notIn.join(', ')}`);
    if (op.empty !== undefined) bits.push(op.empty ? `${key} is empty` : `${key} is set`);
    if (op.listContains !== undefined) bits.push(`${key} lists ${op.listContains}`);
    if (op.listOmits !== undefined) bits.push(`${key} does not list ${op.listOmits}`);
    if (op.expiresWithin !== undefined) bits.push(`${key} is unset or expires within ${op.expiresWithin} s`);
    return bits.join(' and ');
  }).join(' and ');
}
