import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { signJwtCommand } from '../../generator/cli/sign-jwt';
import type { CliIO } from '../../generator/cli/types';
import { keyMatchesCertificate, describeCertificate } from '../../generator/tools/certificate';
import { KeyLoadError, readPrivateKeyFile } from '../../generator/tools/key-load';
import { generateKeyAndCertificate } from '../../generator/tools/keygen';
import { bmpPassword, pkcs12Kdf } from '../../generator/tools/pkcs12-kdf';
import { Pkcs12Error, readPkcs12 } from '../../generator/tools/pkcs12';

function captureIo(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {}, isTTY: false, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const openssl = (cwd: string, ...args: string[]) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
const BASE = ['--client-id', '3MVG9client', '--username', 'u@acme.example', '--now', '1700000000'];
const sameKey = (a: crypto.KeyObject, b: crypto.KeyObject) =>
  a.export({ format: 'jwk' }).d === b.export({ format: 'jwk' }).d && a.export({ format: 'jwk' }).n === b.export({ format: 'jwk' }).n;

describe('tools/pkcs12-kdf', () => {
  it('reproduces the published SHA-1 key and IV vectors (RFC 7292 B.2)', () => {
    // The widely published "smeg" vector: password "smeg", salt 0a58cf64530d823f, one iteration, SHA-1,
    // key (id 1, 24 bytes) and IV (id 2, 8 bytes).
    const key = pkcs12Kdf('sha1', bmpPassword('smeg'), Buffer.from('0a58cf64530d823f', 'hex'), 1, 1, 24);
    assert.equal(key.toString('hex'), '8aaae6297b6cb04642ab5b077851284eb7128f1a2a7fbca3');
    const iv = pkcs12Kdf('sha1', bmpPassword('smeg'), Buffer.from('0a58cf64530d823f', 'hex'), 1, 2, 8);
    assert.equal(iv.toString('hex'), '79993dfe048d3b76');
  });
  it('encodes passwords as BMPString with a terminator', () => {
    assert.equal(bmpPassword('ab').toString('hex'), '006100620000');
  });
});

describe('PKCS#12 and encrypted PEM keys (openssl-made)', function () {
  let dir: string;
  let key: crypto.KeyObject;
  let reference: string;
  before(async function () {
    if (!hasOpenssl) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-p12-'));
    await generateKeyAndCertificate({ outDir: dir, bits: 2048, days: 30, commonName: 'jwtcert', force: false });
    key = crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'key.pem')));
    const io = captureIo(dir);
    assert.equal(await signJwtCommand.run(['--key', 'key.pem', ...BASE], io), 0, io.err);
    reference = io.out;
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  const signWith = async (argv: string[]) => {
    const io = captureIo(dir);
    const code = await signJwtCommand.run([...argv, ...BASE], io);
    return { code, out: io.out, err: io.err };
  };

  it('reads an OpenSSL 3 default PKCS#12 (PBES2/AES-256, SHA-256 MAC) with its alias and certificate', async () => {
    openssl(dir, 'pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-name', 'jwtcert', '-passout', 'pass:s3cret', '-out', 'jwtcert.p12');
    const loaded = readPrivateKeyFile(path.join(dir, 'jwtcert.p12'), { passphrase: 's3cret' });
    assert.equal(loaded.format, 'pkcs12');
    assert.equal(loaded.alias, 'jwtcert');
    assert.equal(loaded.bits, 2048);
    assert.ok(sameKey(loaded.privateKey, key));
    assert.equal(loaded.certificates.length, 1);
    assert.equal(keyMatchesCertificate(loaded.privateKey, loaded.certificates[0]), true);
    assert.equal(describeCertificate(loaded.certificates[0]).subject, 'CN=jwtcert');
    const r = await signWith(['--key', 'jwtcert.p12', '--passphrase', 's3cret']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, reference);
  });

  it('reads an `openssl pkcs12 -legacy` file (3DES key, RC2 certificates, SHA-1 MAC) when openssl can write one', async function () {
    const made = spawnSync('openssl', ['pkcs12', '-export', '-legacy', '-in', 'cert.pem', '-inkey', 'key.pem', '-name', 'jwtcert', '-passout', 'pass:s3cret', '-out', 'legacy.p12'], { cwd: dir });
    if (made.status !== 0) this.skip(); // this openssl has no legacy provider
    const p12 = readPkcs12(fs.readFileSync(path.join(dir, 'legacy.p12')), 's3cret');
    assert.equal(p12.macVerified, true);
    assert.ok(sameKey(p12.privateKey, key));
    assert.equal(p12.alias, 'jwtcert');
    const r = await signWith(['--key', 'legacy.p12', '--passphrase', 's3cret']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, reference);
  });

  it('reads unencrypted certificates and a 3DES key, and files without a MAC', () => {
    openssl(dir, 'pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-passout', 'pass:pw', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'NONE', '-macalg', 'sha512', '-out', 'mixed.p12');
    const mixed = readPkcs12(fs.readFileSync(path.join(dir, 'mixed.p12')), 'pw');
    assert.ok(sameKey(mixed.privateKey, key));
    assert.equal(mixed.certificates.length, 1);
    assert.equal(mixed.macVerified, true);
    openssl(dir, 'pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-passout', 'pass:pw', '-nomac', '-out', 'nomac.p12');
    const nomac = readPkcs12(fs.readFileSync(path.join(dir, 'nomac.p12')), 'pw');
    assert.equal(nomac.macVerified, false);
    assert.ok(sameKey(nomac.privateKey, key));
    assert.throws(() => readPkcs12(fs.readFileSync(path.join(dir, 'nomac.p12')), 'nope'), (e: unknown) => e instanceof Pkcs12Error && e.code === 'wrong-passphrase');
  });

  it('reads a keystore made by Java keytool', function () {
    if (spawnSync('keytool', ['-help']).error) this.skip();
    execFileSync('keytool', ['-genkeypair', '-alias', 'jwtcert', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=jwt', '-validity', '2',
      '-storetype', 'pkcs12', '-keystore', 'keytool.p12', '-storepass', 'changeit', '-keypass', 'changeit'], { cwd: dir, stdio: 'ignore' });
    const loaded = readPrivateKeyFile(path.join(dir, 'keytool.p12'), { passphrase: 'changeit' });
    assert.equal(loaded.alias, 'jwtcert');
    assert.equal(loaded.certificates.length, 1);
    assert.equal(keyMatchesCertificate(loaded.privateKey, loaded.certificates[0]), true);
    assert.equal(keyMatchesCertificate(key, loaded.certificates[0]), false);
  });

  it('accepts an empty export password', () => {
    openssl(dir, 'pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-passout', 'pass:', '-out', 'empty.p12');
    assert.ok(sameKey(readPrivateKeyFile(path.join(dir, 'empty.p12')).privateKey, key));
  });

  it('says "wrong passphrase" or asks for one, in one line', async () => {
    openssl(dir, 'pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-passout', 'pass:s3cret', '-out', 'pw.p12');
    assert.throws(() => readPrivateKeyFile(path.join(dir, 'pw.p12'), { passphrase: 'guess' }),
      (e: unknown) => e instanceof KeyLoadError && e.code === 'wrong-passphrase');
    let r = await signWith(['--key', 'pw.p12', '--passphrase', 'guess']);
    assert.equal(r.code, 1);
    assert.equal(r.err, 'postforge sign-jwt: pw.p12: wrong passphrase for the PKCS#12 file (its integrity check failed)\n');
    r = await signWith(['--key', 'pw.p12']);
    assert.equal(r.code, 1);
    assert.equal(r.err, 'postforge sign-jwt: pw.p12: the PKCS#12 file is password-protected; pass --passphrase\n');
    fs.writeFileSync(path.join(dir, 'broken.p12'), fs.readFileSync(path.join(dir, 'pw.p12')).subarray(0, 200));
    r = await signWith(['--key', 'broken.p12', '--passphrase', 's3cret']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^postforge sign-jwt: broken\.p12: not a readable PKCS#12 file/);
  });

  it('signs with openssl-encrypted PEM keys (PKCS#8 AES and traditional PKCS#1 DES-EDE3)', async () => {
    openssl(dir, 'pkey', '-in', 'key.pem', '-aes256', '-passout', 'pass:pem-pw', '-out', 'enc8.pem');
    openssl(dir, 'rsa', '-in', 'key.pem', '-des3', '-traditional', '-passout', 'pass:pem-pw', '-out', 'enc1.pem');
    openssl(dir, 'pkcs8', '-topk8', '-v1', 'PBE-SHA1-3DES', '-in', 'key.pem', '-passout', 'pass:pem-pw', '-out', 'enc8-3des.pem');
    assert.match(fs.readFileSync(path.join(dir, 'enc1.pem'), 'utf8'), /Proc-Type: 4,ENCRYPTED/);
    for (const [file, format] of [['enc8.pem', 'pem-encrypted-pkcs8'], ['enc1.pem', 'pem-encrypted-pkcs1'], ['enc8-3des.pem', 'pem-encrypted-pkcs8']]) {
      assert.equal(readPrivateKeyFile(path.join(dir, file), { passphrase: 'pem-pw' }).format, format);
      const ok = await signWith(['--key', file, '--passphrase', 'pem-pw']);
      assert.equal(ok.code, 0, `${file}: ${ok.err}`);
      assert.equal(ok.out, reference, file);
      const bad = await signWith(['--key', file, '--passphrase', 'nope']);
      assert.equal(bad.code, 1);
      assert.equal(bad.err, `postforge sign-jwt: wrong passphrase for ${file}\n`);
    }
  });
});
