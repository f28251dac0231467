// JSON for generated script text: short values on one line, long ones broken up, so configs stay readable.
export function compactJson(value: unknown, indent = '', width = 96): string {
  if (value === null || typeof value !== 'object') return String(JSON.stringify(value));
  const flat = inlineWithin(value, width - indent.length);
  if (flat !== undefined) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${compactJson(v, inner, width)}`).join(',\n')}\n${indent}]`;
  const rows = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, width)}`);
  return `{\n${rows.join(',\n')}\n${indent}}`;
}

/**
 * The one-line form when it is at most `budget` characters, else undefined — given up as soon as it is too
 * long, so a large value is not written out in full at every level it is broken up at.
 */
function inlineWithin(value: unknown, budget: number): string | undefined {
  if (value === null || typeof value !== 'object') {
    const s = String(JSON.stringify(value));
    return s.length <= budget ? s : undefined;
  }
  const array = Array.isArray(value);
  const entries: Array<[string | undefined, unknown]> = array ? (value as unknown[]).map((v) => [undefined, v]) : Object.entries(value);
  if (!array && entries.length === 0) return budget >= 2 ? '{}' : undefined;
  const [open, close] = array ? ['[', ']'] : ['{ ', ' }'];
  let out = open;
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i];
    if (i) out += ', ';
    if (k !== undefined) out += `${JSON.stringify(k)}: `;
    const s = inlineWithin(v, budget - out.length - close.length);
    if (s === undefined) return undefined;
    out += s;
  }
  out += close;
  return out.length <= budget ? out : undefined;
}
