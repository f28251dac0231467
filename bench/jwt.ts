import * as crypto from 'node:crypto';
import { loadSigner } from '../generator/sandbox';

/** Median milliseconds to sign one JWT, per implementation, for one key size. */
export interface JwtBenchRow {
  ours_ms: number;
  jsrsasign_ms: number;
  /** node:crypto from the PEM text each time: the same work the other two do per JWT. */
  native_ms: number;
  /** node:crypto with the key parsed once (KeyObject): the floor for signing alone. */
  native_keyobject_ms: number;
}

export interface JwtBenchResult {
  bits2048: JwtBenchRow;
  bits4096: JwtBenchRow;
}

// jsrsasign ships no types; this is the one call the bench makes.
interface Jsrsasign {
  KJUR: { jws: { JWS: { sign(alg: string, header: object, payload: object, key: string): string } } };
}

const WARMUP = 5;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Warm each implementation up (so JIT tiers are comparable), then time `rounds` interleaved signings. */
function measure(fns: Array<() => unknown>, rounds: number): number[] {
  for (const fn of fns) for (let i = 0; i < WARMUP; i++) fn();
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = process.hrtime.bigint();
      fn();
      samples[i].push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  }
  return samples.map(median);
}

function benchBits(bits: number, rounds: number): JwtBenchRow {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const header = { alg: 'RS256', typ: 'JWT' };
  const claims = { iss: 'bench', sub: 'user@example.com', aud: 'https://login.example.com', exp: 2000000000 };
  const sign = loadSigner();
  const jsr = require('jsrsasign') as Jsrsasign;
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const [ours, jsrsasign, native, nativeKeyObject] = measure([
    () => sign({ alg: 'RS256', privateKey: pem, keyName: 'BENCH_KEY', claims }),
    () => jsr.KJUR.jws.JWS.sign('RS256', header, claims, pem),
    () => {
      // Same work as the others: encode, then parse the PEM and sign.
      const input = `${b64(header)}.${b64(claims)}`;
      return `${input}.${crypto.sign('RSA-SHA256', Buffer.from(input), pem).toString('base64url')}`;
    },
    () => {
      const input = `${b64(header)}.${b64(claims)}`;
      return `${input}.${crypto.sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
  ], rounds);
  return { ours_ms: ours, jsrsasign_ms: jsrsasign, native_ms: native, native_keyobject_ms: nativeKeyObject };
}

/**
 * Median time to sign one RS256 JWT with our sandbox signer (evaluated in node:vm as in Postman),
 * jsrsasign and node:crypto, side by side in one run, for 2048- and 4096-bit keys. Does not print.
 */
export async function benchJwt(opts: { rounds?: number } = {}): Promise<JwtBenchResult> {
  const rounds = Math.max(1, opts.rounds ?? 15);
  return { bits2048: benchBits(2048, rounds), bits4096: benchBits(4096, rounds) };
}
