// `postforge keygen`: the RSA key and self-signed certificate for a Salesforce connected app, replacing
// `openssl req -newkey rsa:4096 -new -nodes -x509 -days 3650 -keyout key.pem -out cert.pem`.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { writeFilesAtomically } from './atomic-write';
import { buildSelfSignedCertificate } from './x509';

export const KEY_SIZES = [2048, 4096] as const;
export type KeySize = (typeof KEY_SIZES)[number];
export const DEFAULT_COMMON_NAME = 'postforge-salesforce-jwt';
export const MAX_DAYS = 36500;

export interface KeygenOptions {
  outDir: string;
  bits: KeySize;
  days: number;
  commonName: string;
  /** Replace existing key.pem / cert.pem. */
  force: boolean;
  keyFile?: string;
  certFile?: string;
  /** Clock for the validity period (tests). */
  now?: Date;
}

export interface KeygenResult {
  keyPath: string;
  certPath: string;
  /** SHA-256 fingerprint as colon-separated hex, as Salesforce and openssl show it. */
  fingerprint256: string;
  validFrom: string;
  validTo: string;
  bits: KeySize;
}

const generateKeyPair = promisify(crypto.generateKeyPair);

export async function generateKeyAndCertificate(options: KeygenOptions): Promise<KeygenResult> {
  if (!KEY_SIZES.includes(options.bits)) throw new RangeError(`key size must be 2048 or 4096, not ${options.bits}`);
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > MAX_DAYS) {
    throw new RangeError(`days must be a whole number from 1 to ${MAX_DAYS}`);
  }
  if (!options.commonName.trim()) throw new RangeError('the certificate common name must not be empty');
  const keyPath = path.resolve(options.outDir, options.keyFile ?? 'key.pem');
  const certPath = path.resolve(options.outDir, options.certFile ?? 'cert.pem');
  fs.mkdirSync(path.dirname(keyPath), { recursive: true });
  fs.mkdirSync(path.dirname(certPath), { recursive: true });

  const { privateKey } = await generateKeyPair('rsa', { modulusLength: options.bits, publicExponent: 0x10001 });
  const cert = buildSelfSignedCertificate({ privateKey, commonName: options.commonName, days: options.days, now: options.now });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  writeFilesAtomically([
    { path: keyPath, data: keyPem, mode: 0o600 },
    { path: certPath, data: cert.pem, mode: 0o644 },
  ], { overwrite: options.force });

  const x509 = new crypto.X509Certificate(cert.der);
  return { keyPath, certPath, fingerprint256: x509.fingerprint256, validFrom: x509.validFrom, validTo: x509.validTo, bits: options.bits };
}
