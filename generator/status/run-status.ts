// The `status` library entry: a session on the configured environment, the report, and the report files.
import path from 'node:path';
import type { VariableProblem } from '../run/check-variables';
import { withPlatformSession, type SessionOptions } from '../platform/open-session';
import { collectStatus, type StatusReport } from './collect-status';
import { writeStatusReports } from './write-status-reports';

export interface StatusOptions extends SessionOptions {
  reportsDir?: string;
  now?: () => number;
}

export interface StatusResult { problems: VariableProblem[]; report?: StatusReport; reportFiles: string[] }

export async function runStatus(opts: StatusOptions): Promise<StatusResult> {
  const { problems, result } = await withPlatformSession(opts, async (s) => {
    const report = await collectStatus({ client: s.client, values: s.values, resources: s.resources, now: opts.now });
    const files = writeStatusReports(opts.reportsDir ?? path.join(s.target.root, 'reports'), report, s.mask);
    return { report, files };
  });
  return { problems, report: result?.report, reportFiles: result?.files ?? [] };
}
