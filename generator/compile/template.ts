// Compile-time templates: `${{ expression }}` inside spec strings, evaluated against the current data row
// (`item`), the data tables (`data`) and the build options (`options`). Runtime `{{VAR}}` is left alone.
// A string that is exactly one `${{ … }}` yields the raw value (array, object, boolean), so whole tables can be
// placed into JSON bodies.

export interface TemplateScope {
  item?: unknown;
  data: Record<string, unknown>;
  options: Record<string, unknown>;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

type Token = { t: 'id' | 'str' | 'num' | 'punct'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) { s += src[j + 1]; j += 2; continue; }
        s += src[j++];
      }
      if (j >= src.length) throw new TemplateError(`unterminated string in \${{ ${src} }}`);
      out.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    if ('.[]|(),'.includes(c)) { out.push({ t: 'punct', v: c }); i++; continue; }
    throw new TemplateError(`unexpected character '${c}' in \${{ ${src} }}`);
  }
  return out;
}

const FILTERS: Record<string, (value: unknown, args: unknown[]) => unknown> = {
  json: (v) => JSON.stringify(v),
  lower: (v) => String(v).toLowerCase(),
  upper: (v) => String(v).toUpperCase(),
  length: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(Object(v)).length),
  join: (v, [sep]) => asArray(v, 'join').join(sep === undefined ? ',' : String(sep)),
  default: (v, [d]) => (v === undefined || v === null || v === '' ? d : v),
  urlencode: (v) => encodeURIComponent(String(v)),
  replace: (v, [from, to]) => deepReplace(v, String(from), String(to)),
  pick: (v, keys) => asArray(v, 'pick').map((row) => Object.fromEntries(keys.map((k) => [String(k), (row as Record<string, unknown>)?.[String(k)]]))),
  where: (v, [key, want]) => asArray(v, 'where').filter((row) => (row as Record<string, unknown>)?.[String(key)] === want),
  find: (v, [key, want]) => {
    const hit = asArray(v, 'find').find((row) => (row as Record<string, unknown>)?.[String(key)] === want);
    if (hit === undefined) throw new TemplateError(`find: no entry with ${String(key)} = ${JSON.stringify(want)}`);
    return hit;
  },
};

function asArray(v: unknown, filter: string): unknown[] {
  if (!Array.isArray(v)) throw new TemplateError(`${filter}: expected a list, got ${typeOf(v)}`);
  return v;
}

function deepReplace(v: unknown, from: string, to: string): unknown {
  if (typeof v === 'string') return v.split(from).join(to);
  if (Array.isArray(v)) return v.map((x) => deepReplace(x, from, to));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepReplace(x, from, to)]));
  return v;
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
}

export const FILTER_NAMES = Object.keys(FILTERS);

/** Evaluate one expression (the text between `${{` and `}}`). */
export function evaluate(src: string, scope: TemplateScope): unknown {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (v?: string): Token => {
    const tok = tokens[pos];
    if (!tok || (v !== undefined && tok.v !== v)) throw new TemplateError(`expected '${v ?? 'a value'}' in \${{ ${src} }}`);
    pos++;
    return tok;
  };
  const literal = (tok: Token): unknown => {
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'num') return Number(tok.v);
    if (tok.t === 'id' && ['true', 'false', 'null'].includes(tok.v)) return tok.v === 'null' ? null : tok.v === 'true';
    return undefined;
  };
  const primary = (): unknown => {
    const tok = take();
    const lit = literal(tok);
    if (lit !== undefined || (tok.t === 'id' && tok.v === 'null')) return lit;
    if (tok.t !== 'id') throw new TemplateError(`unexpected '${tok.v}' in \${{ ${src} }}`);
    const roots: Record<string, unknown> = { item: scope.item, data: scope.data, options: scope.options };
    if (!(tok.v in roots)) throw new TemplateError(`unknown name '${tok.v}' (use item, data or options)`);
    let value = roots[tok.v];
    let path = tok.v;
    for (;;) {
      const next = peek();
      if (next?.v === '.') {
        take('.');
        const key = take().v;
        value = value instanceof Missing ? value : member(value, key, path);
        path += `.${key}`;
      } else if (next?.v === '[') {
        take('[');
        const key = expression();
        take(']');
        value = value instanceof Missing ? value : member(value, String(key), path);
        path += `[${JSON.stringify(key)}]`;
      } else break;
    }
    return value;
  };
  const expression = (): unknown => {
    let value = primary();
    // An absent field is an error, unless the first filter is `default` (that is what `default` is for).
    if (value instanceof Missing) {
      if (peek()?.v !== '|' || tokens[pos + 1]?.v !== 'default') throw value.error;
      value = undefined;
    }
    while (peek()?.v === '|') {
      take('|');
      const name = take().v;
      const fn = FILTERS[name];
      if (!fn) throw new TemplateError(`unknown filter '${name}' (known: ${FILTER_NAMES.join(', ')})`);
      const args: unknown[] = [];
      if (peek()?.v === '(') {
        take('(');
        while (peek() && peek().v !== ')') {
          args.push(expression());
          if (peek()?.v === ',') take(',');
        }
        take(')');
      }
      value = fn(value, args);
    }
    return value;
  };
  const result = expression();
  if (pos !== tokens.length) throw new TemplateError(`unexpected '${tokens[pos].v}' in \${{ ${src} }}`);
  return result;
}

/** An absent field, kept as a value until we know whether a `default` filter catches it. */
class Missing {
  constructor(readonly error: TemplateError) {}
}

function member(value: unknown, key: string, path: string): unknown {
  if (value === null || typeof value !== 'object') throw new TemplateError(`${path} is ${typeOf(value)}, so it has no field '${key}'`);
  if (!(key in (value as object))) return new Missing(new TemplateError(`${path} has no field '${key}'`));
  return (value as Record<string, unknown>)[key];
}

/** Find `${{ … }}` spans, honouring quotes inside the expression (so `'{{x}}'` literals are safe). */
function spans(s: string): Array<{ start: number; end: number; expr: string }> {
  const out: Array<{ start: number; end: number; expr: string }> = [];
  let i = s.indexOf('${{');
  while (i >= 0) {
    let j = i + 3;
    let quote: string | null = null;
    for (; j < s.length; j++) {
      const c = s[j];
      if (quote) { if (c === '\\') j++; else if (c === quote) quote = null; continue; }
      if (c === '"' || c === "'") quote = c;
      else if (c === '}' && s[j + 1] === '}') break;
    }
    if (j >= s.length) throw new TemplateError(`unclosed \${{ in "${s}"`);
    out.push({ start: i, end: j + 2, expr: s.slice(i + 3, j).trim() });
    i = s.indexOf('${{', j + 2);
  }
  return out;
}

export function hasTemplate(s: string): boolean {
  return s.includes('${{');
}

export function renderString(s: string, scope: TemplateScope): unknown {
  const found = spans(s);
  if (found.length === 0) return s;
  if (found.length === 1 && found[0].start === 0 && found[0].end === s.length) return evaluate(found[0].expr, scope);
  let out = '';
  let last = 0;
  for (const sp of found) {
    const v = evaluate(sp.expr, scope);
    out += s.slice(last, sp.start) + (typeof v === 'string' ? v : JSON.stringify(v));
    last = sp.end;
  }
  return out + s.slice(last);
}

/** Render every string (and object key) of a value. */
export function renderDeep(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === 'string') return renderString(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [String(renderString(k, scope)), renderDeep(v, scope)]));
  }
  return value;
}
