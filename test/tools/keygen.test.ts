import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { keygenCommand } from '../../generator/cli/keygen';
import type { CliIO } from '../../generator/cli/types';
import { FileExistsError, writeFilesAtomically } from '../../generator/tools/atomic-write';
import { decodeOid, integer, integerValue, octets, oid, parseDer, time } from '../../generator/tools/der';

function captureIo(cwd: string): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd, env: {}, isTTY: false, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('tools/der', () => {
  it('encodes INTEGER minimally with a sign byte when the top bit is set', () => {
    assert.equal(integer(0x80).toString('hex'), '02020080');
    assert.equal(integer(2).toString('hex'), '020102');
    assert.equal(integer(Buffer.from('0000ff', 'hex')).toString('hex'), '020200ff');
    assert.equal(integer(Buffer.from('000012', 'hex')).toString('hex'), '020112');
  });
  it('round-trips object identifiers with multi-byte arcs', () => {
    for (const id of ['1.2.840.113549.1.1.11', '2.5.29.19', '1.2.840.113549.1.12.10.1.2', '2.16.840.1.101.3.4.2.1']) {
      assert.equal(decodeOid(parseDer(oid(id))), id);
    }
    assert.equal(oid('1.2.840.113549').toString('hex'), '06062a864886f70d');
  });
  it('reads BER indefinite lengths and constructed OCTET STRINGs (Java and Windows PKCS#12)', () => {
    const node = parseDer(Buffer.from('308024800402aabb0401cc00000201050000', 'hex'));
    assert.equal(node.children.length, 2);
    assert.equal(octets(node.children[0]).toString('hex'), 'aabbcc');
    assert.equal(integerValue(node.children[1]), 5);
    assert.throws(() => parseDer(Buffer.from('3080020105', 'hex')), /truncated/);
    assert.throws(() => parseDer(Buffer.from('300302010500', 'hex')), /trailing data/);
  });
  it('uses UTCTime through 2049 and GeneralizedTime from 2050', () => {
    assert.equal(time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2), '491231235959Z');
    assert.equal(time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2), '20500101000000Z');
  });
});

describe('tools/atomic-write', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-atomic-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves nothing behind when the second file cannot be written', () => {
    const a = path.join(dir, 'a.pem');
    assert.throws(() => writeFilesAtomically([
      { path: a, data: 'A', mode: 0o600 }, { path: path.join(dir, 'missing', 'b.pem'), data: 'B', mode: 0o644 },
    ], { overwrite: false }));
    assert.deepEqual(fs.readdirSync(dir), []);
  });
  it('restores replaced files when a later one fails under overwrite', () => {
    const a = path.join(dir, 'a.pem');
    fs.writeFileSync(a, 'old');
    assert.throws(() => writeFilesAtomically([
      { path: a, data: 'new', mode: 0o600 }, { path: path.join(dir, 'missing', 'b.pem'), data: 'B', mode: 0o644 },
    ], { overwrite: true }));
    assert.equal(fs.readFileSync(a, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(dir), ['a.pem']);
  });
  it('refuses to overwrite and names every existing file', () => {
    fs.writeFileSync(path.join(dir, 'b'), 'x');
    assert.throws(() => writeFilesAtomically([{ path: path.join(dir, 'a'), data: '', mode: 0o600 }, { path: path.join(dir, 'b'), data: '', mode: 0o600 }],
      { overwrite: false }), (err: unknown) => err instanceof FileExistsError && err.paths.length === 1 && err.paths[0].endsWith('b'));
    assert.deepEqual(fs.readdirSync(dir), ['b']);
  });
});

