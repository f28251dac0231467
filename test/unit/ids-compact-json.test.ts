// uuidV5 is RFC 4122 version 5 (checked against the RFC's DNS example and an independent node:crypto
// derivation), and compactJson prints valid, readable JSON for generated scripts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { uuidV5 } from '../../generator/compile/ids';
import { compactJson } from '../../generator/compile/compact-json';

/** Reference RFC 4122 §4.3 name-based UUID, written independently of generator/compile/ids.ts. */
function referenceV5(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(Buffer.from(name, 'utf8')).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const h = bytes.toString('hex');
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
}

// Changing this namespace changes every id in collections/: it is part of the output contract.
const POSTFORGE_NS = '6f2c1f0e-8d5a-4b3c-9e7d-1a2b3c4d5e6f';

describe('uuidV5', () => {
  it('the reference derivation reproduces the well-known v5 vector (DNS namespace, "www.example.com")', () => {
    assert.equal(referenceV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  const names = ['collection/adobe-auth', 'b2b-namespaces/create-namespace.b2b_account', 'environment/local', '', 'ünïcödé/✓'];
  for (const name of names) {
    it(`uuidV5(${JSON.stringify(name)}) is the v5 UUID of the name in postforge's namespace`, () => {
      const id = uuidV5(name);
      assert.equal(id, referenceV5(POSTFORGE_NS, name));
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  }

  it('is stable and distinguishes close names', () => {
    assert.equal(uuidV5('collection/example'), '505675c9-ade9-56be-ae2c-ce038b52146b');
    assert.notEqual(uuidV5('a/b'), uuidV5('a/b '));
  });
});

describe('compactJson', () => {
  const cases: Array<{ given: unknown; width?: number; want: string }> = [
    { given: null, want: 'null' },
    { given: 'a "q"', want: '"a \\"q\\""' },
    { given: [], want: '[]' },
    { given: {}, want: '{}' },
    { given: { step: 'x', status: [200, 201] }, want: '{ "step": "x", "status": [200, 201] }' },
    { given: [[1, 2], { a: null }], want: '[[1, 2], { "a": null }]' },
    {
      given: { step: 'list', index: { name: 'list', key: ['code'] } },
      width: 30,
      want: '{\n  "step": "list",\n  "index": {\n    "name": "list",\n    "key": ["code"]\n  }\n}',
    },
    {
      given: { a: ['xxxxxxxxxx', 'yyyyyyyyyy', 'zzzzzzzzzz'] },
      width: 20,
      want: '{\n  "a": [\n    "xxxxxxxxxx",\n    "yyyyyyyyyy",\n    "zzzzzzzzzz"\n  ]\n}',
    },
  ];
  for (const { given, width, want } of cases) {
    it(`${JSON.stringify(given)} at width ${width ?? 96}`, () => {
      const text = compactJson(given, '', width);
      assert.equal(text, want);
      assert.deepEqual(JSON.parse(text), given);
    });
  }

  it('a value that fits stays on one line; nested values break only where they must', () => {
    const value = { retry: { max: 4, on: [429], serverErrors: true }, capture: [{ name: 'ACCESS_TOKEN', json: 'access_token' }] };
    assert.equal(compactJson(value, '', 60), '{\n  "retry": { "max": 4, "on": [429], "serverErrors": true },\n  "capture": [{ "name": "ACCESS_TOKEN", "json": "access_token" }]\n}');
    assert.equal(compactJson(value.retry), '{ "max": 4, "on": [429], "serverErrors": true }');
});
});
