// The runtime's "postforge: exists: …" console lines: requests skipped because what they make exists. A walk
// over the run plan names all it skipped in one line (a JSON list); a request deciding for itself names one.
// Kept apart from run-collection (which loads Newman) so the CLI can format them cheaply.

export const EXISTS_PREFIX = 'postforge: exists: ';

/** The request names one line carries ([] when it is not such a line). */
export function existsNames(text: string): string[] {
  if (!text.startsWith(EXISTS_PREFIX)) return [];
  const rest = text.slice(EXISTS_PREFIX.length);
  if (!rest.startsWith('[')) return [rest];
  try {
    const names: unknown = JSON.parse(rest);
    return Array.isArray(names) ? names.map(String) : [rest];
  } catch {
    return [rest];
  }
}
