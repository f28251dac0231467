// Queries over the request log kept by the app core (tests and the runner compare call volumes).
import type { RequestLogEntry, SimState } from './types';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Requests that may change state (POST/PUT/PATCH/DELETE), optionally only those under a path prefix. */
export function writeRequests(state: SimState, pathPrefix?: string): RequestLogEntry[] {
  return state.requests.filter((r) => WRITE_METHODS.has(r.method) && (!pathPrefix || r.path.startsWith(pathPrefix)));
}

export function countWriteRequests(state: SimState, pathPrefix?: string): number {
  return writeRequests(state, pathPrefix).length;
}
