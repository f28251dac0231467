// Fault injection, configured per simulator instance: latency, throttling, 5xx, dropped connections.
import type { SimContext, SimResponse } from './types';
import { slice } from './app';

interface FaultCounters { throttled: number; failed: number; dropped: number }

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
