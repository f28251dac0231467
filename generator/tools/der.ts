// A minimal ASN.1 DER encoder and BER/DER reader: node:crypto signs and parses keys but builds no certificates
// and reads no PKCS#12 containers, so keygen and the PKCS#12 reader need just enough ASN.1 to do that themselves.

export const TAG = {
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06,
  UTF8_STRING: 0x0c, PRINTABLE_STRING: 0x13, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, SEQUENCE: 0x30, SET: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with the given identifier octet. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(TAG.SET, Buffer.concat(items));
export const nullValue = (): Buffer => tlv(TAG.NULL, Buffer.alloc(0));
export const octetString = (bytes: Buffer): Buffer => tlv(TAG.OCTET_STRING, bytes);
export const utf8String = (text: string): Buffer => tlv(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
export const boolean = (value: boolean): Buffer => tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0]));
/** BIT STRING with whole bytes (no unused bits), as used for keys and signatures. */
export const bitString = (bytes: Buffer): Buffer => tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), bytes]));
/** Context-specific constructed tag [n] (EXPLICIT tagging). */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

/** INTEGER from unsigned big-endian magnitude or a small non-negative number (minimal two's complement). */
export function integer(value: Buffer | number): Buffer {
  const hex = typeof value === 'number' ? value.toString(16) : '';
  let bytes = typeof value === 'number' ? Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex') : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && (bytes[start + 1] & 0x80) === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const out: number[] = [Number(arcs[0] * 40n + arcs[1])];
  for (const arc of arcs.slice(2)) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) group.unshift(Number(rest & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

/** X.509 Time: UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return date.getUTCFullYear() < 2050 ? tlv(TAG.UTC_TIME, Buffer.from(iso.slice(2), 'ascii'))
    : tlv(TAG.GENERALIZED_TIME, Buffer.from(iso, 'ascii'));
}

export interface Asn1Node {
  /** The identifier octet (class, constructed bit and tag number; only low tag numbers are used here). */
  tag: number;
  constructed: boolean;
  /** The content octets; for indefinite lengths, the content without the end-of-contents marker. */
  content: Buffer;
  children: Asn1Node[];
  /** The whole encoding (identifier, length and content) as it appeared in the input. */
  raw: Buffer;
}

export class Asn1Error extends Error {}

function readNode(buf: Buffer, at: number): { node: Asn1Node; end: number } {
  if (at + 2 > buf.length) throw new Asn1Error('truncated ASN.1 data');
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('high tag numbers are not supported');
  const constructed = (tag & 0x20) !== 0;
  let pos = at + 1;
  const first = buf[pos++];
  if (first === 0x80) return readIndefinite(buf, tag, at, pos);
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4 || pos + count > buf.length) throw new Asn1Error('bad ASN.1 length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  const end = pos + length;
  if (end > buf.length) throw new Asn1Error('truncated ASN.1 data');
  const content = buf.subarray(pos, end);
  return { node: { tag, constructed, content, children: constructed ? readAll(content) : [], raw: buf.subarray(at, end) }, end };
}

// BER indefinite lengths appear in PKCS#12 files written by Java keytool and Windows.
function readIndefinite(buf: Buffer, tag: number, at: number, start: number): { node: Asn1Node; end: number } {
  if (!(tag & 0x20)) throw new Asn1Error('indefinite length on a primitive value');
  const children: Asn1Node[] = [];
  let pos = start;
  while (pos + 2 <= buf.length && !(buf[pos] === 0 && buf[pos + 1] === 0)) {
    const child = readNode(buf, pos);
    children.push(child.node);
    pos = child.end;
  }
  if (pos + 2 > buf.length) throw new Asn1Error('truncated ASN.1 data');
  return { node: { tag, constructed: true, content: buf.subarray(start, pos), children, raw: buf.subarray(at, pos + 2) }, end: pos + 2 };
}

function readAll(buf: Buffer): Asn1Node[] {
  const nodes: Asn1Node[] = [];
  for (let pos = 0; pos < buf.length;) {
    const { node, end } = readNode(buf, pos);
    nodes.push(node);
    pos = end;
  }
  return nodes;
}

/** Parses one ASN.1 value that must fill the buffer. */
export function parseDer(buf: Buffer): Asn1Node {
  const { node, end } = readNode(buf, 0);
  if (end !== buf.length) throw new Asn1Error('trailing data after ASN.1 value');
  return node;
}

export function decodeOid(node: Asn1Node): string {
  if (node.tag !== TAG.OID) throw new Asn1Error('expected an OBJECT IDENTIFIER');
  const bytes = node.content;
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of bytes) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) { arcs.push(value); value = 0n; }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/** OCTET STRING content, joining the segments of a constructed (BER) OCTET STRING. */
export function octets(node: Asn1Node): Buffer {
  if ((node.tag & 0xdf) !== TAG.OCTET_STRING && !(node.tag & 0x80)) throw new Asn1Error('expected an OCTET STRING');
  return node.constructed ? Buffer.concat(node.children.map(octets)) : node.content;
}

export function integerValue(node: Asn1Node): number {
  if (node.tag !== TAG.INTEGER || node.content.length > 6) throw new Asn1Error('expected a small INTEGER');
  return node.content.reduce((acc, byte) => acc * 256 + byte, 0);
}
