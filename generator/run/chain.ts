// The requests of a collection as data, for postforge's own Newman runs: the runtime sends each one that
// comes after a response from the script that judged it (pm.sendRequest) instead of leaving it to Newman,
// which would run a script of its own for it (see postforge.send in sandbox/runtime.js). Read from the
// collection's own items before withChain reduces them to stubs, so what is sent is what the item says:
// method, URL, headers, body and bearer token with their {{variables}} unresolved, and the settings of the
// item's test script.
import { RUNTIME_VARIABLE, SANDBOX2, runtimeIdOf, runtimeLoader } from '../compile/runtime-source';
import { PLAN_VARIABLE, type RunPlan } from '../compile/skip-plan';

type Json = Record<string, any>;

export const CHAIN_VARIABLE = 'postforge.chain';

/** Where a stub's URL points: a name that never resolves (RFC 2606), should one ever be sent. */
export const STUB_URL = 'https://postforge.invalid/stub';

export interface ChainRequest {
  m: string;
  u: string;
  h: Array<[string, string]>;
  bearer?: string;
  raw?: string;
  form?: Array<[string, string]>;
}

const AFTER_CALL = 'postforge.after(pm, ';

/** The JSON object that starts at `from` in `text` (strings and nesting respected), or undefined. */
function objectAt(text: string, from: number): unknown {
  if (text[from] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) {
        try { return JSON.parse(text.slice(from, i + 1)); } catch { return undefined; }
      }
    }
  }
  return undefined;
}

/** The settings an item's test script passes to postforge.after, when it is one such call. */
function afterSettings(item: Json): unknown {
  const test = (item.event ?? []).find((e: Json) => e.listen === 'test');
  const exec = test?.script?.exec;
  const text = Array.isArray(exec) ? exec.join('\n') : typeof exec === 'string' ? exec : '';
  const at = text.indexOf(AFTER_CALL);
  if (at < 0 || text.indexOf(AFTER_CALL, at + 1) >= 0) return undefined;
  // The compiler ends the call's line with ");" (a JSON text has no bare newline, nor ")" outside a string).
  const from = at + AFTER_CALL.length;
  const nl = text.indexOf(');\n', from);
  const end = nl >= 0 ? nl : text.endsWith(');') ? text.length - 2 : -1;
  if (end > from) {
    try { return JSON.parse(text.slice(from, end)); } catch { /* not the compiler's text: read it brace by brace */ }
  }
  return objectAt(text, from);
}

type Auth = Json | undefined;

/** Methods whose body Newman leaves out (it prunes them by default); pm.sendRequest would send it. */
const PRUNED = new Set(['GET', 'HEAD', 'COPY', 'PURGE', 'UNLOCK']);

/**
 * The request as data, or undefined when it has something a plain send would not reproduce exactly: auth
 * other than bearer/none (or an Authorization header beside it), path variables or switched-off query
 * parameters (the raw URL would not say so), a body Newman prunes or one it would give a Content-Type of its
 * own, a body mode other than raw or urlencoded.
 */
function requestOf(request: Json, auth: Auth): ChainRequest | undefined {
  const url = typeof request.url === 'string' ? request.url : request.url?.raw;
  if (typeof url !== 'string' || typeof request.method !== 'string') return undefined;
  if (typeof request.url === 'object' && ((request.url.variable ?? []).length || (request.url.query ?? []).some((q: Json) => q.disabled))) return undefined;
  const headers = (request.header ?? []).filter((h: Json) => !h.disabled);
  const has = (name: string) => headers.some((h: Json) => String(h.key).toLowerCase() === name);
  const out: ChainRequest = { m: request.method, u: url, h: headers.map((h: Json) => [String(h.key), String(h.value ?? '')] as [string, string]) };
  const a = request.auth ?? auth;
  if (a && a.type === 'bearer') {
    if (has('authorization')) return undefined;
    const token = (a.bearer ?? []).find((x: Json) => x.key === 'token');
    out.bearer = String(token?.value ?? '');
  } else if (a && a.type !== 'noauth') return undefined;
  const body = request.body;
  if (body && body.mode && PRUNED.has(request.method.toUpperCase())) return undefined;
  if (body && body.mode === 'raw') {
    if (!has('content-type')) return undefined;
    out.raw = String(body.raw ?? '');
  } else if (body && body.mode === 'urlencoded') {
    out.form = (body.urlencoded ?? []).filter((f: Json) => !f.disabled).map((f: Json) => [String(f.key), String(f.value ?? '')] as [string, string]);
  } else if (body && body.mode) return undefined;
  return out;
}

