// The `run --wait` step, run by the pipeline before it releases the target (the simulator must still be up):
// wait for each dataflow the run set up, then collect the status of all of them and write the status reports.
import type { Masker } from '../run/mask-secrets';
import { clientFor } from '../platform/open-session';
import { PlatformError } from '../platform/client';
import { selectedObjects, specResources } from '../platform/resources';
import { collectStatus, type StatusReport } from './collect-status';
import { waitForFirstRuns, type WaitOptions, type WaitResult } from './wait-for-runs';
import { writeStatusReports } from './write-status-reports';

export interface RunWaitOptions extends WaitOptions {
  fetch?: typeof fetch;
}

export interface RunWaitResult {
  exitCode: 0 | 1;
  wait?: WaitResult;
  status?: StatusReport;
  /** A request that failed while waiting (the step and the server's message). */
  error?: string;
  reportFiles: string[];
}

export async function waitAndReport(o: RunWaitOptions & { values: Record<string, string>; root: string; mask: Masker; reportsDir: string }): Promise<RunWaitResult> {
  const client = clientFor(o.values, { fetch: o.fetch, sleep: o.sleep });
  const resources = specResources(o.root);
  const flows = selectedObjects(resources.objects, o.values.SALESFORCE_OBJECTS)
    .flatMap((x) => (o.values[`DATAFLOW_ID_${x.key}`] ? [{ object: x.object, flowId: o.values[`DATAFLOW_ID_${x.key}`] }] : []));
  try {
    const wait = await waitForFirstRuns(client, flows, o);
    const status = await collectStatus({ client, values: o.values, resources, now: o.now });
    const reportFiles = writeStatusReports(o.reportsDir, status, o.mask);
    return { exitCode: wait.timedOut || status.exitCode ? 1 : 0, wait, status, reportFiles };
  } catch (e) {
    if (e instanceof PlatformError) return { exitCode: 1, error: o.mask(e.message), reportFiles: [] };
    throw e;
  }
}
