// Schema Registry list paging and filtering (API guide appendix): `orderby` names sort fields ("-" = descending),
// `start` is a *value* of the primary sort field — results strictly after it — and `_page.next` is the value to
// pass as the next `start`. A page may exceed `limit` so that items sharing the boundary value are never split
// across pages (the docs call limit a hint for exactly this reason); a client that follows `next` therefore sees
// every item exactly once.
type Value = string | number | undefined;

export interface PageQuery {
  orderby: string;
  start?: string;
  limit: number;
  filters: string[];
}

export interface PageResult<T> {
  items: T[];
  /** Value to send as `start` for the next page, or null on the last page. */
  next: string | null;
}

interface SortField { name: string; desc: boolean }

function parseOrderBy(orderby: string): SortField[] {
  return orderby.split(',').map((f) => f.trim()).filter(Boolean).map((f) => ({
    name: f.replace(/^[-+]/, ''),
    desc: f.startsWith('-'),
  }));
}

function compare(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Code-unit order, like Java's String.compareTo used by the registry.
  return String(a) < String(b) ? -1 : 1;
}

/** `start` arrives as text; compare it as a number when the sort field is numeric. */
function coerce(start: string, sample: Value): Value {
  return typeof sample === 'number' && start.trim() !== '' && !Number.isNaN(Number(start)) ? Number(start) : start;
}

export function paginate<T>(all: T[], q: PageQuery, valueOf: (item: T, field: string) => Value, idOf: (item: T) => string): PageResult<T> {
  const fields = parseOrderBy(q.orderby);
  const primary = fields[0];
  const sorted = [...all].sort((x, y) => {
    for (const f of fields) {
      const c = compare(valueOf(x, f.name), valueOf(y, f.name));
      if (c !== 0) return f.desc ? -c : c;
    }
    return compare(idOf(x), idOf(y));
  });
  let rest = sorted;
  if (primary && q.start !== undefined) {
    const start = coerce(q.start, sorted.map((i) => valueOf(i, primary.name)).find((v) => v !== undefined));
    rest = sorted.filter((i) => {
      const v = valueOf(i, primary.name);
      if (v === undefined) return false;
      const c = compare(v, start);
      return primary.desc ? c < 0 : c > 0;
    });
  }
  let end = Math.min(q.limit, rest.length);
  if (primary) {
    while (end > 0 && end < rest.length && compare(valueOf(rest[end], primary.name), valueOf(rest[end - 1], primary.name)) === 0) end += 1;
  }
  const items = rest.slice(0, end);
  const last = items[items.length - 1];
  const lastValue = primary && last !== undefined ? valueOf(last, primary.name) : undefined;
  const next = end < rest.length && lastValue !== undefined ? String(lastValue) : null;
  return { items, next };
}

/** `property` filters: `name==v`, `!=`, `<`, `>`, `<=`, `>=`, or a bare name (property exists). */
export function matchesFilters(item: Record<string, unknown>, filters: string[]): boolean {
  return filters.every((f) => {
    const m = /^(.+?)(==|!=|<=|>=|<|>)(.*)$/.exec(f);
    if (!m) return item[f.trim()] !== undefined;
    const [, name, op, raw] = m;
    const actual = item[name.trim()];
    const values = Array.isArray(actual) ? actual : [actual];
    const test = (v: unknown): boolean => {
      if (v === undefined || v === null) return op === '!=';
      const num = typeof v === 'number' && !Number.isNaN(Number(raw));
      const c = num ? (v as number) - Number(raw) : String(v) === raw ? 0 : String(v) < raw ? -1 : 1;
      switch (op) {
        case '==': return c === 0;
        case '!=': return c !== 0;
        case '<': return c < 0;
        case '>': return c > 0;
        case '<=': return c <= 0;
        default: return c >= 0;
      }
    };
    return op === '!=' ? values.every(test) : values.some(test);
  });
}
