// YAML → plain data plus a position index, so later stages can point at `file:line:col` by JSON pointer.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, isPair, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';

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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): SourcePos => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };
  for (const e of doc.errors) {
    // yaml reports an unclosed quote at the end of the file; the opening quote is where the fix goes.
    const open = e.code === 'MISSING_CHAR' ? openingQuote(text, e.pos[0], e.message) : undefined;
    const pos = at(open ?? e.pos[0]);
    const hint = open !== undefined ? 'this quoted string is never closed' : undefined;
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: firstLine(e.message), file, ...pos, pointer: '', ...(hint ? { hint } : {}) });
  }
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

/** Offset of the last unescaped `quote` before `end`, for "Missing closing "quote" errors. */
function openingQuote(text: string, end: number, message: string): number | undefined {
  const quote = /closing (["'])quote/.exec(message)?.[1];
  if (!quote) return undefined;
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] === quote && !(quote === '"' && text[i - 1] === '\\')) return i;
  }
  return undefined;
}
