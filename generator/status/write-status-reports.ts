// reports/status.json (the report as data) and reports/status-junit.xml (one test case per object, so a
// scheduled CI job shows ingestion health), both through the masker and written atomically.
import fs from 'node:fs';
import path from 'node:path';
import type { Masker } from '../run/mask-secrets';
import type { StatusReport } from './collect-status';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function statusJunit(r: StatusReport): string {
  const cases = r.objects.map((o) => {
    const last = o.runs.find((x) => x.finished);
    const time = ((last?.durationMs ?? 0) / 1000).toFixed(3);
    const name = xml(`${o.object} (${o.name})`);
    if (o.verdict === 'failed' || o.verdict === 'missing') {
      const msg = xml(o.reason ?? o.verdict);
      return `    <testcase classname="postforge.status" name="${name}" time="${time}">\n      <failure message="${msg}">${msg}</failure>\n    </testcase>`;
    }
    if (o.verdict === 'pending') return `    <testcase classname="postforge.status" name="${name}" time="0.000">\n      <skipped message="${xml(o.reason ?? 'pending')}"/>\n    </testcase>`;
    return `    <testcase classname="postforge.status" name="${name}" time="${time}"/>`;
  });
  const failures = r.objects.filter((o) => o.verdict === 'failed' || o.verdict === 'missing').length;
  const skipped = r.objects.filter((o) => o.verdict === 'pending').length;
  const props = [`sandbox=${r.sandbox}`, `connection=${r.connection.found ? r.connection.state : 'missing'}`, ...(r.connection.jwt ? [`jwtDaysLeft=${r.connection.jwt.daysLeft}`] : [])]
    .map((p) => { const [k, v] = p.split('='); return `      <property name="${xml(k)}" value="${xml(v)}"/>`; });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="postforge status">\n  <testsuite name="dataflows" tests="${cases.length}" failures="${failures}" skipped="${skipped}" timestamp="${r.checkedAt}">\n    <properties>\n${props.join('\n')}\n    </properties>\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function writeStatusReports(dir: string, r: StatusReport, mask: Masker): string[] {
  const files = [path.join(dir, 'status.json'), path.join(dir, 'status-junit.xml')];
  writeAtomic(files[0], mask(`${JSON.stringify(r, null, 2)}\n`));
  writeAtomic(files[1], mask(statusJunit(r)));
  return files;
}
