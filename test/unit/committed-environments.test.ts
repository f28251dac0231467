// Generated environments: every variable documented, secrets present but empty (type "secret"), and the local
// (simulator) environment carries no secret value at all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compile } from '../../generator';
import { compileEnvironment } from '../../generator/compile/compile-environment';
import { REPO_ROOT } from './helpers/temp-project';

interface EnvValue { key: string; value: string; type: string; enabled: boolean; description?: string }

const DIR = path.join(REPO_ROOT, 'environments');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.postman_environment.json')).sort();
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { name: string; values: EnvValue[]; _postman_variable_scope: string };

describe('committed environments', () => {
  const { compiled } = compile(REPO_ROOT);
  const declaredSecrets = Object.entries(compiled!.variables).filter(([, v]) => v.secret).map(([k]) => k).sort();

  it('local and production exist; the project declares secrets', () => {
    assert.deepEqual(files, ['local.postman_environment.json', 'production.postman_environment.json']);
    assert.ok(declaredSecrets.includes('CLIENT_SECRET') && declaredSecrets.includes('PRIVATE_KEY'), declaredSecrets.join(','));
  });

  for (const f of files) {
    it(`${f}: every declared variable once, with a description; secrets present, empty, type "secret"`, () => {
      const env = load(f);
      assert.equal(env._postman_variable_scope, 'environment');
      const keys = env.values.map((v) => v.key);
      assert.equal(new Set(keys).size, keys.length, 'duplicate keys');
      assert.deepEqual([...keys].sort(), Object.keys(compiled!.variables).sort());
      for (const v of env.values) {
        assert.ok(typeof v.description === 'string' && v.description.trim().length > 10, `${v.key} has no description`);
        assert.equal(v.enabled, true);
      }
      const secrets = env.values.filter((v) => v.type === 'secret');
      assert.deepEqual(secrets.map((v) => v.key).sort(), declaredSecrets);
      for (const s of secrets) assert.equal(s.value, '', `${f}: ${s.key} has a value`);
      for (const v of env.values.filter((x) => x.type !== 'secret')) assert.equal(v.type, 'default');
    });
  }

  it('local.postman_environment.json holds no secret value (nothing key- or token-like)', () => {
    const text = fs.readFileSync(path.join(DIR, 'local.postman_environment.json'), 'utf8');
    assert.doesNotMatch(text, /BEGIN [A-Z ]*PRIVATE KEY|eyJ[A-Za-z0-9_-]{10,}\./);
    const env = load('local.postman_environment.json');
    for (const name of declaredSecrets) assert.equal(env.values.find((v) => v.key === name)?.value, '', name);
    assert.equal(env.values.find((v) => v.key === 'IMS_URL')?.value, 'http://127.0.0.1:4010', 'local values override defaults');
  });

  it('compileEnvironment: a value given for a secret in the project is still written empty', () => {
    const json = compileEnvironment('x', { values: { TOKEN: 'leak-me', HOST: 'h' } }, {
      TOKEN: { description: 'A token.', secret: true, default: 'also-secret' },
      HOST: { description: 'A host.', default: 'd' },
      PORT: { description: 'A port.', default: '80' },
      EMPTY: { description: 'Nothing.' },
    });
    assert.deepEqual(json.values, [
      { key: 'TOKEN', value: '', type: 'secret', enabled: true, description: 'A token.' },
      { key: 'HOST', value: 'h', type: 'default', enabled: true, description: 'A host.' },
      { key: 'PORT', value: '80', type: 'default', enabled: true, description: 'A port.' },
      { key: 'EMPTY', value: '', type: 'default', enabled: true, description: 'Nothing.' },
    ]);
    assert.equal(json.name, 'postforge x');
    assert.doesNotMatch(JSON.stringify(json), /leak-me|also-secret/);
  });
});
