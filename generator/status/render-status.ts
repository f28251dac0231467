// The status table, at most 80 columns wide: one row per object, then the reasons of the rows that are not ok.
// Pure text; the CLI prints it.
import type { StatusReport } from './collect-status';

export const WIDTH = 80;

function age(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

function duration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

const n = (v: number | undefined) => (v === undefined ? '-' : String(v));

/** Wraps `text` to the width, continuation lines indented. */
function wrap(text: string, indent: string, width = WIDTH): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = indent + word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.flatMap((l) => (l.length <= width ? [l] : l.match(new RegExp(`.{1,${width}}`, 'g')) ?? []));
}

export function renderStatus(r: StatusReport, now = Date.parse(r.checkedAt)): string[] {
  const lines: string[] = [];
  const c = r.connection;
  const jwt = c.jwt ? `, jwtToken ${c.jwt.expired ? 'EXPIRED' : `${c.jwt.daysLeft} days left`}` : '';
  lines.push(...wrap(`sandbox ${r.sandbox} · connection ${c.name}: ${c.found ? `${c.state}${jwt}` : 'MISSING'}`, '  '));
  const schedules = [...new Set(r.objects.flatMap((o) => (o.flow ? [o.flow.schedule] : [])))];
  if (schedules.length) lines.push(`dataflows run ${schedules.join(' / ')}`);
  lines.push('');
  const cols: Array<[string, number, 'l' | 'r']> = [['object', 22, 'l'], ['flow', 8, 'l'], ['last run', 10, 'l'], ['age', 4, 'r'], ['read', 7, 'r'], ['written', 7, 'r'], ['failed', 6, 'r'], ['time', 5, 'r'], ['P I', 3, 'l']];
  const row = (cells: string[]) => cells.map((v, i) => (cols[i][2] === 'l' ? v.slice(0, cols[i][1]).padEnd(cols[i][1]) : v.slice(0, cols[i][1]).padStart(cols[i][1]))).join(' ').trimEnd();
  lines.push(row(cols.map((x) => x[0])));
  for (const o of r.objects) {
    const last = o.runs[0];
    const finished = o.runs.find((x) => x.finished) ?? last;
    const flags = o.dataset ? `${o.dataset.profile ? 'P' : '-'} ${o.dataset.identity ? 'I' : '-'}` : '? ?';
    const status = !o.flow ? 'MISSING' : !last ? 'none' : o.verdict === 'failed' ? 'FAILED' : last.status;
    lines.push(row([o.object, o.flow?.state ?? '-', status, age(last?.startedAt, now), n(finished?.read), n(finished?.written), n(finished?.failed), duration(finished?.durationMs), flags]));
  }
  lines.push('(P I: dataset enabled for Profile / Identity)');
  const notes = r.objects.filter((o) => o.reason);
  if (notes.length || r.warnings.length) lines.push('');
  for (const w of r.warnings) lines.push(...wrap(`! ${w}`, '  '));
  for (const o of notes) lines.push(...wrap(`${o.verdict === 'failed' || o.verdict === 'missing' ? '✗' : '·'} ${o.object}: ${o.reason}`, '    '));
  const ok = r.objects.filter((o) => o.verdict === 'ok').length;
  lines.push('', `${ok}/${r.objects.length} dataflow(s) healthy — ${r.exitCode === 0 ? 'ok' : 'FAILED'}`);
  return lines;
}
