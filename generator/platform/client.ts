// A small Experience Platform HTTP client for the read-and-delete commands (status, destroy, run --wait): the
// headers Adobe documents on every call, bounded retries on 429/5xx honouring Retry-After, list paging through
// `_links.next.href` (absolute, or relative to the service as Flow Service answers), and errors that name the
// step and carry the server's message. The fetch is injected so tests stay on loopback.
export interface PlatformClientOptions {
  platformUrl: string;
  accessToken: string;
  apiKey: string;
  orgId: string;
  sandbox: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Waits between retries; injected by tests. */
  sleep?: (ms: number) => Promise<void>;
  retries?: number;
}

export class PlatformError extends Error {
  constructor(readonly step: string, readonly status: number | undefined, message: string) {
    super(`${step}: ${status !== undefined ? `HTTP ${status}: ` : ''}${message}`);
    this.name = 'PlatformError';
  }
}

export interface PlatformAnswer { status: number; json: unknown; text: string }

export interface PlatformClient {
  /** Resolves a path under PLATFORM_URL (`/data/foundation/...`). */
  url(path: string): string;
  request(step: string, method: 'GET' | 'DELETE', url: string, accept?: string): Promise<PlatformAnswer>;
  /** GET that must answer 2xx; the parsed JSON body. */
  get(step: string, url: string, accept?: string): Promise<unknown>;
  /** Every item of a paged list (`items` or `results`), following next links for at most `maxPages` pages. */
  list(step: string, url: string, opts?: { accept?: string; maxPages?: number; maxItems?: number }): Promise<Array<Record<string, unknown>>>;
}

/** The server's own words from an error answer (Flow Service, Catalog, Schema Registry and IMS shapes). */
export function serverMessage(json: unknown, text: string): string {
  const j = (json ?? {}) as Record<string, unknown>;
  const report = (j.report ?? {}) as Record<string, unknown>;
  const code = typeof j.type === 'string' ? /errors\/([A-Z]+-\d+-\d+)/.exec(j.type)?.[1] : undefined;
  const msg = report['detailed-message'] ?? j.detail ?? j.message ?? j.errorMessage ?? j.title ?? j.error_description ?? j.error;
  const out = typeof msg === 'string' ? msg : text.slice(0, 300);
  return code && !out.includes(code) ? `${code} ${out}` : out;
}

/** Where a `_links.next.href` points: absolute, origin-relative (`/data/...`) or relative to the list's service. */
export function resolveNext(listUrl: string, href: string): string {
  if (/^https?:\/\//i.test(href)) return href;
  const base = new URL(listUrl);
  if (href.startsWith('/data/')) return `${base.origin}${href}`;
  const first = href.replace(/^\//, '').split(/[/?]/)[0];
  const at = base.pathname.lastIndexOf(`/${first}`);
  const prefix = at >= 0 ? base.pathname.slice(0, at) : base.pathname.replace(/\/[^/]*$/, '');
  return `${base.origin}${prefix}/${href.replace(/^\//, '')}`;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createPlatformClient(o: PlatformClientOptions): PlatformClient {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? defaultSleep;
  const retries = o.retries ?? 3;
  const root = o.platformUrl.replace(/\/+$/, '');
  async function request(step: string, method: 'GET' | 'DELETE', url: string, accept = 'application/json'): Promise<PlatformAnswer> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          headers: { authorization: `Bearer ${o.accessToken}`, 'x-api-key': o.apiKey, 'x-gw-ims-org-id': o.orgId, 'x-sandbox-name': o.sandbox, accept },
          signal: AbortSignal.timeout(o.timeoutMs ?? 30000),
        });
      } catch (e) {
        if (attempt < retries) { await sleep(1000 * 2 ** attempt); continue; }
        throw new PlatformError(step, undefined, `no answer from ${new URL(url).origin}: ${(e as Error).message}`);
      }
      if ((res.status === 429 || res.status >= 500) && attempt < retries) {
        const after = Number(res.headers.get('retry-after'));
        await res.text();
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : 1000 * 2 ** attempt);
        continue;
      }
      const text = await res.text();
      let json: unknown;
      try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
      return { status: res.status, json, text };
    }
  }
  async function get(step: string, url: string, accept?: string): Promise<unknown> {
    const a = await request(step, 'GET', url, accept);
    if (a.status < 200 || a.status >= 300) throw new PlatformError(step, a.status, serverMessage(a.json, a.text));
    return a.json;
  }
  return {
    url: (path) => `${root}${path}`,
    request,
    get,
    async list(step, url, opts = {}) {
      const out: Array<Record<string, unknown>> = [];
      let next: string | undefined = url;
      for (let page = 0; next && page < (opts.maxPages ?? 20); page++) {
        const body = (await get(step, next, opts.accept) ?? {}) as Record<string, unknown>;
        const items = (Array.isArray(body.items) ? body.items : Array.isArray(body.results) ? body.results : []) as Array<Record<string, unknown>>;
        out.push(...items);
        if (opts.maxItems !== undefined && out.length >= opts.maxItems) return out.slice(0, opts.maxItems);
        const href = ((body._links as Record<string, { href?: unknown } | null> | undefined)?.next)?.href;
        next = typeof href === 'string' && href && items.length ? resolveNext(next, href) : undefined;
      }
      return out;
    },
  };
}
