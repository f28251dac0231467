import * as crypto from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(crypto.generateKeyPair);

export interface TestKey {
  bits: number;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
}

/** RSA key pairs made at test time (never committed); generated concurrently on the libuv pool. */
export async function rsaKeys(sizes: number[]): Promise<TestKey[]> {
  return Promise.all(sizes.map(async (bits) => {
    const { privateKey, publicKey } = await generate('rsa', { modulusLength: bits });
    return { bits, privateKey, publicKey };
  }));
}

export function pem(key: crypto.KeyObject, type: 'pkcs1' | 'pkcs8'): string {
  return key.export({ type, format: 'pem' }) as string;
}

/** The reference signature: node:crypto over the same signing input. */
export function nativeSignature(alg: string, token: string, key: crypto.KeyObject): string {
  const input = token.slice(0, token.lastIndexOf('.'));
  return crypto.sign(`RSA-SHA${alg.slice(2)}`, Buffer.from(input), key).toString('base64url');
}

/** True when `text` holds a run of base64 long enough to be key material. */
export function looksLikeKeyMaterial(text: string): boolean {
  return /[A-Za-z0-9+/=]{16,}/.test(text);
}
