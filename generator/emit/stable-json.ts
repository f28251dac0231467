// Byte-stable JSON: keys in the order the compiler wrote them, two-space indent, LF, trailing newline.
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