export interface ChainEntry {
  q: ChainRequest;
  a: unknown;
}

/** Item id → { q: request, a: test settings } for every request that can be sent from a script. */
export function chainTable(collection: Json): Record<string, ChainEntry> {
  const out: Record<string, ChainEntry> = {};
  const visit = (items: Json[], auth: Auth) => {
    for (const it of items ?? []) {
      if (Array.isArray(it.item)) { visit(it.item, it.auth ?? auth); continue; }
      if (!it.id || !it.request) continue;
      const q = requestOf(it.request, auth);
      const a = afterSettings(it);
      if (q && a && typeof a === 'object') out[it.id] = { q, a };
    }
  };
  visit(collection.item ?? [], collection.auth);
  return out;
}

function planOf(collection: Json): RunPlan | undefined {
  const raw = (collection.variable ?? []).find((v: Json) => v.key === PLAN_VARIABLE)?.value;
  try { return typeof raw === 'string' && raw ? JSON.parse(raw) as RunPlan : undefined; } catch { return undefined; }
}

/**
 * The collection as postforge's own run gives it to Newman: with its requests as data (see chainTable), and
 * each request the chain can send reduced to a stub: id, name and a pre-request script, no headers, body or
 * test script. Newman builds every item of a collection before the run, header by header, and most of them it
 * never runs: their requests go out from the script before them. The stub's script carries the request as
 * data (postforge.stub), then the item's own pre-request decision if it has one: where Newman does come to a
 * stub (a retry, a poll, after re-authentication, the start of a folder run), the request is sent from there
 * and the stub skipped. Requests with work of their own before they are sent (next page, row filtering,
 * signing) stay whole.
 */
export function withChain(collection: Json): Json {
  if ((collection.variable ?? []).some((v: Json) => v.key === CHAIN_VARIABLE)) return collection;
  const table = chainTable(collection);
  const plan = planOf(collection);
  const runtime = (collection.variable ?? []).find((v: Json) => v.key === RUNTIME_VARIABLE)?.value;
  const id = typeof runtime === 'string' ? runtimeIdOf(runtime) : undefined;
  const loader = id ? runtimeLoader(id) : [];
  const placed = new Map((plan?.e ?? []).map((e) => [e.id, e]));
  // Each entry is written twice (in the table and in its stub's script): serialised once.
  const texts = new Map<string, string>();
  const json = (key: string) => texts.get(key) ?? texts.set(key, JSON.stringify(table[key])).get(key)!;
  const stubOf = (it: Json): Json | undefined => {
    const entry = table[it.id];
    const place = placed.get(it.id);
    if (!entry || !place || place.self || !id) return undefined;
    const own = (it.event ?? []).find((e: Json) => e.listen === 'prerequest');
    const exec: unknown = own?.script?.exec;
    const lines = Array.isArray(exec) ? exec.map(String) : typeof exec === 'string' ? exec.split('\n') : undefined;
    // Its own decision follows the runtime loader lines every script starts with.
    const after = lines ? lines.indexOf(loader[loader.length - 1]) + 1 : 0;
    if (lines && !after) return undefined;
    const call = `postforge.stub(pm, ${json(it.id)}${lines ? ', true' : ''});`;
    const script = lines ? [...lines.slice(0, after), call, ...lines.slice(after)] : [SANDBOX2, ...loader, call];
    return {
      id: it.id,
      name: it.name,
      request: { method: it.request.method, url: STUB_URL },
      event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: script } }],
    };
  };
  const items = (list: Json[]): Json[] => list.map((it) => (Array.isArray(it.item) ? { ...it, item: items(it.item) } : stubOf(it) ?? it));
  const item = items(collection.item ?? []);
  const variable = [...(collection.variable ?? []), { key: CHAIN_VARIABLE, value: `{${Object.keys(table).map((k) => `${JSON.stringify(k)}:${json(k)}`).join(',')}}` }];
  return { ...collection, item, variable };
}
