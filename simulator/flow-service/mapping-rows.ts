// Validation of Data Prep mapping rows, in both request shapes the Conversion API takes: the current
// {sourceType: ATTRIBUTE|EXPRESSION, source, destination} and the older {sourceAttribute, destinationXdmPath}.
// Expressions are only checked superficially (balanced brackets, closed string literals): Data Prep's own
// parser is not public, and a malformed row is what the check must catch.

export interface MappingRow {
  sourceType: 'ATTRIBUTE' | 'EXPRESSION';
  source: string;
  destination: string;
  name?: string;
  description?: string;
  identity: boolean;
  identityGroup: string | null;
  namespaceCode: string | null;
}

const SOURCE_PATH = /^[A-Za-z_$][\w$-]*(\[\d*\])?(\.[A-Za-z_$][\w$-]*(\[\d*\])?)*$/;
const DESTINATION_PATH = /^[A-Za-z_][\w-]*(\[\d*\])?(\.[A-Za-z_][\w-]*(\[\d*\])?)*$/;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** undefined when the expression is well-formed enough, else the reason. */
export function checkExpression(expr: string): string | undefined {
  if (expr.trim() === '') return 'the expression is empty';
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i += 1) {
    const c = expr[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in PAIRS) {
      if (stack.pop() !== PAIRS[c]) return `unbalanced '${c}' at position ${i}`;
    }
  }
  if (quote) return 'unterminated string literal';
  if (stack.length > 0) return `unclosed '${stack[stack.length - 1]}'`;
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Normalises one request row; a string answer is the error message. */
export function normaliseRow(raw: unknown, index: number): MappingRow | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `mappings[${index}] must be an object`;
  const r = raw as Record<string, unknown>;
  const destination = str(r.destination) ?? str(r.destinationXdmPath);
  const source = str(r.source) ?? str(r.sourceAttribute);
  if (!destination || destination.trim() === '') return `mappings[${index}]: destination is required`;
  if (!DESTINATION_PATH.test(destination)) return `mappings[${index}]: destination '${destination}' is not a valid XDM path`;
  if (source === undefined || source.trim() === '') return `mappings[${index}]: source is required`;
  let sourceType = r.sourceType;
  if (sourceType === undefined) sourceType = SOURCE_PATH.test(source) ? 'ATTRIBUTE' : 'EXPRESSION';
  if (sourceType === 'ATTRIBUTE') {
    if (!SOURCE_PATH.test(source)) return `mappings[${index}]: source '${source}' is not a valid attribute path; calculated fields need sourceType EXPRESSION`;
  } else if (sourceType === 'EXPRESSION') {
    const why = checkExpression(source);
    if (why) return `mappings[${index}]: invalid expression (${why})`;
  } else {
    return `mappings[${index}]: sourceType must be ATTRIBUTE or EXPRESSION`;
  }
  return {
    sourceType,
    source,
    destination,
    ...(str(r.name) !== undefined ? { name: str(r.name) } : {}),
    ...(str(r.description) !== undefined ? { description: str(r.description) } : {}),
    identity: r.identity === true,
    identityGroup: str(r.identityGroup) ?? null,
    namespaceCode: str(r.namespaceCode) ?? null,
  };
}

/** All rows, or the first error; destinations must be unique within a mapping set. */
export function normaliseRows(raw: unknown): MappingRow[] | string {
  if (!Array.isArray(raw) || raw.length === 0) return 'mappings must be a non-empty array';
  const rows: MappingRow[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < raw.length; i += 1) {
    const row = normaliseRow(raw[i], i);
    if (typeof row === 'string') return row;
    if (seen.has(row.destination)) return `mappings[${i}]: destination '${row.destination}' is mapped more than once`;
    seen.add(row.destination);
    rows.push(row);
  }
  return rows;
}
