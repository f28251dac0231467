// The compile-time side of issue #11: where the after-script may jump (the lookup to repeat before a retried
// write; past a skipped folder), default headers kept off requests to other services (with a build warning
// when a spec would send them), and the variable rules checked before any request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compileCollection } from '../../generator/compile/compile-collection';
import type { ResolvedStep } from '../../generator/compile/expand-steps';
import { uuidV5 } from '../../generator/compile/ids';
import { applyConditionalDefaults, checkVariables } from '../../generator/run/check-variables';
import type { VariableSpec } from '../../generator/spec/types';
import { build } from '../../generator';
import { parse } from 'yaml';
import { REPO_ROOT, tempProject } from './helpers/temp-project';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form Postman JSON

const get = (url: string) => ({ method: 'GET' as const, url });
const post = (url: string) => ({ method: 'POST' as const, url });
const afterCfg = (item: Json): Json => {
  const exec = (item.event as Json[]).find((e) => e.listen === 'test')!.script.exec.join('\n');
  return JSON.parse(/postforge\.after\(pm, ([\s\S]*?)\);\n/.exec(`${exec}\n`)![1]);
};

describe('compile: jumps of the after-script', () => {
  const steps: ResolvedStep[] = [
    { id: 'lookup', specId: 'lookup', pointer: '/steps/0', name: 'Lookup', request: get('/l'), index: { key: 'name' } },
    {
      id: 'object.a', specId: 'object', pointer: '/steps/1', name: 'A', steps: [
        { id: 'object.a/explore', specId: 'explore', pointer: '/steps/1/steps/0', name: 'Explore a', request: get('/e'), skipRestOn: { status: [400], warning: 'no a' } },
        { id: 'object.a/lookup-x', specId: 'lookup-x', pointer: '/steps/1/steps/1', name: 'Lookup x a', request: get('/x'), index: { key: 'name' } },
        { id: 'object.a/x', specId: 'x', pointer: '/steps/1/steps/2', name: 'X a', request: post('/x'), ensure: { in: 'lookup-x', key: 'a' } },
      ],
    },
    {
      id: 'object.b', specId: 'object', pointer: '/steps/1', name: 'B', steps: [
        { id: 'object.b/explore', specId: 'explore', pointer: '/steps/1/steps/0', name: 'Explore b', request: get('/e'), skipRestOn: { status: [400], warning: 'no b' } },
        { id: 'object.b/lookup-x', specId: 'lookup-x', pointer: '/steps/1/steps/1', name: 'Lookup x b', request: get('/x'), index: { key: 'name' } },
        { id: 'object.b/x', specId: 'x', pointer: '/steps/1/steps/2', name: 'X b', request: post('/x'), ensure: { in: 'lookup-x', key: 'b' } },
      ],
    },
  ];
  const col = compileCollection({ name: 't', title: 'T', defaults: {}, steps }) as Json;
  const id = (s: string) => uuidV5(`t/${s}`);

  it('a write with ensure repeats the lookup of its own forEach row', () => {
    assert.equal(afterCfg(col.item[1].item[2]).relook, id('object.a/lookup-x'));
    assert.equal(afterCfg(col.item[2].item[2]).relook, id('object.b/lookup-x'));
    assert.equal(afterCfg(col.item[0]).relook, undefined, 'a lookup itself has none');
  });

  it('skipRestOn continues after the folder, or ends the run after the last one', () => {
    assert.equal(afterCfg(col.item[1].item[0]).skipRest.next, id('object.b/explore'));
    assert.equal(afterCfg(col.item[2].item[0]).skipRest.next, null);
  });
});

