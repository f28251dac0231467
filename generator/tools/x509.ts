// A self-signed X.509 v3 certificate for a Salesforce connected app ("Use digital signatures"), equivalent to
// `openssl req -x509 -newkey rsa:4096 -days 3650`. Salesforce only reads the public key from it, so the subject is
// a single CN and the extensions are the usual identifiers plus basicConstraints CA:FALSE.
import * as crypto from 'node:crypto';
import { bitString, boolean, explicit, integer, nullValue, octetString, oid, sequence, set, time, utf8String } from './der';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const COMMON_NAME = '2.5.4.3';
const SUBJECT_KEY_ID = '2.5.29.14';
const AUTHORITY_KEY_ID = '2.5.29.35';
const BASIC_CONSTRAINTS = '2.5.29.19';
const DAY_MS = 86_400_000;

export interface SelfSignedOptions {
  privateKey: crypto.KeyObject;
  commonName: string;
  days: number;
  /** Start of validity; defaults to now (injected by tests). */
  now?: Date;
  /** Serial number bytes; defaults to 16 random bytes made positive. */
  serial?: Buffer;
}

export interface BuiltCertificate {
  der: Buffer;
  pem: string;
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid(COMMON_NAME), utf8String(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

function randomSerial(): Buffer {
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive and never zero, at most 20 octets (RFC 5280 §4.1.2.2)
  return serial;
}

/** Key identifier method (1) of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bit string. */
function keyIdentifier(publicKey: crypto.KeyObject): Buffer {
  const rsaPublicKey = publicKey.export({ type: 'pkcs1', format: 'der' });
  return crypto.createHash('sha1').update(rsaPublicKey).digest();
}

export function buildSelfSignedCertificate(options: SelfSignedOptions): BuiltCertificate {
  const publicKey = crypto.createPublicKey(options.privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const notBefore = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + options.days * DAY_MS);
  const algorithm = sequence(oid(SHA256_WITH_RSA), nullValue());
  const subject = name(options.commonName);
  const keyId = keyIdentifier(publicKey);
  const extensions = sequence(
    extension(BASIC_CONSTRAINTS, true, sequence()),
    extension(SUBJECT_KEY_ID, false, octetString(keyId)),
    extension(AUTHORITY_KEY_ID, false, sequence(Buffer.concat([Buffer.from([0x80, keyId.length]), keyId]))),
  );
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(options.serial ?? randomSerial()),
    algorithm,
    subject, // issuer: self-signed
    sequence(time(notBefore), time(notAfter)),
    subject,
    spki,
    explicit(3, extensions),
  );
  const signature = crypto.sign('sha256', tbs, options.privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return { der, pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n` };
}
