// Small readers over a SimRequest shared by the service modules.
import type { SimRequest } from './types';

export function headerValue(req: SimRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Platform resources are isolated per sandbox; the gateway has already checked that it exists. */
export function sandboxOf(req: SimRequest): string {
  return headerValue(req, 'x-sandbox-name') ?? 'prod';
}

/** Scheme + host the client used, so links in answers can be followed against the simulator itself. */
export function baseUrl(req: SimRequest): string {
  return `http://${headerValue(req, 'host') ?? '127.0.0.1'}`;
}

/** JSON object body, or undefined when the body is absent or not an object. */
export function objectBody(req: SimRequest): Record<string, unknown> | undefined {
  const b = req.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : undefined;
}
