// Decrypts PKCS#12 EncryptedData content (where OpenSSL puts the certificates). node:crypto can decrypt an
// encrypted private key by itself, but not arbitrary encrypted content, so the two schemes OpenSSL writes that the
// default provider can still run are done here: PBES2 (OpenSSL 3 default) and SHA-1/3DES (`-legacy` keys).
import * as crypto from 'node:crypto';
import { Asn1Node, decodeOid, integerValue, octets } from './der';
import { bmpPassword, PKCS12_ID, pkcs12Kdf } from './pkcs12-kdf';

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
const PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1', '1.2.840.113549.2.8': 'sha224', '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384', '1.2.840.113549.2.11': 'sha512',
};
const CIPHERS: Record<string, { name: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};

export class UnsupportedEncryptionError extends Error {}

function pbes2(params: Asn1Node, passphrase: string, data: Buffer): Buffer {
  const [kdf, scheme] = params.children;
  if (decodeOid(kdf.children[0]) !== PBKDF2) throw new UnsupportedEncryptionError('PBES2 with a KDF other than PBKDF2');
  const [salt, iterations, ...rest] = kdf.children[1].children;
  const prfNode = rest.find((node) => node.tag === 0x30);
  const prf = prfNode ? PRF[decodeOid(prfNode.children[0])] : 'sha1';
  const cipher = CIPHERS[decodeOid(scheme.children[0])];
  if (!prf || !cipher) throw new UnsupportedEncryptionError('PBES2 with an unsupported PRF or cipher');
  const key = crypto.pbkdf2Sync(Buffer.from(passphrase, 'utf8'), octets(salt), integerValue(iterations), cipher.keyLength, prf);
  const decipher = crypto.createDecipheriv(cipher.name, key, octets(scheme.children[1]));
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

function pbeSha13Des(params: Asn1Node, passphrase: string, data: Buffer): Buffer {
  const salt = octets(params.children[0]);
  const iterations = integerValue(params.children[1]);
  const password = bmpPassword(passphrase);
  const key = pkcs12Kdf('sha1', password, salt, iterations, PKCS12_ID.KEY, 24);
  const iv = pkcs12Kdf('sha1', password, salt, iterations, PKCS12_ID.IV, 8);
  const decipher = crypto.createDecipheriv('des-ede3-cbc', key, iv);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

/** Decrypts `data` encrypted with the AlgorithmIdentifier `algorithm`; throws UnsupportedEncryptionError otherwise. */
export function pbeDecrypt(algorithm: Asn1Node, passphrase: string, data: Buffer): Buffer {
  const id = decodeOid(algorithm.children[0]);
  if (id === PBES2) return pbes2(algorithm.children[1], passphrase, data);
  if (id === PBE_SHA1_3DES) return pbeSha13Des(algorithm.children[1], passphrase, data);
  throw new UnsupportedEncryptionError(`encryption ${id} (for example RC2, which OpenSSL 3 keeps in its legacy provider)`);
}
