// compileCollection: URL splitting (raw kept; host, port, path and query as Postman itself parses raw), headers,
// bodies and auth as the Postman app writes them.
import assert from 'node:assert/strict';
import { Url } from 'postman-collection';
import { compileCollection } from '../../generator/compile/compile-collection';
import type { ResolvedStep } from '../../generator/compile/expand-steps';
import type { DefaultsSpec, RequestSpec } from '../../generator/spec/types';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form Postman JSON

function requestOf(request: RequestSpec, defaults: DefaultsSpec = {}): Json {
  const step: ResolvedStep = { id: 's', specId: 's', pointer: '/steps/0', name: 'S', request };
  return (compileCollection({ name: 't', title: 'T', defaults, steps: [step] }) as Json).item[0].request;
}

const urlCases: Array<{ given: { url: string; query?: Record<string, string>; baseUrl?: string }; want: Json }> = [
  {
    given: { url: '/identities', baseUrl: '{{PLATFORM_URL}}/data/core/' },
    want: { raw: '{{PLATFORM_URL}}/data/core/identities', host: ['{{PLATFORM_URL}}'], path: ['data', 'core', 'identities'] },
  },
  {
    given: { url: 'identities', baseUrl: '{{PLATFORM_URL}}/data' },
    want: { raw: '{{PLATFORM_URL}}/data/identities', host: ['{{PLATFORM_URL}}'], path: ['data', 'identities'] },
  },
  {
    given: { url: '{{IMS_URL}}/ims/token/v3', baseUrl: '{{PLATFORM_URL}}' }, // absolute: base not applied
    want: { raw: '{{IMS_URL}}/ims/token/v3', host: ['{{IMS_URL}}'], path: ['ims', 'token', 'v3'] },
  },
  {
    given: { url: 'https://login.salesforce.com:8443/services/oauth2/token?grant_type=x' },
    want: { raw: 'https://login.salesforce.com:8443/services/oauth2/token?grant_type=x', protocol: 'https', host: ['login', 'salesforce', 'com'], port: '8443', path: ['services', 'oauth2', 'token'], query: [{ key: 'grant_type', value: 'x' }] },
  },
  {
    given: { url: '/x?a=1', query: { b: '{{B}}', c: '' }, baseUrl: 'http://127.0.0.1:4010' },
    want: { raw: 'http://127.0.0.1:4010/x?a=1&b={{B}}&c=', protocol: 'http', host: ['127', '0', '0', '1'], port: '4010', path: ['x'], query: [{ key: 'a', value: '1' }, { key: 'b', value: '{{B}}' }, { key: 'c', value: '' }] },
  },
  {
    given: { url: '{{PLATFORM_URL}}/data/foundation/flowservice/connections', query: { property: 'name=={{NAME}}' } },
    want: { raw: '{{PLATFORM_URL}}/data/foundation/flowservice/connections?property=name=={{NAME}}', host: ['{{PLATFORM_URL}}'], path: ['data', 'foundation', 'flowservice', 'connections'], query: [{ key: 'property', value: 'name=={{NAME}}' }] },
  },
  {
    given: { url: '{{HOST}}:8080/p?flag&e=a=b' },
    want: { raw: '{{HOST}}:8080/p?flag&e=a=b', host: ['{{HOST}}'], port: '8080', path: ['p'], query: [{ key: 'flag', value: null }, { key: 'e', value: 'a=b' }] },
  },
  {
    given: { url: 'https://{{TENANT}}.my.salesforce.com/services/data/v{{SALESFORCE_API_VERSION}}/' },
    want: { raw: 'https://{{TENANT}}.my.salesforce.com/services/data/v{{SALESFORCE_API_VERSION}}/', protocol: 'https', host: ['{{TENANT}}', 'my', 'salesforce', 'com'], path: ['services', 'data', 'v{{SALESFORCE_API_VERSION}}', ''] },
  },
];

describe('compileCollection: URLs', () => {
  for (const { given, want } of urlCases) {
    it(`${given.baseUrl ?? ''} + ${given.url}${given.query ? ` + ${JSON.stringify(given.query)}` : ''}`, () => {
      const url = requestOf({ method: 'GET', url: given.url, query: given.query }, { baseUrl: given.baseUrl }).url;
      assert.deepEqual(url, want);
      // Postman's own parser, from raw alone, sees the same parts; and prints our object back as raw.
      const theirs = new Url(url.raw).toJSON() as Json;
      for (const k of ['protocol', 'host', 'port', 'path']) assert.deepEqual(theirs[k], url[k], `${k} as Postman parses raw`);
      assert.deepEqual(theirs.query, url.query ?? [], 'query as Postman parses raw');
      assert.equal(new Url(url).toString(), url.raw);
    });
  }
});

