// Deterministic ids: UUID v5 (SHA-1, RFC 4122) of a name in postforge's namespace, so the same spec gives the
// same ids on every machine and diffs stay readable.
import { createHash } from 'node:crypto';

const NAMESPACE = Buffer.from('6f2c1f0e8d5a4b3c9e7d1a2b3c4d5e6f', 'hex');

export function uuidV5(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
