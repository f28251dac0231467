// Conditions, in two forms: evaluated at compile time (`if`, over item./options. paths) and compiled to a
// JavaScript expression for the Postman sandbox (`when`, over environment variables).
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
    if (op.expiresWithin !== undefined && !(s === '' || Number(s) < Date.now() + op.expiresWithin * 1000)) return false;
    return true;
  });
}

/** A sandbox expression; `v(name)` must read a variable as a string (empty when unset). */
export function conditionToJs(cond: Condition): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(cond)) {
    const op = asOp(raw);
    const v = `v(${JSON.stringify(key)})`;
    if (op.equals !== undefined) parts.push(`${v} === ${JSON.stringify(String(op.equals ?? ''))}`);
    if (op.not !== undefined) parts.push(`${v} !== ${JSON.stringify(String(op.not ?? ''))}`);
    if (op.in) parts.push(`${JSON.stringify(op.in.map((x) => String(x ?? '')))}.includes(${v})`);
    if (op.notIn) parts.push(`!${JSON.stringify(op.notIn.map((x) => String(x ?? '')))}.includes(${v})`);
    if (op.empty !== undefined) parts.push(op.empty ? `${v} === ''` : `${v} !== ''`);
    if (op.listContains !== undefined) parts.push(`${v}.split(',').map((x) => x.trim().toLowerCase()).includes(${JSON.stringify(op.listContains.toLowerCase())})`);
    if (op.expiresWithin !== undefined) parts.push(`(${v} === '' || Number(${v}) < Date.now() + ${op.expiresWithin * 1000})`);
  }
  return parts.length ? parts.join(' && ') : 'true';
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
    if (op.expiresWithin !== undefined) bits.push(`${key} is unset or expires within ${op.expiresWithin} s`);
    return bits.join(' and ');
  }).join(' and ');
}
