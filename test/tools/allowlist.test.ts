import { strict as assert } from 'node:assert';
import { allowlistCommand } from '../../generator/cli/allowlist';
import type { CliIO } from '../../generator/cli/types';
import { AllowlistDataError, loadAllowlist, parseAllowlist } from '../../generator/tools/allowlist';
import { formatIpv4, parseIpv4, parseIpv4Block } from '../../generator/tools/ipv4';

function captureIo(): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd: process.cwd(), env: {}, isTTY: false, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}
async function allowlist(...argv: string[]) {
  const io = captureIo();
  const code = await allowlistCommand.run(argv, io);
  return { code, out: io.out, err: io.err };
}

const COUNTS: Record<string, [number, number]> = { // entries, of which bare addresses (reference §6)
  VA7: [22, 5], NLD2: [24, 7], AUS5: [28, 8], CAN2: [27, 7], GBR9: [26, 6], IND2: [27, 7], AWS: [3, 3],
};

describe('tools/ipv4', () => {
  it('parses strictly', () => {
    assert.equal(parseIpv4('255.255.255.255'), 0xffffffff);
    assert.equal(formatIpv4(0xffffffff), '255.255.255.255');
    for (const bad of ['010.1.1.1', '1.2.3', '1.2.3.256', '1.2.3.4.5', ' 1.2.3.4', '1.2.3.-1', '']) assert.equal(parseIpv4(bad), undefined, bad);
    assert.match(String(parseIpv4Block('40.70.226.97/28')), /not aligned: the network address of a \/28 there is 40\.70\.226\.96/);
    assert.match(String(parseIpv4Block('1.2.3.4/33')), /prefix outside 0-32/);
    assert.deepEqual(parseIpv4Block('0.0.0.0/0'), { entry: '0.0.0.0/0', cidr: '0.0.0.0/0', prefix: 0, start: 0, end: 0xffffffff });
  });
});

describe('allowlist data (specs/data/allowlist.yaml)', () => {
  it('has the published entry counts per region and validates', () => {
    const regions = loadAllowlist();
    assert.deepEqual(regions.map((r) => r.code), Object.keys(COUNTS));
    for (const region of regions) {
      const bare = region.entries.filter((e) => !e.entry.includes('/')).length;
      assert.deepEqual([region.entries.length, bare], COUNTS[region.code], region.code);
      assert.equal(region.cloud, region.code === 'AWS' ? 'aws' : 'azure');
    }
    assert.equal(regions[0].name, 'North America');
    assert.deepEqual(regions[6].entries.map((e) => e.entry), ['34.193.63.59', '44.217.93.240', '44.194.79.229']);
  });

  it('reports every problem in bad data at once', () => {
    const yaml = `regions:
  - code: XX1
    cloud: azure
    name: Test
    entries: [10.0.0.0/28, 10.0.0.0/28, 10.0.0.8/29, 10.0.1.1/28, 10.0.2.0/40, 300.1.1.1]
  - code: XX1
    cloud: gcp
    name: Dup
    entries: [10.9.9.9]
`;
    assert.throws(() => parseAllowlist(yaml, 'bad.yaml'), (err: unknown) => {
      assert.ok(err instanceof AllowlistDataError);
      assert.deepEqual(err.problems, [
        'regions[0].entries[1]: 10.0.0.0/28 duplicates 10.0.0.0/28',
        'regions[0].entries[2]: 10.0.0.8/29 overlaps 10.0.0.0/28',
        'regions[0].entries[3]: "10.0.1.1/28" is not aligned: the network address of a /28 there is 10.0.1.0',
        'regions[0].entries[4]: "10.0.2.0/40" has a prefix outside 0-32',
        'regions[0].entries[5]: "300.1.1.1" is not an IPv4 address or CIDR block',
        'regions[1].cloud must be azure or aws',
        'region XX1 appears twice',
      ]);
      return true;
    });
  });
});