describe('compile: default headers and other services', () => {
  it('defaultHeaders: false sends only the step\'s own headers', () => {
    const steps: ResolvedStep[] = [
      { id: 'sf', specId: 'sf', pointer: '/steps/0', name: 'SF', request: { ...post('{{SALESFORCE_LOGIN_URL}}/services/oauth2/token'), headers: { Accept: 'application/json' } }, defaultHeaders: false },
      { id: 'aep', specId: 'aep', pointer: '/steps/1', name: 'AEP', request: get('/connections') },
    ];
    const col = compileCollection({ name: 't', title: 'T', defaults: { baseUrl: '{{PLATFORM_URL}}/x', headers: { 'x-api-key': '{{API_KEY}}' } }, steps }) as Json;
    assert.deepEqual(col.item[0].request.header.map((h: Json) => h.key), ['Accept']);
    assert.deepEqual(col.item[1].request.header.map((h: Json) => h.key), ['x-api-key']);
  });

  it('build warns (file:line:col) when a step would send the default headers to another service', () => {
    const { root, cleanup } = tempProject();
    try {
      const file = path.join(root, 'specs', 'salesforce-source.yaml');
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes('    defaultHeaders: false\n'));
      fs.writeFileSync(file, text.replace('    defaultHeaders: false\n', '')); // the first: the JWT preflight's
      const result = build({ root, check: true });
      const warnings = result.diagnostics.filter((d) => d.code === 'headers-to-other-service');
      assert.equal(warnings.length, 1, JSON.stringify(result.diagnostics));
      assert.equal(warnings[0].severity, 'warning');
      assert.match(warnings[0].message, /step 'preflight' sends the spec's default headers \(x-api-key, x-gw-ims-org-id, x-sandbox-name, Accept\) to \{\{salesforce_login_url\}\}/);
      assert.ok(warnings[0].line > 0 && warnings[0].file.endsWith('salesforce-source.yaml'));
      assert.equal(build({ root: path.join(root), check: true }).diagnostics.filter((d) => d.severity === 'error').length, 0, 'a warning, not an error');
      // The default bearer token counts too: the client-credentials preflight without its own `auth: noauth`.
      const cc = fs.readFileSync(file, 'utf8').replace('      url: "{{SALESFORCE_INSTANCE_URL}}/services/oauth2/token"\n      auth: { type: noauth }\n', '      url: "{{SALESFORCE_INSTANCE_URL}}/services/oauth2/token"\n');
      fs.writeFileSync(file, cc);
      const auth = build({ root, check: true }).diagnostics.filter((d) => d.code === 'headers-to-other-service');
      assert.match(auth.map((d) => d.message).join('\n'), /step 'preflight-oauth2' sends the spec's default headers \(Authorization\) to \{\{salesforce_instance_url\}\}/);
    } finally {
      cleanup();
    }
  });
});

describe('variables: the project\'s cloud, auth, interval, sandbox and API version rules (specs/postforge.yaml)', () => {
  const project = parse(fs.readFileSync(path.join(REPO_ROOT, 'specs', 'postforge.yaml'), 'utf8')) as { variables: Record<string, VariableSpec> };
  const defaults = Object.fromEntries(Object.entries(project.variables).map(([k, v]) => [k, v.default ?? '']));
  const required = { API_KEY: 'k', CLIENT_SECRET: 's', IMS_ORG: 'o@AdobeOrg', sfdc_org_id: '00D', SALESFORCE_CLIENT_ID: 'c', SALESFORCE_CLIENT_SECRET: 's', SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com', SALESFORCE_USERNAME: 'u', SALESFORCE_PRIVATE_KEY: '', SALESFORCE_PASSWORD: 'p', SALESFORCE_SECURITY_TOKEN: 't' };
  const cases: Array<[Record<string, string>, string[], string]> = [
    [{}, [], 'oauth2'],
    [{ PLATFORM_CLOUD: 'aws' }, ['SALESFORCE_PRIVATE_KEY'], 'jwt'],
    [{ SALESFORCE_AUTH: 'jwt' }, ['SALESFORCE_AUTH', 'SALESFORCE_PRIVATE_KEY'], 'jwt'],
    [{ PLATFORM_CLOUD: 'aws', SALESFORCE_AUTH: 'oauth2' }, ['SALESFORCE_AUTH'], 'oauth2'],
    [{ PLATFORM_CLOUD: 'aws', SALESFORCE_AUTH: 'basic' }, ['SALESFORCE_AUTH'], 'basic'],
    [{ SALESFORCE_AUTH: 'basic' }, [], 'basic'],
    [{ DATAFLOW_FREQUENCY: 'minute', DATAFLOW_INTERVAL: '10' }, ['DATAFLOW_INTERVAL'], 'oauth2'],
    [{ DATAFLOW_FREQUENCY: 'once', DATAFLOW_INTERVAL: '0' }, [], 'oauth2'],
    [{ SANDBOX_NAME: 'Dev 2' }, ['SANDBOX_NAME'], 'oauth2'],
    [{ SALESFORCE_API_VERSION: '60' }, ['SALESFORCE_API_VERSION'], 'oauth2'],
  ];
  for (const [given, problems, auth] of cases) {
    it(`${JSON.stringify(given)} → SALESFORCE_AUTH=${auth}, problems: ${problems.join(', ') || 'none'}`, () => {
      const values: Record<string, string> = { ...defaults, ...required, ...given };
      applyConditionalDefaults(project.variables, values, (k) => k in given);
      assert.equal(values.SALESFORCE_AUTH, auth);
      assert.deepEqual(checkVariables(project.variables, values).map((p) => p.name).sort(), [...problems].sort());
    });
  }
});

describe('variables: conditional defaults and rules', () => {
  const declared: Record<string, VariableSpec> = {
    PLATFORM_CLOUD: { description: 'cloud', default: 'azure', format: 'enum', values: ['azure', 'aws'] },
    SALESFORCE_AUTH: {
      description: 'auth', default: 'oauth2', defaultWhen: [{ when: { PLATFORM_CLOUD: 'aws' }, value: 'jwt' }], format: 'enum', values: ['jwt', 'oauth2', 'basic'],
      rules: [{ when: { PLATFORM_CLOUD: 'azure' }, notIn: ['jwt'], message: 'jwt is AWS only' }],
    },
    DATAFLOW_FREQUENCY: { description: 'f', default: 'hour' },
    DATAFLOW_INTERVAL: { description: 'i', format: 'integer', rules: [{ when: { DATAFLOW_FREQUENCY: 'minute' }, min: 15, message: 'at least 15' }, { when: { DATAFLOW_FREQUENCY: { in: ['hour', 'day'] } }, min: 1, message: 'at least 1' }] },
    SANDBOX_NAME: { description: 's', rules: [{ pattern: '[a-z0-9][a-z0-9-]*', message: 'lower case' }] },
  };
  const cases: Array<{ given: Record<string, string>; explicit?: string[]; wantAuth: string; wantProblems: string[] }> = [
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2' }, wantAuth: 'oauth2', wantProblems: [] },
    { given: { PLATFORM_CLOUD: 'aws', SALESFORCE_AUTH: 'oauth2' }, wantAuth: 'jwt', wantProblems: [] },
    { given: { PLATFORM_CLOUD: 'aws', SALESFORCE_AUTH: 'basic' }, explicit: ['SALESFORCE_AUTH'], wantAuth: 'basic', wantProblems: [] }, // this table declares no AWS rule
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'jwt' }, explicit: ['SALESFORCE_AUTH'], wantAuth: 'jwt', wantProblems: ['SALESFORCE_AUTH is "jwt": jwt is AWS only'] },
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2', DATAFLOW_FREQUENCY: 'minute', DATAFLOW_INTERVAL: '14' }, wantAuth: 'oauth2', wantProblems: ['DATAFLOW_INTERVAL is "14": at least 15'] },
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2', DATAFLOW_FREQUENCY: 'minute', DATAFLOW_INTERVAL: '15' }, wantAuth: 'oauth2', wantProblems: [] },
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2', DATAFLOW_FREQUENCY: 'day', DATAFLOW_INTERVAL: '0' }, wantAuth: 'oauth2', wantProblems: ['DATAFLOW_INTERVAL is "0": at least 1'] },
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2', DATAFLOW_FREQUENCY: 'once', DATAFLOW_INTERVAL: '0' }, wantAuth: 'oauth2', wantProblems: [] },
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2', SANDBOX_NAME: 'Dev-1' }, wantAuth: 'oauth2', wantProblems: ['SANDBOX_NAME is "Dev-1": lower case'] },
    { given: { PLATFORM_CLOUD: 'azure', SALESFORCE_AUTH: 'oauth2', SANDBOX_NAME: 'dev-1' }, wantAuth: 'oauth2', wantProblems: [] },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.given)}${c.explicit ? ` (explicit ${c.explicit.join(',')})` : ''} → ${c.wantAuth}, ${c.wantProblems.length} problem(s)`, () => {
      const values = { ...c.given };
      applyConditionalDefaults(declared, values, (k) => (c.explicit ?? []).includes(k));
      assert.equal(values.SALESFORCE_AUTH, c.wantAuth);
      assert.deepEqual(checkVariables(declared, values).map((p) => `${p.name} ${p.message}`), c.wantProblems);
    });
  }
});