describe('postforge keygen', function () {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pf-keygen-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a 0600 PKCS#8 key and a matching self-signed certificate, printing no key material', async () => {
    const io = captureIo(dir);
    const code = await keygenCommand.run(['--out-dir', 'out', '--bits', '2048', '--days', '30', '--cn', 'acme-jwt'], io);
    assert.equal(code, 0, io.err);
    const keyPath = path.join(dir, 'out', 'key.pem');
    const certPath = path.join(dir, 'out', 'cert.pem');
    assert.equal(fs.statSync(keyPath).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'out')).sort(), ['cert.pem', 'key.pem']); // no temp files left
    const keyPem = fs.readFileSync(keyPath, 'utf8');
    assert.match(keyPem, /^-{5}BEGIN PRIVATE KEY-{5}\n/);
    const cert = new crypto.X509Certificate(fs.readFileSync(certPath));
    const key = crypto.createPrivateKey(keyPem);
    assert.equal(cert.checkPrivateKey(key), true);
    assert.equal(cert.verify(cert.publicKey), true);
    assert.equal(cert.subject, 'CN=acme-jwt');
    assert.equal(cert.issuer, 'CN=acme-jwt');
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000, 30);
    assert.ok(io.out.includes(cert.fingerprint256), io.out);
    assert.ok(io.out.includes(path.join('out', 'cert.pem')));
    assert.ok(!io.out.includes('PRIVATE KEY') && !io.out.includes(keyPem.split('\n')[1]));
  });

  it('is accepted by openssl x509 and openssl rsa, with equal moduli', async function () {
    if (!hasOpenssl) this.skip();
    const io = captureIo(dir);
    assert.equal(await keygenCommand.run(['--bits', '2048'], io), 0, io.err);
    const text = openssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-text');
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /Subject: CN = postforge-salesforce-jwt/);
    assert.match(text, /CA:FALSE/);
    assert.match(openssl('rsa', '-in', path.join(dir, 'key.pem'), '-check', '-noout'), /RSA key ok/);
    const certModulus = openssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-modulus').trim();
    const keyModulus = openssl('rsa', '-in', path.join(dir, 'key.pem'), '-noout', '-modulus').trim();
    assert.match(certModulus, /^Modulus=[0-9A-F]{512}$/);
    assert.equal(certModulus, keyModulus);
    assert.match(openssl('verify', '-CAfile', path.join(dir, 'cert.pem'), path.join(dir, 'cert.pem')), /: OK/);
    const fingerprint = openssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-fingerprint', '-sha256').trim().split('=')[1];
    assert.ok(io.out.includes(fingerprint));
  });

  it('defaults to RSA 4096 and 3650 days', async () => {
    const io = captureIo(dir);
    assert.equal(await keygenCommand.run([], io), 0, io.err);
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'cert.pem')));
    assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 4096);
    assert.equal((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000, 3650);
  });

  it('refuses to overwrite without --force and replaces the pair with it', async () => {
    assert.equal(await keygenCommand.run(['--bits', '2048'], captureIo(dir)), 0);
    const before = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
    const io = captureIo(dir);
    assert.equal(await keygenCommand.run(['--bits', '2048'], io), 1);
    assert.match(io.err, /already exist.*--force/);
    assert.equal(io.err.trim().split('\n').length, 1);
    assert.equal(fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), before);
    assert.equal(await keygenCommand.run(['--bits', '2048', '--force'], captureIo(dir)), 0);
    const after = fs.readFileSync(path.join(dir, 'key.pem'), 'utf8');
    assert.notEqual(after, before);
    assert.equal(fs.statSync(path.join(dir, 'key.pem')).mode & 0o777, 0o600);
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'cert.pem')));
    assert.equal(cert.checkPrivateKey(crypto.createPrivateKey(after)), true);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['cert.pem', 'key.pem']);
  });

  it('rejects bad arguments with exit 2 and prints help with 0', async () => {
    for (const argv of [['--bits', '1024'], ['--days', '0'], ['--days', 'ten'], ['--nope'], ['extra']]) {
      const io = captureIo(dir);
      assert.equal(await keygenCommand.run(argv, io), 2, argv.join(' '));
      assert.match(io.err, /^postforge keygen: /);
    }
    const io = captureIo(dir);
    assert.equal(await keygenCommand.run(['--help'], io), 0);
    assert.equal(io.out, keygenCommand.help);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
