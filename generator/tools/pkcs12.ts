// A minimal PKCS#12 (.p12/.pfx) reader, enough for the `jwtcert.p12` of Adobe's Salesforce page: verify the MAC
// (so a wrong passphrase is reported as such), then walk PFX → AuthenticatedSafe → SafeContents → SafeBags and
// return the private key and whatever certificates can be read. node:crypto decrypts the shrouded key itself.
import * as crypto from 'node:crypto';
import { Asn1Error, Asn1Node, decodeOid, integerValue, octets, parseDer } from './der';
import { pbeDecrypt, UnsupportedEncryptionError } from './pbe-decrypt';
import { bmpPassword, PKCS12_ID, pkcs12Kdf } from './pkcs12-kdf';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
};
const MAC_HASH: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.4': 'sha224', '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
};

export type Pkcs12ErrorCode = 'malformed' | 'wrong-passphrase' | 'missing-passphrase' | 'no-key' | 'unsupported';

export class Pkcs12Error extends Error {
  constructor(message: string, readonly code: Pkcs12ErrorCode) {
    super(message);
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12Contents {
  privateKey: crypto.KeyObject;
  /** Certificates that could be read (those in RC2-encrypted bags of `-legacy` files cannot). */
  certificates: crypto.X509Certificate[];
  /** The key bag's friendlyName (the alias, e.g. `jwtcert`), when present. */
  alias?: string;
  /** False when the file has no MAC or an unsupported MAC scheme (e.g. PBMAC1). */
  macVerified: boolean;
}

/** OpenSSL encodes an empty password either as two zero bytes or as nothing; accept both, like it does. */
function passwordCandidates(passphrase: string): Buffer[] {
  return passphrase === '' ? [bmpPassword(''), Buffer.alloc(0)] : [bmpPassword(passphrase)];
}

function verifyMac(macData: Asn1Node, authSafe: Buffer, passphrase: string): boolean {
  const [digestInfo, saltNode, iterNode] = macData.children;
  const hash = MAC_HASH[decodeOid(digestInfo.children[0].children[0])];
  if (!hash) return false;
  const expected = octets(digestInfo.children[1]);
  const salt = octets(saltNode);
  const iterations = iterNode ? integerValue(iterNode) : 1;
  const matches = passwordCandidates(passphrase).some((password) => {
    const key = pkcs12Kdf(hash, password, salt, iterations, PKCS12_ID.MAC, expected.length);
    const actual = crypto.createHmac(hash, key).update(authSafe).digest();
    return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
  });
  if (!matches) {
    throw passphrase === '' ? new Pkcs12Error('the PKCS#12 file is password-protected; pass --passphrase', 'missing-passphrase')
      : new Pkcs12Error('wrong passphrase for the PKCS#12 file (its integrity check failed)', 'wrong-passphrase');
  }
  return true;
}

interface Bag { id: string; value: Asn1Node; attributes: Asn1Node | undefined }

function safeBags(authSafe: Buffer, passphrase: string): Bag[] {
  const bags: Bag[] = [];
  for (const info of parseDer(authSafe).children) {
    const type = decodeOid(info.children[0]);
    let contents: Buffer;
    if (type === OID.data) {
      contents = octets(info.children[1].children[0]);
    } else if (type === OID.encryptedData) {
      const encryptedContentInfo = info.children[1].children[0].children[1];
      const [, algorithm, encrypted] = encryptedContentInfo.children;
      try {
        contents = pbeDecrypt(algorithm, passphrase, octets(encrypted));
        parseDer(contents); // a wrong passphrase can still leave valid padding by chance
      } catch (err) {
        if (err instanceof UnsupportedEncryptionError) continue; // typically only certificates live here
        throw new Pkcs12Error('wrong passphrase for the PKCS#12 file (could not decrypt its contents)', 'wrong-passphrase');
      }
    } else {
      continue; // envelopedData (public-key protection) is not used for Salesforce keys
    }
    for (const bag of parseDer(contents).children) {
      bags.push({ id: decodeOid(bag.children[0]), value: bag.children[1].children[0], attributes: bag.children[2] });
    }
  }
  return bags;
}

function friendlyName(attributes: Asn1Node | undefined): string | undefined {
  const attribute = attributes?.children.find((a) => decodeOid(a.children[0]) === OID.friendlyName);
  const value = attribute?.children[1].children[0];
  if (!value) return undefined;
  return Buffer.from(value.content).swap16().toString('utf16le');
}

function decryptKey(bag: Bag, passphrase: string): crypto.KeyObject {
  const der = bag.value.raw;
  try {
    if (bag.id === OID.keyBag) return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_OSSL_EVP_UNSUPPORTED') throw new Pkcs12Error('the key in the PKCS#12 file uses an encryption this Node.js build cannot decrypt', 'unsupported');
    throw new Pkcs12Error('wrong passphrase for the PKCS#12 file (could not decrypt its private key)', 'wrong-passphrase');
  }
}

export function readPkcs12(der: Buffer, passphrase = ''): Pkcs12Contents {
  let pfx: Asn1Node;
  try {
    pfx = parseDer(der);
    if (pfx.tag !== 0x30 || integerValue(pfx.children[0]) !== 3) throw new Asn1Error('not a PFX version 3');
    const authSafeInfo = pfx.children[1];
    if (decodeOid(authSafeInfo.children[0]) !== OID.data) {
      throw new Pkcs12Error('PKCS#12 files protected with public keys are not supported', 'unsupported');
    }
    const authSafe = octets(authSafeInfo.children[1].children[0]);
    const macVerified = pfx.children[2] ? verifyMac(pfx.children[2], authSafe, passphrase) : false;
    const bags = safeBags(authSafe, passphrase);
    const keyBag = bags.find((b) => b.id === OID.shroudedKeyBag || b.id === OID.keyBag);
    if (!keyBag) throw new Pkcs12Error('the PKCS#12 file holds no private key', 'no-key');
    const certificates = bags
      .filter((b) => b.id === OID.certBag && decodeOid(b.value.children[0]) === OID.x509Certificate)
      .map((b) => new crypto.X509Certificate(octets(b.value.children[1].children[0])));
    return { privateKey: decryptKey(keyBag, passphrase), certificates, alias: friendlyName(keyBag.attributes), macVerified };
  } catch (err) {
    if (err instanceof Pkcs12Error) throw err;
    if (err instanceof Asn1Error || err instanceof TypeError) throw new Pkcs12Error(`not a readable PKCS#12 file (${err.message})`, 'malformed');
    throw err;
  }
}
