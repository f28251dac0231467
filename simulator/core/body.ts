// Request body parsing for the content types the real services accept: JSON (incl. vendor +json types),
// urlencoded forms and multipart forms (fields only).
export function parseBody(contentType: string | undefined, raw: Buffer): { value?: unknown; error?: string } {
  if (raw.length === 0) return { value: undefined };
  const type = (contentType ?? '').toLowerCase();
  const text = raw.toString('utf8');
  if (type.includes('json')) {
    try {
      return { value: JSON.parse(text) };
    } catch (e) {
      return { error: `Request body is not valid JSON: ${(e as Error).message}` };
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { value: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type.startsWith('multipart/form-data')) {
    const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    if (!m) return { error: 'multipart/form-data without boundary' };
    return { value: parseMultipart(text, m[1] ?? m[2]) };
  }
  return { value: text };
}

function parseMultipart(text: string, boundary: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(`--${boundary}`)) {
    const idx = part.indexOf('\r\n\r\n');
    if (idx < 0) continue;
    const head = part.slice(0, idx);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (!name) continue;
    out[name] = part.slice(idx + 4).replace(/\r\n$/, '');
  }
  return out;
}
