// The source fields a Data Prep expression reads. Data Prep takes every bare token that is not a function name
// (an identifier followed by `(`), a string literal, a number or true/false/null as a field name — so an unquoted
// literal such as a Salesforce org id (`00D5j00000SIMULAT`) is a field reference, and resolves to null at run time.
export type Token =
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'keyword'; text: string }
  | { kind: 'function'; text: string }
  | { kind: 'field'; text: string }
  | { kind: 'punct'; text: string };

const WORD = /[A-Za-z0-9_.]/;
const NUMBER = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const KEYWORDS = new Set(['true', 'false', 'null']);

export function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) { i += 1; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < expr.length && expr[j] !== c) j += expr[j] === '\\' ? 2 : 1;
      out.push({ kind: 'string', text: expr.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (WORD.test(c)) {
      let j = i;
      while (j < expr.length && WORD.test(expr[j])) j += 1;
      // Exponent sign: 1e+5 stays one number.
      if (/[eE]$/.test(expr.slice(i, j)) && /^\d/.test(c) && (expr[j] === '+' || expr[j] === '-') && /\d/.test(expr[j + 1] ?? '')) {
        j += 1;
        while (j < expr.length && WORD.test(expr[j])) j += 1;
      }
      const text = expr.slice(i, j);
      let k = j;
      while (k < expr.length && /\s/.test(expr[k])) k += 1;
      if (NUMBER.test(text)) out.push({ kind: 'number', text });
      else if (expr[k] === '(') out.push({ kind: 'function', text });
      else if (KEYWORDS.has(text.toLowerCase())) out.push({ kind: 'keyword', text });
      else out.push({ kind: 'field', text });
      i = j;
      continue;
    }
    out.push({ kind: 'punct', text: c });
    i += 1;
  }
  return out;
}

/** Distinct field names an expression reads, in order of first use. */
export function fieldReferences(expr: string): string[] {
  return [...new Set(tokenize(expr).filter((t) => t.kind === 'field').map((t) => t.text))];
}
