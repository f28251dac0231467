// `run --wait`: after the setup, poll Flow Service until each dataflow has a finished run (its first one, for a
// new flow), bounded by a deadline, with a growing pause between polls and a progress callback.
import type { PlatformClient } from '../platform/client';
import { FLOW_SERVICE } from './collect-status';
import { summarizeRun } from './summarize-run';

export interface WaitProgress { finished: number; total: number; pending: string[]; elapsedMs: number }

export interface WaitOptions {
  timeoutMs: number;
  onProgress?(p: WaitProgress): void;
  /** Injected by tests; real time by default. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** First pause between polls; it grows × 1.5 up to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
}

export interface WaitResult { timedOut: boolean; pending: string[]; waitedMs: number }

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitForFirstRuns(client: PlatformClient, flows: Array<{ object: string; flowId: string }>, opts: WaitOptions): Promise<WaitResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const started = now();
  const deadline = started + opts.timeoutMs;
  let pause = opts.intervalMs ?? 2000;
  let pending = [...flows];
  for (;;) {
    const still: typeof pending = [];
    for (const f of pending) {
      const runs = await client.list(`runs of ${f.object}`, client.url(`${FLOW_SERVICE}/runs?property=flowId==${encodeURIComponent(f.flowId)}&orderby=-createdAt&limit=1`), { maxItems: 1, maxPages: 1 });
      if (!runs.some((r) => summarizeRun(r).finished)) still.push(f);
    }
    pending = still;
    const elapsedMs = now() - started;
    opts.onProgress?.({ finished: flows.length - pending.length, total: flows.length, pending: pending.map((p) => p.object), elapsedMs });
    if (!pending.length) return { timedOut: false, pending: [], waitedMs: elapsedMs };
    const left = deadline - now();
    if (left <= 0) return { timedOut: true, pending: pending.map((p) => p.object), waitedMs: elapsedMs };
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 1.5, opts.maxIntervalMs ?? 30000);
  }
}
