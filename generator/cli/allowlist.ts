// `postforge allowlist`: prints the Experience Platform IP allowlist for the Salesforce source from
// specs/data/allowlist.yaml, or names the region an address belongs to.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ALLOWLIST_FORMATS, AllowlistDataError, AllowlistFormat, AllowlistRegion, findAddress, loadAllowlist, renderAllowlist, selectRegions,
  DEFAULT_ALLOWLIST_FILE,
} from '../tools/allowlist';
import { formatIpv4 } from '../tools/ipv4';
import { Command, CliIO, UsageError } from './types';

const help = `Usage: postforge allowlist [--region CODE]... [--format cidr|range|json|csv] [--contains IP]

Prints the IP addresses Adobe Experience Platform uses to reach Salesforce, for Salesforce Setup →
Network Access (Trusted IP Ranges) or a profile's Login IP Ranges.

Options:
  --region CODE   VA7, NLD2, AUS5, CAN2, GBR9, IND2 (Azure) or AWS; case-insensitive, repeatable or
                  comma-separated (default: all)
  --format F      cidr   one CIDR block per line (single addresses as /32; default)
                  range  one start-end pair per line, the form Trusted IP Ranges takes; one range per
                         published entry, adjacent entries are deliberately not merged
                  json   regions with their entries, start, end and address counts
                  csv    one row per entry with a header row
  --contains IP   name the region(s) and entry that contain IP (exit 1 when none does)
  --data FILE     read another allowlist file (default specs/data/allowlist.yaml)
  -h, --help      show this help
`;

function describeMatch(region: AllowlistRegion, entry: { entry: string; start: number; end: number }): string {
  return `${region.code} (${region.name}, ${region.cloud}): ${entry.entry} (${formatIpv4(entry.start)}-${formatIpv4(entry.end)})`;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        region: { type: 'string', multiple: true }, format: { type: 'string' }, contains: { type: 'string' },
        data: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) { io.stdout(help); return 0; }
    const format = (values.format ?? 'cidr').toLowerCase() as AllowlistFormat;
    if (!ALLOWLIST_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${ALLOWLIST_FORMATS.join(', ')}`);
    const regions = loadAllowlist(values.data ? path.resolve(io.cwd, values.data) : DEFAULT_ALLOWLIST_FILE);
    const selected = selectRegions(regions, (values.region ?? []).flatMap((r) => r.split(',')));
    if (!Array.isArray(selected)) {
      throw new UsageError(`unknown region ${selected.unknown.join(', ')}; valid regions: ${regions.map((r) => r.code).join(', ')}`);
    }
    if (values.contains === undefined) { io.stdout(renderAllowlist(selected, format)); return 0; }

    const matches = findAddress(selected, values.contains);
    if (!matches) throw new UsageError(`--contains needs an IPv4 address, not "${values.contains}"`);
    if (format === 'json') {
      io.stdout(`${JSON.stringify(matches.map(({ region, block }) => ({
        region: region.code, cloud: region.cloud, name: region.name, entry: block.entry, cidr: block.cidr,
        start: formatIpv4(block.start), end: formatIpv4(block.end),
      })), null, 2)}\n`);
    } else {
      for (const { region, block } of matches) io.stdout(`${describeMatch(region, block)}\n`);
    }
    if (matches.length === 0) {
      io.stderr(`${values.contains.trim()} is in none of ${selected.map((r) => r.code).join(', ')}\n`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`postforge allowlist: ${(err as Error).message}\n`);
      return err instanceof UsageError ? err.exitCode : 2;
    }
    if (err instanceof AllowlistDataError) { io.stderr(`postforge allowlist: ${err.message}\n`); return 2; }
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') { io.stderr(`postforge allowlist: ${(err as Error).message}\n`); return 2; }
    throw err;
  }
}

export const allowlistCommand: Command = {
  name: 'allowlist',
  help,
  run,
};
