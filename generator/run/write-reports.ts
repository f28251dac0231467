// Reports under reports/: JUnit XML, a redacted JSON summary and outputs.json (captured ids). Every byte goes
// through the masker; files are written atomically so a killed run never leaves half a report.
import fs from 'node:fs';
import path from 'node:path';
import type { Masker } from './mask-secrets';
import type { FailureEvent, RequestEvent } from './run-collection';
import type { Change } from './changes';

export interface ReportData {
  env: string;
  startedAt: string;
  durationMs: number;
  collections: Array<{ name: string; requests: RequestEvent[]; failures: FailureEvent[]; skipped: boolean }>;
  outputs: Record<string, string>;
  writes: number;
  changes: Change[];
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitXml(data: ReportData): string {
  const suites = data.collections.map((c) => {
    const cases = c.requests.map((r) => {
      const fails = c.failures.filter((f) => f.step === r.step);
      const time = ((r.timeMs ?? 0) / 1000).toFixed(3);
      const body = fails.map((f) => `      <failure message="${xml(f.message)}">${xml(f.message)}</failure>`).join('\n');
      return `    <testcase classname="${xml(c.name)}" name="${xml(`${r.step} [${r.method} ${r.status ?? 'no answer'}]`)}" time="${time}">${body ? `\n${body}\n    ` : ''}</testcase>`;
    });
    const stepsWithoutRequest = c.failures.filter((f) => !c.requests.some((r) => r.step === f.step));
    for (const f of stepsWithoutRequest) cases.push(`    <testcase classname="${xml(c.name)}" name="${xml(f.step)}" time="0.000">\n      <failure message="${xml(f.message)}">${xml(f.message)}</failure>\n    </testcase>`);
    const failed = new Set(c.failures.map((f) => f.step)).size;
    return `  <testsuite name="${xml(c.name)}" tests="${cases.length}" failures="${failed}"${c.skipped ? ' skipped="1"' : ''}>\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="postforge ${xml(data.env)}" time="${(data.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** reports/plan.json: what `postforge plan` found, grouped the way the table shows it. */
export function writePlan(dir: string, plan: { env: string; changes: Change[]; failed: boolean }, mask: Masker): string {
  const file = path.join(dir, 'plan.json');
  const of = (...actions: string[]) => plan.changes.filter((c) => actions.includes(c.action));
  const body = {
    env: plan.env,
    complete: !plan.failed,
    pending: plan.changes.length,
    create: of('create'),
    update: of('update', 'delete'),
    manual: of('manual'),
    notInSpecs: of('remove'),
  };
  writeAtomic(file, mask(`${JSON.stringify(body, null, 2)}\n`));
  return file;
}

export function writeReports(dir: string, data: ReportData, mask: Masker, which: { junit: boolean; json: boolean }): string[] {
  const written: string[] = [];
  const put = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeAtomic(file, mask(text));
    written.push(file);
  };
  if (which.junit) put('junit.xml', junitXml(data));
  if (which.json) put('summary.json', `${JSON.stringify(data, null, 2)}\n`);
  put('outputs.json', `${JSON.stringify(data.outputs, null, 2)}\n`);
  return written;
}
