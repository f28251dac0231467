// YAML → plain data plus a position index, so later stages can point at `file:line:col` by JSON pointer.
import type { Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';

// Loaded on first use: a build whose files all come from the parse cache never needs it.
let yamlLib: typeof import('yaml') | undefined;
const yaml = () => (yamlLib ??= require('yaml') as typeof import('yaml'));

export interface SourcePos { line: number; col: number }

export interface ParsedFile {
  file: string;
  data: unknown;
  /** JSON pointer → position of the value node (and `pointer#key` → position of the key). */
  positions: Map<string, SourcePos>;
  diagnostics: Diagnostic[];
}

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

const MAX_SYNTAX_ERRORS = 3;

export function parseYaml(file: string, text: string): ParsedFile {
  const { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair } = yaml();
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would otherwise print process warnings (e.g. for `{{VAR}}` keys) from library code.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourcePos => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const unquoted = unquotedVariables(doc.contents as Node, text);
  for (const u of unquoted) {
    diagnostics.push({ code: 'yaml-unquoted-variable', severity: 'error', message: `${u.text} must be quoted: YAML reads an unquoted {{…}} as a mapping`, file, ...at(u.start), pointer: '', hint: `write "${u.text}…" with the whole value in quotes` });
  }
  // After the first error yaml often reports every later token ("… token in YAML stream"): keep the first few.
  const errors = doc.errors.filter((e, i) => !unquoted.some((u) => e.pos[0] >= u.start && e.pos[0] <= u.lineEnd) && (i === 0 || !/ token in YAML stream/.test(e.message)));
  for (const e of errors.slice(0, MAX_SYNTAX_ERRORS)) {
    // yaml reports an unclosed quote at the end of the file; the opening quote is where the fix goes.
    const open = e.code === 'MISSING_CHAR' ? openingQuote(text, e.pos[0], e.message) : undefined;
    const pos = at(open ?? e.pos[0]);
    const hint = open !== undefined ? 'this quoted string is never closed' : undefined;
    const key = e.code === 'DUPLICATE_KEY' ? /^([^:\n]+?)\s*:/.exec(text.slice(e.pos[0]))?.[1] : undefined;
    const dup = key ? `: '${key}' appears twice` : '';
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: `${firstLine(e.message)}${dup}`, file, ...pos, pointer: '', ...(hint ? { hint } : {}) });
  }
  if (errors.length > MAX_SYNTAX_ERRORS) diagnostics[diagnostics.length - 1].hint = `${errors.length - MAX_SYNTAX_ERRORS} more syntax error(s) not shown; fix these first`;
  for (const w of doc.warnings) {
    const pos = at(w.pos[0]);
    diagnostics.push({ code: 'yaml-warning', severity: 'warning', message: firstLine(w.message), file, ...pos, pointer: '' });
  }
  const positions = new Map<string, SourcePos>();
  const walk = (node: Node | null | undefined, pointer: string) => {
    if (!node) return;
    if (node.range) positions.set(pointer, at(node.range[0]));
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${escapePointer(key)}`;
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) positions.set(`${child}#key`, at(keyNode.range[0]));
        walk(pair.value as Node, child);
        if (!positions.has(child) && keyNode?.range) positions.set(child, at(keyNode.range[0]));
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, `${pointer}/${i}`));
    }
  };
  walk(doc.contents as Node, '');
  const data = diagnostics.some((d) => d.severity === 'error') ? undefined : doc.toJS({ maxAliasCount: 100 });
  return { file, data, positions, diagnostics };
}

/** Position of a pointer, falling back to the nearest ancestor that has one. */
export function positionOf(parsed: Pick<ParsedFile, 'positions'>, pointer: string, key = false): SourcePos {
  if (key && parsed.positions.has(`${pointer}#key`)) return parsed.positions.get(`${pointer}#key`)!;
  let p = pointer;
  for (;;) {
    const pos = parsed.positions.get(p);
    if (pos) return pos;
    if (p === '') return { line: 1, col: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

/** The message without yaml's own " at line L, column C:" (our position prefix says it already). */
function firstLine(s: string): string {
  return s.split('\n')[0].trim().replace(/ at line \d+, column \d+:?$/, '');
}

/** `url: {{BASE_URL}}/x` — a flow mapping whose only key is another flow mapping — is a forgotten quote. */
function unquotedVariables(root: Node | null, text: string): Array<{ start: number; lineEnd: number; text: string }> {
  const { isMap, isSeq } = yaml();
  const out: Array<{ start: number; lineEnd: number; text: string }> = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const only = node.items.length === 1 ? node.items[0] : undefined;
      if (node.flow && only && isMap(only.key) && only.key.flow && node.range) {
        const start = node.range[0];
        const lineEnd = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
        out.push({ start, lineEnd, text: text.slice(start, node.range[1]).trim() });
        return;
      }
      for (const pair of node.items) { visit(pair.key); visit(pair.value); }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(root);
  return out;
}

/** Offset of the last unescaped `quote` before `end`, for "Missing closing "quote" errors. */
function openingQuote(text: string, end: number, message: string): number | undefined {
  const quote = /closing (["'])quote/.exec(message)?.[1];
  if (!quote) return undefined;
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] === quote && !(quote === '"' && text[i - 1] === '\\')) return i;
  }
  return undefined;
}
