// How changes look on screen, for `postforge plan` and the run summary: one line per resource with what
// happens to it, then one line per field with before → after. Long values (mapping rows) are shortened.
import type { Change } from '../run/changes';

const VERB: Record<Change['action'], string> = {
  create: 'create', update: 'update', delete: 'replace', manual: 'MANUAL', remove: 'not in specs',
};

function show(v: unknown, max = 140): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'null';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Field lines; a set difference shows each removed entry and each added entry on its own line. */
function fieldLines(c: Change): string[] {
  return (c.fields ?? []).flatMap((f) => {
    if (Array.isArray(f.before) && Array.isArray(f.after)) {
      const lines = [`      ${f.field}:`];
      for (const x of f.before) lines.push(`        - ${show(x)}`);
      for (const x of f.after) lines.push(`        + ${show(x)}`);
      return lines;
    }
    return [`      ${f.field}: ${show(f.before)} → ${show(f.after)}`];
  });
}

export function changeLines(changes: Change[], opts: { plan: boolean }): string[] {
  const out: string[] = [];
  for (const c of changes) {
    // A removal with a reason is kept whatever the options (datasets, connections); without one --prune applies.
    const state = opts.plan || c.action === 'manual' ? '' : c.applied ? '' : c.action === 'remove' ? (c.reason ? ' (kept)' : ' (use --prune to disable it)') : ' (not applied)';
    out.push(`  ${VERB[c.action].padEnd(12)} ${c.collection} / ${c.step}${state}`);
    if (c.action === 'manual' && c.reason) out.push(`      manual step needed: ${c.reason}`);
    if (c.action === 'remove' && c.reason) out.push(`      in the sandbox but no longer in the specs; ${c.reason}`);
    else if (c.action === 'remove' && opts.plan) out.push('      in the sandbox but no longer in the specs (postforge run --prune disables it; nothing is deleted)');
    out.push(...fieldLines(c));
  }
  return out;
}

export function changeCounts(changes: Change[]): string {
  const n = (a: Change['action'][]) => changes.filter((c) => a.includes(c.action)).length;
  return `${n(['create'])} to create, ${n(['update', 'delete'])} to update, ${n(['manual'])} needing a manual change, ${n(['remove'])} no longer in the specs`;
}
