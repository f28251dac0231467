// The certificate side of the connected app: read cert.pem, check that it belongs to the signing key (a mismatch
// makes Salesforce reject every assertion with a generic invalid_grant), and summarise validity for `doctor`.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { KeyLoadError } from './key-load';

export interface CertificateSummary {
  subject: string;
  fingerprint256: string;
  validFrom: Date;
  validTo: Date;
  /** Whole days until expiry (negative when expired). */
  daysLeft: number;
  expired: boolean;
  notYetValid: boolean;
  selfSigned: boolean;
  keyType: string;
  bits: number;
}

/** True when the certificate's public key is the public half of `privateKey`. */
export function keyMatchesCertificate(privateKey: crypto.KeyObject, certificate: crypto.X509Certificate): boolean {
  if (privateKey.asymmetricKeyType !== certificate.publicKey.asymmetricKeyType) return false;
  return certificate.checkPrivateKey(privateKey);
}

export function readCertificateFile(file: string): crypto.X509Certificate {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeyLoadError(code === 'ENOENT' ? `certificate file ${file} does not exist` : `cannot read certificate file ${file} (${code})`,
      code === 'ENOENT' ? 'not-found' : 'unreadable');
  }
  try {
    return new crypto.X509Certificate(data);
  } catch {
    throw new KeyLoadError(`${file} is not an X.509 certificate (PEM or DER)`, 'unrecognised');
  }
}

export function describeCertificate(certificate: crypto.X509Certificate, now: Date = new Date()): CertificateSummary {
  const validFrom = new Date(certificate.validFrom);
  const validTo = new Date(certificate.validTo);
  const details = certificate.publicKey.asymmetricKeyDetails;
  return {
    subject: certificate.subject,
    fingerprint256: certificate.fingerprint256,
    validFrom,
    validTo,
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / 86_400_000),
    expired: validTo.getTime() < now.getTime(),
    notYetValid: validFrom.getTime() > now.getTime(),
    selfSigned: certificate.subject === certificate.issuer && certificate.verify(certificate.publicKey),
    keyType: certificate.publicKey.asymmetricKeyType ?? 'unknown',
    bits: details?.modulusLength ?? 0,
  };
}
