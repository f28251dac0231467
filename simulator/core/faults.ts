// Fault injection, configured per simulator instance: latency, throttling, 5xx, dropped connections, and
// gateway timeouts after a write was processed.
import type { SimContext, SimResponse } from './types';
import { slice } from './app';

interface FaultCounters { throttled: number; failed: number; dropped: number; timedOut?: number }

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Flow Service error catalogue, 1104-504 "Gateway Timeout".
const TIMEOUT_DETAIL = 'A gateway timeout has occurred. Please try again. If the problem persists, please contact customer support.';

/** The answer that replaces a processed write's own (fault `afterWrite`), or undefined to send it as it is. */
export function afterWriteFault(ctx: SimContext, method: string, path: string, out: SimResponse): SimResponse | undefined {
  const f = ctx.config.faults.afterWrite;
  if (!f || out.status >= 400) return undefined;
  const counters = slice<FaultCounters>(ctx.state, 'faultCounters', () => ({ throttled: 0, failed: 0, dropped: 0 }));
  const methodMatches = f.method ? f.method.toUpperCase() === method : WRITES.has(method);
  if ((counters.timedOut ?? 0) >= f.count || !methodMatches || (f.pathPrefix && !path.startsWith(f.pathPrefix))) return undefined;
  counters.timedOut = (counters.timedOut ?? 0) + 1;
  const status = f.status ?? 504;
  if (path.startsWith('/data/foundation/flowservice')) {
    return { status, body: { type: `https://ns.adobe.com/aep/errors/FLOW-1104-${status}`, title: 'Gateway Timeout', status, report: { 'detailed-message': TIMEOUT_DETAIL }, errorMessage: TIMEOUT_DETAIL, errorDetails: TIMEOUT_DETAIL } };
  }
  return { status, body: { type: `http://ns.adobe.com/aep/errors/1104-${status}`, title: 'Gateway Timeout', status, detail: TIMEOUT_DETAIL } };
}

export async function applyFaults(ctx: SimContext, method: string, path: string, _seq: number): Promise<SimResponse | 'drop' | undefined> {
  const f = ctx.config.faults;
  if (f.readOnly && method !== 'GET' && method !== 'HEAD' && !f.readOnly.allow.some((p) => path.startsWith(p))) {
    ctx.state.refusedWrites = ((ctx.state.refusedWrites as number | undefined) ?? 0) + 1;
    return { status: 405, body: { title: 'Method Not Allowed', status: 405, detail: `read-only simulator: ${method} ${path} refused` } };
  }
  const counters = slice<FaultCounters>(ctx.state, 'faultCounters', () => ({ throttled: 0, failed: 0, dropped: 0 }));
  if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
  const matches = (prefix?: string) => !prefix || path.startsWith(prefix);
  if (f.dropConnections && counters.dropped < f.dropConnections.count && matches(f.dropConnections.pathPrefix)) {
    counters.dropped += 1;
    return 'drop';
  }
  if (f.throttle && counters.throttled < f.throttle.count && matches(f.throttle.pathPrefix)) {
    counters.throttled += 1;
    return { status: 429, headers: { 'retry-after': String(f.throttle.retryAfterSeconds) }, body: { error_code: '429050', message: 'Too many requests' } };
  }
  if (f.serverErrors && counters.failed < f.serverErrors.count && matches(f.serverErrors.pathPrefix)) {
    counters.failed += 1;
    return { status: f.serverErrors.status, body: { type: `http://ns.adobe.com/aep/errors/${f.serverErrors.status}`, title: 'Service temporarily unavailable', status: f.serverErrors.status } };
  }
  return undefined;
}
