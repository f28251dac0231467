// IPv4 addresses and CIDR blocks as 32-bit numbers, strict about form: the allowlist is security configuration,
// so "010.1.1.1" or a misaligned "40.70.226.97/28" is rejected rather than guessed at.
export interface Ipv4Block {
  /** As written: "40.70.226.96/28" or a bare "52.232.229.255". */
  entry: string;
  /** Always with a prefix ("/32" for a bare address). */
  cidr: string;
  prefix: number;
  start: number;
  end: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/** Parses "a.b.c.d" or "a.b.c.d/n"; returns an error message instead of a block when the entry is not valid. */
export function parseIpv4Block(entry: string): Ipv4Block | string {
  const [address, prefixText, extra] = entry.trim().split('/');
  const start = parseIpv4(address);
  if (start === undefined || extra !== undefined) return `"${entry}" is not an IPv4 address or CIDR block`;
  if (prefixText !== undefined && !/^(3[0-2]|[12]?\d)$/.test(prefixText)) return `"${entry}" has a prefix outside 0-32`;
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const size = 2 ** (32 - prefix);
  if (start % size !== 0) return `"${entry}" is not aligned: the network address of a /${prefix} there is ${formatIpv4(start - (start % size))}`;
  return { entry: entry.trim(), cidr: `${address}/${prefix}`, prefix, start, end: start + size - 1 };
}

export function blockContains(block: Ipv4Block, address: number): boolean {
  return address >= block.start && address <= block.end;
}
