// postforge.text()/json() in Newman's real sandbox: the runtime decodes an answer's bytes itself (the SDK's
// decoder is slow there) and must give what the SDK gives: UTF-8 of 1-4 bytes, a BOM, a long answer, and hand
// over to the SDK for another charset or bytes that are not UTF-8.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as newman from 'newman';
import { runtimeLoader, runtimeSource, RUNTIME_VARIABLE } from '../../generator/compile/runtime-source';

interface Answer { type: string; bytes: Buffer }
interface Report { ours: string; sdk: string; json?: string; fallbacks: number }

const long = JSON.stringify({ results: Array.from({ length: 900 }, (_, i) => ({ title: `Schéma ${i} — 名前 😀`, n: i })) });
const ANSWERS: Record<string, Answer> = {
  ascii: { type: 'application/json', bytes: Buffer.from('{"a":"plain text","n":1}') },
  utf8: { type: 'application/json;charset=UTF-8', bytes: Buffer.from('{"a":"café — 名前 😀 ü"}') },
  bom: { type: 'application/json', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"bom"}')]) },
  // Over 8 KB: decoded in pieces, a multi-byte character may straddle two of them.
  long: { type: 'application/json', bytes: Buffer.from(long) },
  latin1: { type: 'text/plain; charset=ISO-8859-1', bytes: Buffer.from('caf\xe9', 'latin1') },
  invalid: { type: 'application/octet-stream', bytes: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]) },
  empty: { type: 'application/json', bytes: Buffer.alloc(0) },
};

async function server(): Promise<{ url: string; close: () => Promise<void> }> {
  const s = http.createServer((req, res) => {
    const a = ANSWERS[(req.url ?? '/').slice(1)];
    res.writeHead(a ? 200 : 404, { 'content-type': a?.type ?? 'text/plain' }).end(a?.bytes ?? '');
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}

function run(base: string): Promise<{ results: Record<string, Report>; errors: string[] }> {
  const rt = runtimeSource(false);
  const results: Record<string, Report> = {};
  const errors: string[] = [];
  const test = [
    ...runtimeLoader(rt.id),
    // From the response object a test script gets, and from one a script's own request gets.
    // How often the runtime fell back on the SDK's text().
    'var report = function (tag, res) { var sdk = res.text, asked = 0; res.text = function () { asked += 1; return sdk.apply(this, arguments); };',
    '  var ours = postforge.text(res), again = postforge.text(res), j; try { j = JSON.stringify(postforge.json(res)); } catch (e) { j = undefined; }',
    '  var fallbacks = asked; res.text = sdk;',
    '  console.log(JSON.stringify({ tag: tag, ours: ours, again: again, sdk: res.text(), json: j, fallbacks: fallbacks })); };',
    'report(pm.info.requestName, pm.response);',
    'pm.sendRequest(pm.request.url.toString(), function (err, res) { report("sent " + pm.info.requestName, res); });',
  ];
  const collection = {
    info: { name: 'runtime text', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [{ key: RUNTIME_VARIABLE, value: rt.text }],
    item: Object.keys(ANSWERS).map((name) => ({ name, request: { method: 'GET', url: `${base}/${name}` }, event: [{ listen: 'test', script: { exec: test } }] })),
  };
  return new Promise((resolve, reject) => {
    newman.run({ collection: collection as never, reporters: [] }, (err) => (err ? reject(err) : resolve({ results, errors })))
      .on('console', (_e, a: { messages: unknown[] }) => {
        const m = JSON.parse(String(a.messages[0])) as Report & { tag: string; again: string };
        if (m.ours !== m.again) errors.push(`${m.tag}: a second call gave another text`);
        results[m.tag] = { ours: m.ours, sdk: m.sdk, json: m.json, fallbacks: m.fallbacks };
      })
      .on('script', (e: Error | null) => { if (e) errors.push(e.message); });
  });
}

describe('sandbox runtime: answer text in Newman', function () {
  this.timeout(60_000);
  it('decodes as the SDK does, for UTF-8 answers and for the ones it hands back', async () => {
    const s = await server();
    try {
      const { results, errors } = await run(s.url);
      assert.deepEqual(errors, []);
      for (const name of Object.keys(ANSWERS)) {
        for (const tag of [name, `sent ${name}`]) {
          const r = results[tag];
          assert.ok(r, `no report for ${tag}`);
          if (name === 'bom') assert.equal(r.ours, '{"a":"bom"}', 'the BOM is dropped');
          else assert.equal(r.ours, r.sdk, tag);
          // Decoded once (a second call and json() reuse it), by the SDK only where the runtime cannot.
          assert.equal(r.fallbacks, name === 'latin1' || name === 'invalid' ? 1 : 0, `${tag}: SDK text() calls`);
        }
      }
      assert.equal(results.utf8.ours, '{"a":"café — 名前 😀 ü"}');
      assert.equal(results.long.ours, long);
      assert.equal(results.latin1.ours, 'café', 'another charset is decoded by the SDK');
      assert.equal(JSON.parse(results.utf8.json!).a, 'café — 名前 😀 ü');
      assert.equal(JSON.parse(results.bom.json!).a, 'bom');
      assert.equal(results.empty.ours, '');
      assert.equal(results.empty.json, undefined, 'an empty answer is not JSON');
    } finally {
      await s.close();
    }
  });
});
