// The simulator's HTTP core: routing, body parsing, the Platform gateway checks, fault injection and the
// request log. Service modules only register routes; they never touch sockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Route, SimConfig, SimContext, SimRequest, SimResponse, SimState } from './types';
import { parseBody } from './body';
import { checkPlatformHeaders } from './gateway';
import { afterWriteFault, applyFaults } from './faults';

export interface SimApp {
  route(route: Route): void;
}

export interface RunningSimulator {
  url: string;
  port: number;
  state: SimState;
  config: SimConfig;
  /** Move the simulator clock forward (tests of token expiry). */
  advanceClock(ms: number): void;
  stop(): Promise<void>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}

export function createApp(): SimApp & { routes: CompiledRoute[] } {
  const routes: CompiledRoute[] = [];
  return {
    routes,
    route(route) {
      routes.push({ ...route, ...compilePattern(route.pattern) });
    },
  };
}

function send(res: http.ServerResponse, out: SimResponse): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload = '';
  if (out.body !== undefined) {
    if (typeof out.body === 'string') {
      payload = out.body;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json;charset=utf-8';
    }
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

export interface StartOptions {
  config: SimConfig;
  port?: number;
  host?: string;
  /** Registers each service's routes; defaults to every service. */
  services: Array<(app: SimApp) => void>;
  state?: SimState;
}

let idCounter = 0;

export async function startApp(opts: StartOptions): Promise<RunningSimulator> {
  const app = createApp();
  for (const register of opts.services) register(app);
  const state: SimState = opts.state ?? { requests: [] };
  let clockOffset = 0;
  const ctx: SimContext = {
    state,
    config: opts.config,
    now: () => Date.now() + clockOffset,
    newId(kind) {
      idCounter += 1;
      const rand = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
      if (kind === 'hex32') return rand;
      if (kind === 'hex24') return rand.slice(0, 24);
      return `${rand.slice(0, 8)}-${rand.slice(8, 12)}-4${rand.slice(13, 16)}-a${rand.slice(17, 20)}-${rand.slice(20, 32)}`;
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const seq = state.requests.length + 1;
    const entry = { seq, method, path: url.pathname, status: 0, receivedMs: performance.now() };
    state.requests.push(entry);
    const finish = (out: SimResponse) => {
      entry.status = out.status;
      send(res, out);
    };
    try {
      const fault = await applyFaults(ctx, method, url.pathname, seq);
      if (fault === 'drop') {
        entry.status = -1;
        req.socket.destroy();
        return;
      }
      if (fault) return finish(fault);
      const candidates = app.routes.filter((r) => r.regex.test(url.pathname));
      if (candidates.length === 0) {
        return finish({ status: 404, body: { type: 'http://ns.adobe.com/aep/errors/404', title: 'Not Found', status: 404, detail: `No route for ${method} ${url.pathname}` } });
      }
      const route = candidates.find((r) => r.method === method);
      if (!route) {
        return finish({ status: 405, headers: { allow: candidates.map((r) => r.method).join(', ') }, body: { title: 'Method Not Allowed', status: 405, detail: `${method} is not allowed on ${url.pathname}` } });
      }
      const m = route.regex.exec(url.pathname)!;
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => { params[n] = decodeURIComponent(m[i + 1]); });
      const parsed = parseBody(req.headers['content-type'], rawBody);
      if (parsed.error) return finish({ status: 400, body: { title: 'Bad Request', status: 400, detail: parsed.error } });
      const simReq: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, body: parsed.value, params };
      if (route.auth === 'platform') {
        const denied = checkPlatformHeaders(simReq, ctx);
        if (denied) return finish(denied);
      }
      const out = await route.handler(simReq, ctx);
      finish(afterWriteFault(ctx, method, url.pathname, out) ?? out);
    } catch (err) {
      finish({ status: 500, body: { title: 'Internal Server Error', status: 500, detail: String((err as Error)?.message ?? err) } });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    config: opts.config,
    advanceClock(ms) { clockOffset += ms; },
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A typed slice of the shared state, created on first use. */
export function slice<T>(state: SimState, name: string, init: () => T): T {
  if (!(name in state)) state[name] = init();
  return state[name] as T;
}
