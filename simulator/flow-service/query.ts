// The `property=` filter shared by Flow Service (and Catalog) list endpoints: `property=name==X`,
// `property=name=="X"` (quotes URL-encoded as %22), `property=id==a,b` (any of), `property=state!=disabled`,
// several `property` parameters AND-ed together, dotted paths such as `connectionSpec.id`.
import type { SimResponse } from '../core/types';
import { problem } from './errors';

export type Predicate = (item: Record<string, unknown>) => boolean;

function unquote(v: string): string {
  const t = v.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function splitValues(raw: string): string[] {
  const t = raw.trim();
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return [t.slice(1, -1)];
  return t.split(',').map(unquote);
}

export function readPath(item: unknown, path: string): unknown {
  let cur: unknown = item;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Parses every `property` parameter; answers the FLOW-1450 error for an operator it does not know. */
export function parseProperties(query: URLSearchParams): { predicate: Predicate } | { error: SimResponse } {
  const preds: Predicate[] = [];
  for (const expr of query.getAll('property')) {
    const m = /^([A-Za-z0-9_.@$-]+)\s*(==|!=|<=|>=|<|>|~)?\s*(.*)$/s.exec(expr);
    if (!m) return { error: problem('FLOW-1453-400', 400, 'Invalid request', `Invalid query value ${expr} provided in query param.`) };
    const [, path, op, raw] = m;
    if (!op) {
      preds.push((item) => readPath(item, path) !== undefined);
      continue;
    }
    if (op !== '==' && op !== '!=') {
      return { error: problem('FLOW-1450-400', 400, 'Invalid request', `Invalid operator ${op} in filter params.`) };
    }
    const values = splitValues(raw);
    const matches = (item: Record<string, unknown>) => values.includes(String(readPath(item, path)));
    preds.push(op === '==' ? matches : (item) => !matches(item));
  }
  return { predicate: (item) => preds.every((p) => p(item)) };
}

/** A list answer `{items:[…]}` filtered by the request's `property` parameters and capped by `limit`. */
export function listItems<T extends Record<string, unknown>>(items: T[], query: URLSearchParams): SimResponse {
  const parsed = parseProperties(query);
  if ('error' in parsed) return parsed.error;
  const limit = Number(query.get('limit') ?? '');
  const matched = items.filter(parsed.predicate);
  return { status: 200, body: { items: Number.isInteger(limit) && limit > 0 ? matched.slice(0, limit) : matched } };
}