describe('compileCollection: requests', () => {
  it('defaults headers first, step headers override, Content-Type added for JSON bodies', () => {
    const req = requestOf({ method: 'POST', url: '/x', headers: { Accept: 'text/plain' }, body: { json: { a: [1, { b: 'c' }] } } },
      { baseUrl: '{{B}}', headers: { 'x-api-key': '{{API_KEY}}', Accept: 'application/json' } });
    assert.deepEqual(req.header, [
      { key: 'x-api-key', value: '{{API_KEY}}', type: 'text' },
      { key: 'Accept', value: 'text/plain', type: 'text' },
      { key: 'Content-Type', value: 'application/json', type: 'text' },
    ]);
    assert.deepEqual(req.body, { mode: 'raw', raw: '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}', options: { raw: { language: 'json' } } });
    assert.equal(req.method, 'POST');
  });

  it('form → urlencoded with its Content-Type; multipart → formdata without one (the boundary is Newman\'s)', () => {
    const form = requestOf({ method: 'POST', url: '{{U}}/t', body: { form: { grant_type: 'client_credentials', scope: '{{SCOPES}}' } } });
    assert.deepEqual(form.body, { mode: 'urlencoded', urlencoded: [{ key: 'grant_type', value: 'client_credentials', type: 'text' }, { key: 'scope', value: '{{SCOPES}}', type: 'text' }] });
    assert.deepEqual(form.header, [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded', type: 'text' }]);
    const multi = requestOf({ method: 'POST', url: '{{U}}/t', body: { multipart: { jwt_token: '{{JWT}}' } } });
    assert.deepEqual(multi.body, { mode: 'formdata', formdata: [{ key: 'jwt_token', value: '{{JWT}}', type: 'text' }] });
    assert.deepEqual(multi.header, []);
  });

  it('raw body keeps its text and content type; an explicit content-type header wins (any case)', () => {
    const req = requestOf({ method: 'PATCH', url: '{{U}}/s', headers: { 'content-type': 'application/json-patch+json' }, body: { raw: { contentType: 'application/json', text: '{{PATCH}}' } } });
    assert.deepEqual(req.body, { mode: 'raw', raw: '{{PATCH}}' });
    assert.deepEqual(req.header, [{ key: 'content-type', value: 'application/json-patch+json', type: 'text' }]);
  });

  it('auth: bearer and basic as Postman writes them; collection-level default auth', () => {
    const bearer = requestOf({ method: 'GET', url: '{{U}}', auth: { type: 'bearer', token: '{{ACCESS_TOKEN}}' } });
    assert.deepEqual(bearer.auth, { type: 'bearer', bearer: [{ key: 'token', value: '{{ACCESS_TOKEN}}', type: 'string' }] });
    const basic = requestOf({ method: 'GET', url: '{{U}}', auth: { type: 'basic', username: 'u', password: '{{P}}' } });
    assert.deepEqual(basic.auth, { type: 'basic', basic: [{ key: 'username', value: 'u', type: 'string' }, { key: 'password', value: '{{P}}', type: 'string' }] });
    const col = compileCollection({ name: 't', title: 'T', defaults: { auth: { type: 'noauth' } }, steps: [] });
    assert.deepEqual(col.auth, { type: 'noauth' });
    assert.deepEqual(Object.keys(col), ['info', 'item', 'auth', 'variable']);
  });

  it('a folder step becomes an item group; when/ensure/description become its docs', () => {
    const step: ResolvedStep = {
      id: 'g', specId: 'g', pointer: '/steps/0', name: 'Group', description: 'Docs.  \n',
      steps: [{ id: 'g/r', specId: 'r', pointer: '/steps/0/steps/0', name: 'R', when: { A: 'x' }, ensure: { in: 'list', key: 'k' }, request: { method: 'GET', url: '{{U}}' } }],
    };
    const col = compileCollection({ name: 't', title: 'T', defaults: {}, steps: [step] }) as Json;
    assert.equal(col.item[0].name, 'Group');
    assert.equal(col.item[0].description, 'Docs.');
    assert.equal(col.item[0].item[0].request.description, 'Runs only when A is "x".\n\nIdempotent: skipped when the lookup `list` already found `k`.');
    assert.deepEqual(col.item[0].item[0].event.map((e: Json) => e.listen), ['prerequest', 'test']);
  });
});
