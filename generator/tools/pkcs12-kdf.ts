// The PKCS#12 key derivation (RFC 7292 Appendix B.2). Needed for the integrity MAC of every PKCS#12 file and for
// the legacy pbeWithSHAAnd3-KeyTripleDES-CBC encryption (`openssl pkcs12 -legacy`, Java keytool before JDK 12).
import * as crypto from 'node:crypto';

export const PKCS12_ID = { KEY: 1, IV: 2, MAC: 3 } as const;

const BLOCK_SIZE: Record<string, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

/** The password as PKCS#12 wants it: big-endian UTF-16 with a two-byte terminator. */
export function bmpPassword(passphrase: string): Buffer {
  const out = Buffer.alloc((passphrase.length + 1) * 2);
  for (let i = 0; i < passphrase.length; i++) out.writeUInt16BE(passphrase.charCodeAt(i), i * 2);
  return out;
}

function repeatToBlocks(data: Buffer, v: number): Buffer {
  if (data.length === 0) return Buffer.alloc(0);
  const length = v * Math.ceil(data.length / v);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = data[i % data.length];
  return out;
}

export function pkcs12Kdf(hash: string, password: Buffer, salt: Buffer, iterations: number, id: number, length: number): Buffer {
  const v = BLOCK_SIZE[hash];
  if (!v) throw new Error(`unsupported PKCS#12 KDF hash ${hash}`);
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([repeatToBlocks(salt, v), repeatToBlocks(password, v)]);
  const parts: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let A = crypto.createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = crypto.createHash(hash).update(A).digest();
    parts.push(A);
    produced += A.length;
    if (produced >= length) break;
    const B = repeatToBlocks(A, v);
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(parts).subarray(0, length);
}
