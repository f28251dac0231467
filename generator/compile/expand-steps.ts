// Compile-time expansion: drop steps whose `if` is false, unroll `forEach` over data tables into one step per
// row, and render `${{ … }}` templates. The result is plain resolved steps that know their source position.
import type { Diagnostic } from '../diagnostics';
import { positionOf, escapePointer, type ParsedFile } from '../load/parse-yaml';
import type { Condition, DefaultsSpec, ForEachSpec, StepSpec } from '../spec/types';
import { renderString, TemplateError, type TemplateScope } from './template';
import { evalCondition } from './conditions';
import type { DriftConfig } from './expand-updates';

export type ResolvedStep = Omit<StepSpec, 'forEach' | 'if' | 'steps'> & {
  /** Unique id after unrolling: `create-namespace.b2b_account`. */
  id: string;
  /** Id as written in the spec. */
  specId: string;
  /** JSON pointer of the step in its spec file. */
  pointer: string;
  steps?: ResolvedStep[];
  /** Steps included from another spec keep that spec's defaults and resume an interrupted request. */
  defaults?: DefaultsSpec;
  resume?: boolean;
  /** Set on the request an `update` compiles into: the drift check that decides whether it is sent. */
  drift?: DriftConfig;
  /** HTTP statuses (412) after which the lookup `in` is read again and the update retried once. */
  conflict?: { on: number[]; in: string };
  /** On the "next page" request of a paginated lookup (see withPageTwins): the id of the lookup it continues. */
  pageOf?: string;
  /** On a paginated lookup: the id of its "next page" request. */
  nextPage?: string;
};

