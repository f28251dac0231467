// JSON for generated script text: short values on one line, long ones broken up, so configs stay readable.
export function compactJson(value: unknown, indent = '', width = 96): string {
  const flat = inline(value);
  if (flat.length + indent.length <= width || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${compactJson(v, inner, width)}`).join(',\n')}\n${indent}]`;
  const rows = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, width)}`);
  return `{\n${rows.join(',\n')}\n${indent}}`;
}

function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const rows = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
  return rows.length ? `{ ${rows.join(', ')} }` : '{}';
}
