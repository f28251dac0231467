// Every output path goes through one masker: secret values are replaced in their raw, JSON-escaped,
// URL-encoded and base64 forms (and the base64url form used inside JWTs).
export interface Masker {
  (text: string): string;
  /** Learn a secret found during the run (a token, a signed JWT). */
  add(secret: string): void;
}

export const MASK = '***';

export function createMasker(secrets: Iterable<string>): Masker {
  const needles = new Set<string>();
  let sorted: string[] = [];
  const add = (s: string) => {
    if (!s || s.length < 4) return;
    const forms = [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s), encodeURIComponent(s).replace(/%20/g, '+'), Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url')];
    for (const f of forms) if (f.length >= 4) needles.add(f);
    // A PEM key may also travel line by line: mask each long base64 line of it.
    for (const line of s.split(/\r?\n|\\n/)) if (line.length >= 16) needles.add(line);
    sorted = [...needles].sort((a, b) => b.length - a.length);
  };
  for (const s of secrets) add(s);
  const mask = ((text: string) => {
    let out = text;
    for (const n of sorted) if (out.includes(n)) out = out.split(n).join(MASK);
    return out;
  }) as Masker;
  mask.add = add;
  return mask;
}
