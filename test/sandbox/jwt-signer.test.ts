import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { jwtVerify } from 'jose';
import { loadSigner, signerSource, type SignJwtOptions } from '../../generator/sandbox';
import { nativeSignature, pem, rsaKeys, type TestKey } from './keys';

const sign = loadSigner();
const ALGS = ['RS256', 'RS384', 'RS512'] as const;

// 50 keys: mostly 2048 bits, some 3072, a few 4096 (slow to generate, so each is reused below).
const SIZES = [...Array(41).fill(2048), ...Array(6).fill(3072), ...Array(3).fill(4096)] as number[];

// Claim names are prefixed so random ones never collide with registered claims that jose type-checks.
const claimsArb = fc.record({
  sub: fc.string({ unit: 'grapheme', maxLength: 20 }),
  extra: fc.dictionary(fc.string({ maxLength: 8 }).map((k) => `x_${k}`), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
}).map(({ sub, extra }) => ({ iss: 'postforge-test', sub, ...extra, exp: 4102444800 }));

describe('sandbox JWT signer: signatures', function () {
  let keys: TestKey[] = [];
  before(async function () {
    this.timeout(120000);
    keys = await rsaKeys(SIZES);
  });

  it('signs byte-identically to node:crypto and verifies with jose, for 50 random keys, two payloads each', async function () {
    this.timeout(60000);
    assert.equal(keys.length, 50);
    let checked = 0;
    for (const [i, key] of keys.entries()) {
      await fc.assert(fc.asyncProperty(
        fc.constantFrom(...ALGS), fc.constantFrom('pkcs1' as const, 'pkcs8' as const), claimsArb,
        async (alg, format, claims) => {
          const token = sign({ alg, privateKey: pem(key.privateKey, format), keyName: 'K', claims });
          const [h, c, s] = token.split('.');
          assert.equal(Buffer.from(h, 'base64url').toString(), `{"alg":"${alg}","typ":"JWT"}`);
          assert.equal(Buffer.from(c, 'base64url').toString('utf8'), JSON.stringify(claims));
          assert.equal(s, nativeSignature(alg, token, key.privateKey));
          const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, { algorithms: [alg] });
          assert.equal(protectedHeader.alg, alg);
          assert.deepEqual(payload, JSON.parse(JSON.stringify(claims)));
          checked++;
        },
      ), { numRuns: 2, seed: 4242 + i });
    }
    assert.equal(checked, 100);
  });

  it('covers every size and encoding: signatures match per bits, alg and PEM type', function () {
    for (const bits of [2048, 3072, 4096]) {
      const key = keys.find((k) => k.bits === bits)!;
      for (const alg of ALGS) {
        for (const format of ['pkcs1', 'pkcs8'] as const) {
          const token = sign({ alg, privateKey: pem(key.privateKey, format), keyName: 'K', claims: { sub: 'Zoë ☃ 𝄞', n: bits } });
          assert.equal(token.split('.')[2], nativeSignature(alg, token, key.privateKey), `${bits} ${alg} ${format}`);
          assert.equal(Buffer.from(token.split('.')[2], 'base64url').length, bits / 8);
        }
      }
    }
  });

  it('keeps the given header key order and forces alg', function () {
    const privateKey = pem(keys[0].privateKey, 'pkcs8');
    const base = { privateKey, keyName: 'K', claims: { a: 1 } };
    const h = (o: Partial<SignJwtOptions>): string =>
      Buffer.from(sign({ ...base, alg: 'RS384', ...o }).split('.')[0], 'base64url').toString();
    assert.equal(h({ header: { kid: 'k1', alg: 'none', typ: 'JWT' } }), '{"kid":"k1","alg":"RS384","typ":"JWT"}');
    assert.equal(h({ header: { kid: 'k1' } }), '{"kid":"k1","alg":"RS384"}');
    assert.equal(h({}), '{"alg":"RS384","typ":"JWT"}');
  });

  it('encodes claims as UTF-8 exactly like Buffer, for every UTF-8 length and lone surrogates', function () {
    const privateKey = pem(keys[0].privateKey, 'pkcs1');
    const claims = { a: 'A\u007f', b: '\u0080é\u07ff', c: '\u0800☃\uffff', d: '\u{10000}😀\u{10ffff}', e: 'x\ud800y\udfff', f: '\u2028' };
    const token = sign({ alg: 'RS256', privateKey, keyName: 'K', claims });
    assert.equal(token.split('.')[1], Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url'));
    assert.equal(token.split('.')[2], nativeSignature('RS256', token, keys[0].privateKey));
  });

  it('accepts the forms a PEM takes in CI variables and signs identically', function () {
    const key = keys[1];
    const claims = { sub: 'ü', iat: 1 };
    const want = sign({ alg: 'RS256', privateKey: pem(key.privateKey, 'pkcs8'), keyName: 'K', claims });
    assert.equal(want.split('.')[2], nativeSignature('RS256', want, key.privateKey));
    for (const format of ['pkcs1', 'pkcs8'] as const) {
      const p = pem(key.privateKey, format);
      const der = (key.privateKey.export({ type: format, format: 'der' }) as Buffer).toString('base64');
      const forms: Record<string, string> = {
        escaped: p.replace(/\n/g, '\\n'),
        escapedQuoted: JSON.stringify(p),
        singleQuoted: `'${p}'`,
        crlf: p.replace(/\n/g, '\r\n'),
        escapedCrlf: p.replace(/\n/g, '\\r\\n'),
        padded: `\n\n  ${p}  \n`,
        base64: Buffer.from(p).toString('base64'),
        base64Wrapped: Buffer.from(p).toString('base64').replace(/(.{76})/g, '$1\n'),
        base64OfEscaped: Buffer.from(p.replace(/\n/g, '\\n')).toString('base64'),
        spaces: p.replace(/\n/g, ' '),
        bareDer: der,
        afterCertificate: `-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n${p}`,
      };
      for (const [name, form] of Object.entries(forms)) {
        assert.equal(sign({ alg: 'RS256', privateKey: form, keyName: 'K', claims }), want, `${format} ${name}`);
      }
    }
  });
});

describe('sandbox JWT signer: source', function () {
  it('is a small, self-contained script without console output or module syntax', function () {
    const src = signerSource();
    assert.ok(src.length <= 8192, `signer is ${src.length} bytes`);
    assert.match(src, /^function postforgeSignJwt\(opts\) \{$/m);
    const code = src.replace(/\/\/.*$/gm, ''); // comments may name what the code avoids
    assert.doesNotMatch(code, /console\.|\bexport\b|\bimport\b|Buffer|TextEncoder|require\('crypto'\)|eval\(/);
    assert.equal(signerSource(), src);
  });

});
