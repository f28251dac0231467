// The slice of the shared environment one collection gets: the variables it reads and, transitively, those
// their values reference ({{IMS}} inside IMS_URL). Every script run ships the whole environment into the
// sandbox and back, so the other collections' ids and settings would only cost time.
const VAR_REF = /\{\{([^{}$][^{}]*)\}\}/g;

export function environmentFor(uses: readonly string[], env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const queue = [...uses];
  while (queue.length) {
    const name = queue.pop()!;
    if (name in out || !(name in env)) continue;
    out[name] = env[name];
    for (const m of env[name].matchAll(VAR_REF)) queue.push(m[1].trim());
  }
  return out;
}
