import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { loadSigner } from '../../generator/sandbox';
import { looksLikeKeyMaterial, pem, rsaKeys, type TestKey } from './keys';

const sign = loadSigner();
const NAME = 'SALESFORCE_PRIVATE_KEY';
const DECRYPT = `${NAME}: private key is encrypted; decrypt it first, e.g. openssl pkey -in key.pem -out key-plain.pem`;
const NOT_PEM = `${NAME}: not a PEM private key (no -----BEGIN line)`;

function wrap(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

function jwkKey(jwk: crypto.JsonWebKey): string {
  return pem(crypto.createPrivateKey({ key: jwk, format: 'jwk' }), 'pkcs1');
}

describe('sandbox JWT signer: errors', function () {
  const cases: Array<{ name: string; key: () => unknown; alg?: string; want: string }> = [];
  let rsa: TestKey[] = [];

  before(async function () {
    this.timeout(60000);
    rsa = await rsaKeys([2048, 2048, 1024]);
  });

  const [a, b] = [() => rsa[0], () => rsa[1]];
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = crypto.generateKeyPairSync('ed25519');
  const pass = { cipher: 'aes-256-cbc', passphrase: 'correct horse' };
  cases.push(
    { name: 'missing key', key: () => undefined, want: `${NAME}: private key is empty or not set` },
    { name: 'empty key', key: () => '', want: `${NAME}: private key is empty or not set` },
    { name: 'blank key', key: () => ' \n\t ', want: `${NAME}: private key is empty or not set` },
    { name: 'encrypted PKCS#8', key: () => a().privateKey.export({ type: 'pkcs8', format: 'pem', ...pass }), want: DECRYPT },
    { name: 'encrypted PKCS#1', key: () => a().privateKey.export({ type: 'pkcs1', format: 'pem', ...pass }), want: DECRYPT },
    { name: 'EC PRIVATE KEY', key: () => ec.privateKey.export({ type: 'sec1', format: 'pem' }),
      want: `${NAME}: EC key found, but RS256 needs an RSA private key` },
    { name: 'EC in PKCS#8', key: () => pem(ec.privateKey, 'pkcs8'), alg: 'RS512',
      want: `${NAME}: EC key found, but RS512 needs an RSA private key` },
    { name: 'Ed25519 in PKCS#8', key: () => pem(ed.privateKey, 'pkcs8'),
      want: `${NAME}: EdDSA key found, but RS256 needs an RSA private key` },
    { name: 'OpenSSH key', key: () => wrap('OPENSSH PRIVATE KEY', crypto.randomBytes(600)),
      want: `${NAME}: OpenSSH key format; convert it with ssh-keygen -p -m PEM -f key` },
    { name: 'SPKI public key', key: () => a().publicKey.export({ type: 'spki', format: 'pem' }),
      want: `${NAME}: this is a public key; signing needs the private key` },
    { name: 'PKCS#1 public key', key: () => a().publicKey.export({ type: 'pkcs1', format: 'pem' }),
      want: `${NAME}: this is a public key; signing needs the private key` },
    { name: 'certificate', key: () => wrap('CERTIFICATE', a().publicKey.export({ type: 'spki', format: 'der' })),
      want: `${NAME}: this is a certificate; signing needs the private key` },
    { name: 'prose', key: () => 'please paste the key here', want: NOT_PEM },
    { name: 'base64 of something else', key: () => Buffer.from('{"not":"a key"}').toString('base64'), want: NOT_PEM },
    { name: 'a huge base64 blob', key: () => crypto.randomBytes(200000).toString('base64'), want: NOT_PEM },
    { name: 'BEGIN without END', key: () => pem(a().privateKey, 'pkcs8').replace(/-----END[^]*$/, ''),
      want: `${NAME}: malformed private key (no complete BEGIN/END PRIVATE KEY block)` },
    { name: 'bad base64 body', key: () => pem(a().privateKey, 'pkcs8').replace(/\n(.)/, '\n*$1'),
      want: `${NAME}: malformed private key (bad base64)` },
    { name: 'truncated DER', key: () => wrap('PRIVATE KEY', (a().privateKey.export({ type: 'pkcs8', format: 'der' })).subarray(0, 600)),
      want: `${NAME}: malformed private key (bad DER)` },
    { name: 'DER of a public key under a private label', key: () => wrap('RSA PRIVATE KEY', a().publicKey.export({ type: 'pkcs1', format: 'der' })),
      want: `${NAME}: malformed private key (bad DER)` },
    { name: 'p from another key', key: () => jwkKey({ ...a().privateKey.export({ format: 'jwk' }), p: b().privateKey.export({ format: 'jwk' }).p }),
      want: `${NAME}: malformed private key (inconsistent RSA parameters)` },
    { name: 'dp from another key', key: () => jwkKey({ ...a().privateKey.export({ format: 'jwk' }), dp: b().privateKey.export({ format: 'jwk' }).dp }),
      want: `${NAME}: malformed private key (signature self-check failed)` },
    { name: '1024-bit key', key: () => pem(rsa[2].privateKey, 'pkcs8'), want: `${NAME}: RSA key is 1024 bits; RS256 needs at least 2048` },
    { name: 'unsupported alg', key: () => pem(a().privateKey, 'pkcs8'), alg: 'HS256',
      want: `${NAME}: unsupported alg "HS256"; use RS256, RS384 or RS512` },
    { name: 'an alg named like an Object method', key: () => pem(a().privateKey, 'pkcs8'), alg: 'toString',
      want: `${NAME}: unsupported alg "toString"; use RS256, RS384 or RS512` },
  );

  for (const c of cases) {
    it(`rejects ${c.name} with an exact message that quotes no key material`, function () {
      const key = c.key();
      let message = '';
      assert.throws(
        () => sign({ alg: (c.alg ?? 'RS256') as 'RS256', privateKey: key as string, keyName: NAME, claims: { sub: 'x' } }),
        (err: unknown) => {
          assert.ok(err instanceof Error || (err as Error).constructor.name === 'Error');
          message = (err as Error).message;
          return true;
        },
      );
      assert.equal(message, c.want);
      assert.ok(!looksLikeKeyMaterial(message), message);
      if (typeof key === 'string' && key.length > 40) {
        const body = key.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
        for (let i = 0; i + 12 <= body.length; i += 12) assert.ok(!message.includes(body.slice(i, i + 12)));
      }
    });
  }

  it('names the key variable even when keyName is missing', function () {
    assert.throws(() => sign({ alg: 'RS256', privateKey: '', keyName: '', claims: {} }),
      { message: 'PRIVATE_KEY: private key is empty or not set' });
  });
});
