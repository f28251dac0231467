// The Experience Platform IP allowlist for the Salesforce source, kept as data in specs/data/allowlist.yaml and
// validated on load, with the lookups and renderings behind `postforge allowlist`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../package-root';
import { blockContains, formatIpv4, Ipv4Block, parseIpv4, parseIpv4Block } from './ipv4';

export const DEFAULT_ALLOWLIST_FILE = path.join(PACKAGE_ROOT, 'specs', 'data', 'allowlist.yaml');
export const ALLOWLIST_FORMATS = ['cidr', 'range', 'json', 'csv'] as const;
export type AllowlistFormat = (typeof ALLOWLIST_FORMATS)[number];

export interface AllowlistRegion {
  code: string;
  cloud: 'azure' | 'aws';
  name: string;
  entries: Ipv4Block[];
}

export class AllowlistDataError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`);
    this.name = 'AllowlistDataError';
  }
}

function validateRegion(raw: unknown, index: number, problems: string[]): AllowlistRegion | undefined {
  const where = `regions[${index}]`;
  const r = raw as Record<string, unknown>;
  if (!r || typeof r !== 'object') { problems.push(`${where} is not a mapping`); return undefined; }
  if (typeof r.code !== 'string' || !/^[A-Z0-9]+$/.test(r.code)) problems.push(`${where}.code must be an upper-case region code`);
  if (r.cloud !== 'azure' && r.cloud !== 'aws') problems.push(`${where}.cloud must be azure or aws`);
  if (typeof r.name !== 'string' || !r.name) problems.push(`${where}.name must be a non-empty string`);
  if (!Array.isArray(r.entries) || r.entries.length === 0) { problems.push(`${where}.entries must be a non-empty list`); return undefined; }
  const entries: Ipv4Block[] = [];
  r.entries.forEach((entry: unknown, i: number) => {
    const block = parseIpv4Block(String(entry));
    if (typeof block === 'string') { problems.push(`${where}.entries[${i}]: ${block}`); return; }
    const clash = entries.find((e) => block.start <= e.end && e.start <= block.end);
    if (clash) problems.push(`${where}.entries[${i}]: ${block.entry} ${clash.cidr === block.cidr ? 'duplicates' : 'overlaps'} ${clash.entry}`);
    entries.push(block);
  });
  return { code: String(r.code), cloud: r.cloud as 'azure' | 'aws', name: String(r.name), entries };
}

/** Parses and validates allowlist YAML text; throws AllowlistDataError listing every problem. */
export function parseAllowlist(text: string, file = 'allowlist.yaml'): AllowlistRegion[] {
  const doc = parse(text) as { regions?: unknown } | null;
  if (!doc || !Array.isArray(doc.regions)) throw new AllowlistDataError(file, ['top-level "regions" list is missing']);
  const problems: string[] = [];
  const regions = doc.regions.map((raw, i) => validateRegion(raw, i, problems)).filter((r): r is AllowlistRegion => !!r);
  const codes = regions.map((r) => r.code);
  codes.forEach((code, i) => { if (codes.indexOf(code) !== i) problems.push(`region ${code} appears twice`); });
  if (problems.length > 0) throw new AllowlistDataError(file, problems);
  return regions;
}

export function loadAllowlist(file: string = DEFAULT_ALLOWLIST_FILE): AllowlistRegion[] {
  return parseAllowlist(fs.readFileSync(file, 'utf8'), file);
}

/** Picks regions by code, case-insensitively; returns the unknown codes instead when there are any. */
export function selectRegions(regions: AllowlistRegion[], codes: string[]): AllowlistRegion[] | { unknown: string[] } {
  if (codes.length === 0) return regions;
  const wanted = codes.map((c) => c.trim().toUpperCase()).filter(Boolean);
  const unknown = wanted.filter((c) => !regions.some((r) => r.code === c));
  if (unknown.length > 0) return { unknown };
  return regions.filter((r) => wanted.includes(r.code));
}

export interface AllowlistMatch {
  region: AllowlistRegion;
  block: Ipv4Block;
}

/** The regions (and entries) that contain `address`; undefined when the address is not valid IPv4. */
export function findAddress(regions: AllowlistRegion[], address: string): AllowlistMatch[] | undefined {
  const value = parseIpv4(address.trim());
  if (value === undefined) return undefined;
  return regions.flatMap((region) => region.entries.filter((b) => blockContains(b, value)).map((block) => ({ region, block })));
}

const csvCell = (value: string | number): string => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

/** Renders the selected regions; one line (or JSON object) per entry, never merged, in the order of the data. */
export function renderAllowlist(regions: AllowlistRegion[], format: AllowlistFormat): string {
  const rows = regions.flatMap((region) => region.entries.map((block) => ({ region, block })));
  switch (format) {
    case 'cidr':
      return rows.map(({ block }) => `${block.cidr}\n`).join('');
    case 'range':
      return rows.map(({ block }) => `${formatIpv4(block.start)}-${formatIpv4(block.end)}\n`).join('');
    case 'csv':
      return ['region,cloud,name,entry,cidr,start,end,addresses\n', ...rows.map(({ region, block }) =>
        `${[region.code, region.cloud, region.name, block.entry, block.cidr, formatIpv4(block.start), formatIpv4(block.end), block.end - block.start + 1].map(csvCell).join(',')}\n`)].join('');
    case 'json':
      return `${JSON.stringify(regions.map((region) => ({
        code: region.code, cloud: region.cloud, name: region.name,
        entries: region.entries.map((b) => ({ entry: b.entry, cidr: b.cidr, start: formatIpv4(b.start), end: formatIpv4(b.end), addresses: b.end - b.start + 1 })),
      })), null, 2)}\n`;
  }
}