export interface ExpandContext {
  parsed: ParsedFile;
  data: Record<string, unknown>;
  dataFiles: Record<string, string>;
  options: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export function expandSteps(steps: StepSpec[], ctx: ExpandContext, pointer = '/steps', item?: unknown, idPrefix = ''): ResolvedStep[] {
  const out: ResolvedStep[] = [];
  steps.forEach((step, i) => {
    const here = `${pointer}/${i}`;
    const scope: TemplateScope = { item, data: ctx.data, options: ctx.options };
    if (step.if && !safeCondition(step.if, scope, ctx, `${here}/if`)) return;
    if (!step.forEach) {
      const r = resolve(step, scope, ctx, here, `${idPrefix}${step.id}`);
      if (r) out.push(r);
      return;
    }
    const fe: ForEachSpec = typeof step.forEach === 'string' ? { data: step.forEach } : step.forEach;
    const rows = tableRows(fe.data, ctx, `${here}/forEach`);
    rows.forEach((row, rowIndex) => {
      const rowScope: TemplateScope = { item: row, data: ctx.data, options: ctx.options };
      if (fe.if && !safeCondition(fe.if, rowScope, ctx, `${here}/forEach/if`, fe.data, rowIndex)) return;
      const key = fe.key ? keyOf(row, fe.key) : String(rowIndex);
      const r = resolve(step, rowScope, ctx, here, `${idPrefix}${step.id}.${key}`, fe.data, rowIndex);
      if (r) out.push(r);
    });
  });
  return out;
}

function keyOf(row: unknown, key: string): string {
  const v = (row as Record<string, unknown>)?.[key];
  return String(v ?? '').replace(/[^A-Za-z0-9_-]+/g, '_');
}

function tableRows(name: string, ctx: ExpandContext, pointer: string): unknown[] {
  // `descriptors.identities` iterates one list inside a data file.
  const [root, ...keys] = name.split('.');
  let table: unknown = ctx.data[root];
  for (const k of keys) table = table && typeof table === 'object' ? (table as Record<string, unknown>)[k] : undefined;
  if (table === undefined && ctx.data[root] !== undefined) {
    ctx.diagnostics.push({ code: 'unknown-data', severity: 'error', message: `data table '${root}' (${ctx.dataFiles[root]}) has no list at '${keys.join('.')}'`, file: ctx.parsed.file, ...positionOf(ctx.parsed, pointer), pointer });
    return [];
  }
  if (table === undefined) {
    const known = Object.keys(ctx.data);
    ctx.diagnostics.push({ code: 'unknown-data', severity: 'error', message: `forEach names data table '${name}', which the spec does not declare under data:`, file: ctx.parsed.file, ...positionOf(ctx.parsed, pointer), pointer, hint: known.length ? `declared tables: ${known.join(', ')}` : 'declare it: data: { name: data/file.yaml }' });
    return [];
  }
  if (!Array.isArray(table)) {
    ctx.diagnostics.push({ code: 'data-not-list', severity: 'error', message: `data table '${name}' (${ctx.dataFiles[root]}) is not a list, so forEach cannot iterate it`, file: ctx.parsed.file, ...positionOf(ctx.parsed, pointer), pointer });
    return [];
  }
  return table;
}

function safeCondition(cond: Condition, scope: TemplateScope, ctx: ExpandContext, pointer: string, table?: string, row?: number): boolean {
  try {
    return evalCondition(cond, (key) => lookupPath(key, scope));
  } catch (e) {
    report(ctx, e, pointer, table, row);
    return false;
  }
}

function lookupPath(key: string, scope: TemplateScope): unknown {
  const [root, ...rest] = key.split('.');
  let cur: unknown = root === 'item' ? scope.item : root === 'options' ? scope.options : root === 'data' ? scope.data : undefined;
  if (cur === undefined && !['item', 'options', 'data'].includes(root)) throw new TemplateError(`compile-time condition key '${key}' must start with item., options. or data.`);
  for (const k of rest) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

function report(ctx: ExpandContext, e: unknown, pointer: string, table?: string, row?: number): void {
  if (!(e instanceof TemplateError)) throw e;
  const where = table !== undefined ? ` (row ${row! + 1} of data table '${table}', ${ctx.dataFiles[table] ?? 'unknown file'})` : '';
  const missingField = /has no field/.test(e.message) && table !== undefined;
  ctx.diagnostics.push({ code: missingField ? 'data-missing-field' : 'template-error', severity: 'error', message: `${e.message}${where}`, file: ctx.parsed.file, ...positionOf(ctx.parsed, pointer), pointer });
}

function resolve(step: StepSpec, scope: TemplateScope, ctx: ExpandContext, pointer: string, id: string, table?: string, row?: number): ResolvedStep | undefined {
  let failed = false;
  const render = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') {
      try {
        return renderString(value, scope);
      } catch (e) {
        failed = true;
        report(ctx, e, at, table, row);
        return value;
      }
    }
    if (Array.isArray(value)) return value.map((v, i) => render(v, `${at}/${i}`));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [String(render(k, `${at}/${escapePointer(k)}`)), render(v, `${at}/${escapePointer(k)}`)]));
    }
    return value;
  };
  const { forEach: _f, if: _i, steps, id: specId, ...rest } = step;
  const rendered = render(rest, pointer) as Omit<ResolvedStep, 'id' | 'specId' | 'pointer'>;
  let children = steps ? expandSteps(steps, ctx, `${pointer}/steps`, scope.item, `${id}/`) : undefined;
  // A folder's `when` applies to every request in it (Postman folders carry no scripts of their own).
  const folderWhen = steps ? (rendered as { when?: ResolvedStep['when'] }).when : undefined;
  if (children && folderWhen) children = children.map((c) => withWhen(c, folderWhen));
  if (failed) return undefined;
  return { ...rendered, id, specId, pointer, ...(children ? { steps: children } : {}) };
}

function withWhen(step: ResolvedStep, when: NonNullable<ResolvedStep['when']>): ResolvedStep {
  if (step.steps) return { ...step, steps: step.steps.map((c) => withWhen(c, when)) };
  return { ...step, when: { ...when, ...(step.when ?? {}) } };
}

/** Depth-first list of request steps (folders flattened), in run order. */
export function flattenSteps(steps: ResolvedStep[]): ResolvedStep[] {
  return steps.flatMap((s) => (s.steps ? flattenSteps(s.steps) : [s]));
}
