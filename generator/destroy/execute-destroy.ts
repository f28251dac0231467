// Deletes a plan's items in order. 404 means someone else already removed it (not an error); any other failure
// is recorded with the server's message and the rest still runs, so one refusal does not hide the others.
import type { PlatformClient } from '../platform/client';
import { serverMessage } from '../platform/client';
import type { DestroyItem, DestroyPlan } from './plan-destroy';

export interface DestroyOutcome {
  deleted: DestroyItem[];
  gone: DestroyItem[];
  failed: Array<{ item: DestroyItem; message: string }>;
}

export async function executeDestroy(client: PlatformClient, plan: DestroyPlan, onItem?: (item: DestroyItem, result: 'deleted' | 'gone' | 'failed', message?: string) => void): Promise<DestroyOutcome> {
  const out: DestroyOutcome = { deleted: [], gone: [], failed: [] };
  for (const item of plan.items) {
    const step = `delete ${item.kind} ${item.name}`;
    try {
      const a = await client.request(step, 'DELETE', item.url, item.kind === 'schema' || item.kind === 'descriptor' ? 'application/vnd.adobe.xed+json' : 'application/json');
      if (a.status >= 200 && a.status < 300) { out.deleted.push(item); onItem?.(item, 'deleted'); continue; }
      if (a.status === 404) { out.gone.push(item); onItem?.(item, 'gone'); continue; }
      const message = `HTTP ${a.status}: ${serverMessage(a.json, a.text)}`;
      out.failed.push({ item, message });
      onItem?.(item, 'failed', message);
    } catch (e) {
      out.failed.push({ item, message: (e as Error).message });
      onItem?.(item, 'failed', (e as Error).message);
    }
  }
  return out;
}
