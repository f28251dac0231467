// Loads the private key that signs Salesforce JWT assertions from whatever the user has: a PEM (PKCS#1 or PKCS#8,
// optionally encrypted), a DER key, or a PKCS#12 keystore such as Adobe's `jwtcert.p12`. Every failure becomes a
// KeyLoadError with a code, so `sign-jwt` and `doctor` can print one line instead of an OpenSSL stack.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Pkcs12Error, readPkcs12 } from './pkcs12';

export type KeyLoadErrorCode = 'not-found' | 'unreadable' | 'missing-passphrase' | 'wrong-passphrase' | 'not-rsa'
  | 'public-key' | 'certificate' | 'unrecognised' | 'unsupported';

export class KeyLoadError extends Error {
  constructor(message: string, readonly code: KeyLoadErrorCode) {
    super(message);
    this.name = 'KeyLoadError';
  }
}

export type KeySourceFormat = 'pem-pkcs8' | 'pem-pkcs1' | 'pem-encrypted-pkcs8' | 'pem-encrypted-pkcs1' | 'der' | 'pkcs12';

export interface LoadedKey {
  privateKey: crypto.KeyObject;
  format: KeySourceFormat;
  /** RSA modulus size in bits. */
  bits: number;
  /** Certificates stored alongside the key (PKCS#12 cert bags, or CERTIFICATE blocks in the same PEM). */
  certificates: crypto.X509Certificate[];
  /** PKCS#12 friendlyName of the key (the keytool alias). */
  alias?: string;
}

export interface KeyLoadOptions {
  passphrase?: string;
  /** Shown in messages; defaults to "the key". */
  label?: string;
}

function pemCertificates(text: string): crypto.X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new crypto.X509Certificate(block));
}

function mapCryptoError(err: unknown, label: string, encrypted: boolean): KeyLoadError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const message = (err as Error).message ?? '';
  if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') return new KeyLoadError(`${label} is encrypted; pass --passphrase`, 'missing-passphrase');
  if (encrypted && /bad decrypt|BAD_DECRYPT|wrong/i.test(`${code} ${message}`)) {
    return new KeyLoadError(`wrong passphrase for ${label}`, 'wrong-passphrase');
  }
  if (code === 'ERR_OSSL_EVP_UNSUPPORTED') return new KeyLoadError(`${label} uses an encryption this Node.js build cannot decrypt`, 'unsupported');
  return new KeyLoadError(`${label} is not a readable private key`, 'unrecognised');
}

function fromPem(text: string, options: KeyLoadOptions, label: string): Omit<LoadedKey, 'bits'> {
  const hasPrivate = /-----BEGIN (RSA |ENCRYPTED |EC )?PRIVATE KEY-----/.test(text);
  if (!hasPrivate) {
    if (/-{5}BEGIN OPENSSH PRIVATE KEY-{5}/.test(text)) {
      throw new KeyLoadError(`${label} is an OpenSSH key; convert it with \`ssh-keygen -p -m PKCS8 -f FILE\``, 'unrecognised');
    }
    if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) throw new KeyLoadError(`${label} is a public key; sign-jwt needs the private key`, 'public-key');
    if (/-----BEGIN CERTIFICATE-----/.test(text)) {
      throw new KeyLoadError(`${label} is a certificate (the part uploaded to Salesforce); pass the private key that goes with it`, 'certificate');
    }
    throw new KeyLoadError(`${label} holds no PEM private key`, 'unrecognised');
  }
  const pkcs1 = /-{5}BEGIN RSA PRIVATE KEY-{5}/.test(text);
  const encrypted = /-{5}BEGIN ENCRYPTED PRIVATE KEY-{5}/.test(text) || /Proc-Type:\s*4,ENCRYPTED/.test(text);
  if (encrypted && options.passphrase === undefined) throw new KeyLoadError(`${label} is encrypted; pass --passphrase`, 'missing-passphrase');
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({ key: text, format: 'pem', passphrase: options.passphrase });
  } catch (err) {
    throw mapCryptoError(err, label, encrypted);
  }
  const format: KeySourceFormat = encrypted ? (pkcs1 ? 'pem-encrypted-pkcs1' : 'pem-encrypted-pkcs8') : (pkcs1 ? 'pem-pkcs1' : 'pem-pkcs8');
  return { privateKey, format, certificates: pemCertificates(text) };
}

function looksLikePkcs12(data: Buffer): boolean {
  // PFX starts SEQUENCE { INTEGER 3, SEQUENCE { OID data ... } }; a PKCS#8 key starts SEQUENCE { INTEGER 0, ... }.
  const at = data.indexOf(Buffer.from([0x02, 0x01, 0x03, 0x30]));
  return data[0] === 0x30 && at > 0 && at <= 6;
}

function fromDer(data: Buffer, options: KeyLoadOptions, label: string): Omit<LoadedKey, 'bits'> {
  if (looksLikePkcs12(data)) {
    try {
      const p12 = readPkcs12(data, options.passphrase ?? '');
      return { privateKey: p12.privateKey, format: 'pkcs12', certificates: p12.certificates, alias: p12.alias };
    } catch (err) {
      if (!(err instanceof Pkcs12Error)) throw err;
      const code: KeyLoadErrorCode = err.code === 'no-key' || err.code === 'malformed' ? 'unrecognised' : err.code;
      throw new KeyLoadError(`${label}: ${err.message}`, code);
    }
  }
  for (const type of ['pkcs8', 'pkcs1'] as const) {
    try {
      return { privateKey: crypto.createPrivateKey({ key: data, format: 'der', type, passphrase: options.passphrase }), format: 'der', certificates: [] };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED' || (options.passphrase && type === 'pkcs8' && /decrypt/i.test(String(err)))) {
        throw mapCryptoError(err, label, true);
      }
    }
  }
  try {
    new crypto.X509Certificate(data);
  } catch {
    throw new KeyLoadError(`${label} is neither a PEM, a DER key nor a PKCS#12 file`, 'unrecognised');
  }
  throw new KeyLoadError(`${label} is a certificate (the part uploaded to Salesforce); pass the private key that goes with it`, 'certificate');
}

/** Parses key material; RSA only, because Salesforce's JWT bearer flow takes RS256 and nothing else. */
export function parsePrivateKey(data: Buffer, options: KeyLoadOptions = {}): LoadedKey {
  const label = options.label ?? 'the key';
  const text = data.toString('latin1');
  const loaded = text.includes('-----BEGIN ') ? fromPem(text, options, label) : fromDer(data, options, label);
  const type = loaded.privateKey.asymmetricKeyType;
  if (type !== 'rsa') {
    throw new KeyLoadError(`${label} is a${type === 'ec' ? 'n' : ''} ${String(type).toUpperCase()} key; Salesforce JWT bearer tokens need an RSA key (RS256)`, 'not-rsa');
  }
  return { ...loaded, bits: loaded.privateKey.asymmetricKeyDetails?.modulusLength ?? 0 };
}

export function readPrivateKeyFile(file: string, options: KeyLoadOptions = {}): LoadedKey {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyLoadError(`key file ${file} does not exist`, 'not-found');
    throw new KeyLoadError(`cannot read key file ${file} (${code ?? 'error'})`, 'unreadable');
  }
  return parsePrivateKey(data, { ...options, label: options.label ?? file });
}
