// RFC 6902 JSON Patch over a plain JSON document (the Schema Registry accepts every standard operation).
// Returns the patched copy, or an error message; the input is never modified, so a failed PATCH changes nothing.
type Json = unknown;

export interface PatchOp { op: string; path: string; value?: Json; from?: string }

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, path: string): { parent: Record<string, Json> | Json[]; key: string } {
  const t = tokens(path);
  if (t.length === 0) throw new Error('operations on the document root are not supported');
  let cur: Json = doc;
  for (const k of t.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(k)];
    else if (cur && typeof cur === 'object') cur = (cur as Record<string, Json>)[k];
    else cur = undefined;
    if (cur === undefined || cur === null || typeof cur !== 'object') throw new Error(`path ${path} does not exist`);
  }
  return { parent: cur as Record<string, Json> | Json[], key: t[t.length - 1] };
}

function arrayIndex(arr: Json[], key: string, forInsert: boolean): number {
  if (forInsert && key === '-') return arr.length;
  if (!/^(0|[1-9][0-9]*)$/.test(key)) throw new Error(`invalid array index "${key}"`);
  const i = Number(key);
  if (i > arr.length || (!forInsert && i === arr.length)) throw new Error(`array index ${i} out of bounds`);
  return i;
}

function getAt(doc: Json, path: string): Json {
  const { parent, key } = parentOf(doc, path);
  const v = Array.isArray(parent) ? parent[arrayIndex(parent, key, false)] : parent[key];
  if (v === undefined) throw new Error(`path ${path} does not exist`);
  return v;
}

function add(doc: Json, path: string, value: Json): void {
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
}

function remove(doc: Json, path: string): void {
  const { parent, key } = parentOf(doc, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else {
    if (!(key in parent)) throw new Error(`path ${path} does not exist`);
    delete parent[key];
  }
}

export function validatePatch(body: unknown): PatchOp[] | string {
  if (!Array.isArray(body)) return 'PATCH body must be a JSON array of operations';
  for (const op of body) {
    if (!op || typeof op !== 'object' || typeof op.op !== 'string' || typeof op.path !== 'string') return 'each operation needs string "op" and "path"';
    if (!['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op.op)) return `unsupported operation "${op.op}"`;
    if (['add', 'replace', 'test'].includes(op.op) && !('value' in op)) return `operation "${op.op}" on ${op.path} needs a value`;
    if (['move', 'copy'].includes(op.op) && typeof op.from !== 'string') return `operation "${op.op}" needs "from"`;
  }
  return body as PatchOp[];
}

export function applyPatch<T>(doc: T, ops: PatchOp[]): { doc: T } | { error: string } {
  const copy = JSON.parse(JSON.stringify(doc)) as T;
  try {
    for (const o of ops) {
      switch (o.op) {
        case 'add': add(copy, o.path, structuredClone(o.value)); break;
        case 'remove': remove(copy, o.path); break;
        case 'replace': getAt(copy, o.path); remove(copy, o.path); add(copy, o.path, structuredClone(o.value)); break;
        case 'move': { const v = getAt(copy, o.from!); remove(copy, o.from!); add(copy, o.path, v); break; }
        case 'copy': add(copy, o.path, structuredClone(getAt(copy, o.from!))); break;
        default:
          if (JSON.stringify(getAt(copy, o.path)) !== JSON.stringify(o.value)) throw new Error(`test failed at ${o.path}`);
      }
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { doc: copy };
}