describe('postforge allowlist', () => {
  it('prints every entry as CIDR by default, bare addresses as /32', async () => {
    const r = await allowlist();
    assert.equal(r.code, 0);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 22 + 24 + 28 + 27 + 26 + 27 + 3);
    assert.equal(lines[0], '40.70.226.96/28');
    assert.equal(lines[2], '52.232.229.255/32');
    assert.equal(lines.at(-1), '44.194.79.229/32');
  });

  it('prints exact start-end ranges, one per entry', async () => {
    const r = await allowlist('--region', 'va7', '--format', 'range');
    assert.equal(r.code, 0);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 22);
    assert.equal(lines[0], '40.70.226.96-40.70.226.111');
    assert.equal(lines[2], '52.232.229.255-52.232.229.255');
    assert.equal(lines[8], '40.70.224.64-40.70.224.71'); // the /29
    assert.equal(lines[21], '40.70.226.208-40.70.226.223');
    const nld2 = (await allowlist('--region', 'NLD2', '--format', 'range')).out.split('\n');
    assert.equal(nld2[18], '51.144.184.248-51.144.184.255');
    const ind2 = (await allowlist('--region', 'ind2', '--format', 'range')).out.split('\n');
    assert.deepEqual(ind2.slice(0, 2), ['4.188.92.84-4.188.92.84', '4.224.5.224-4.224.5.239']);
  });

  it('selects regions case-insensitively, repeated or comma-separated, in data order', async () => {
    const a = await allowlist('--region', 'gbr9,Can2', '--format', 'csv');
    const b = await allowlist('--region', 'CAN2', '--region', 'gbr9', '--format', 'csv');
    assert.equal(a.out, b.out);
    const rows = a.out.trimEnd().split('\n');
    assert.equal(rows[0], 'region,cloud,name,entry,cidr,start,end,addresses');
    assert.equal(rows.length, 1 + 27 + 26);
    assert.equal(rows[1], 'CAN2,azure,Canada,20.116.159.48/28,20.116.159.48/28,20.116.159.48,20.116.159.63,16');
    assert.equal(rows[28], 'GBR9,azure,United Kingdom,20.162.155.16/28,20.162.155.16/28,20.162.155.16,20.162.155.31,16');
    assert.ok(rows.includes('GBR9,azure,United Kingdom,20.108.200.27,20.108.200.27/32,20.108.200.27,20.108.200.27,1'));
  });

  it('emits JSON with per-region entries', async () => {
    const r = await allowlist('--format', 'json', '--region', 'aus5,aws');
    const parsed = JSON.parse(r.out) as Array<{ code: string; cloud: string; entries: Array<{ entry: string; start: string; end: string; addresses: number }> }>;
    assert.deepEqual(parsed.map((p) => [p.code, p.cloud, p.entries.length]), [['AUS5', 'azure', 28], ['AWS', 'aws', 3]]);
    assert.deepEqual(parsed[0].entries[0], { entry: '20.43.111.32/28', cidr: '20.43.111.32/28', start: '20.43.111.32', end: '20.43.111.47', addresses: 16 });
  });

  it('rejects an unknown region or format with exit 2, listing the valid regions', async () => {
    const r = await allowlist('--region', 'va7,VA6');
    assert.equal(r.code, 2);
    assert.equal(r.err, 'postforge allowlist: unknown region VA6; valid regions: VA7, NLD2, AUS5, CAN2, GBR9, IND2, AWS\n');
    assert.equal(r.out, '');
    assert.equal((await allowlist('--format', 'xml')).code, 2);
    assert.equal((await allowlist('--bogus')).code, 2);
    const help = await allowlist('--help');
    assert.equal(help.code, 0);
    assert.equal(help.out, allowlistCommand.help);
  });

  it('names the region and entry that contain an address', async () => {
    let r = await allowlist('--contains', '40.70.226.100');
    assert.equal(r.code, 0);
    assert.equal(r.out, 'VA7 (North America, azure): 40.70.226.96/28 (40.70.226.96-40.70.226.111)\n');
    r = await allowlist('--contains', '44.217.93.240', '--format', 'json');
    assert.deepEqual(JSON.parse(r.out), [{ region: 'AWS', cloud: 'aws', name: 'Experience Platform on AWS', entry: '44.217.93.240', cidr: '44.217.93.240/32', start: '44.217.93.240', end: '44.217.93.240' }]);
    r = await allowlist('--contains', '20.162.153.47');
    assert.match(r.out, /^GBR9 .*20\.162\.153\.32\/28/);
    r = await allowlist('--contains', '40.70.226.100', '--region', 'NLD2');
    assert.equal(r.code, 1);
    assert.equal(r.err, '40.70.226.100 is in none of NLD2\n');
    r = await allowlist('--contains', '8.8.8.8');
    assert.equal(r.code, 1);
    r = await allowlist('--contains', '8.8.8');
    assert.equal(r.code, 2);
    assert.match(r.err, /needs an IPv4 address/);
  });
});
