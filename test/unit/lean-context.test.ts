// What keeps a script run's context small and a run's selection right: the variables a collection reads, where
// scratch variables are retired, the environment slice a collection gets, and `--only` lists.
import assert from 'node:assert/strict';
import type { ResolvedStep } from '../../generator/compile/expand-steps';
import { dropPoints, usedVariables } from '../../generator/compile/lean-context';
import { environmentFor } from '../../generator/run/environment-for';
import { selectCollections } from '../../generator/run/select-collections';
import { folderRun } from '../../generator/run/run-pipeline';
import { RunConfigError } from '../../generator/run/run-config-error';
import { compile } from '../../generator/index';

const step = (id: string, extra: Partial<ResolvedStep> = {}): ResolvedStep => ({ id, specId: id.split('.')[0], pointer: `/steps/${id}`, name: id, request: { method: 'GET', url: '/x' }, ...extra });

describe('lean context: dropPoints()', () => {
  it('an index dies after the last ensure reading it before the lookup runs again (forEach rows reuse the name)', () => {
    const steps = [
      step('lookup.a', { index: { key: 'name' } }),
      step('make.a', { ensure: { in: 'lookup', key: 'a' } }),
      step('again.a', { ensure: { in: 'lookup', key: 'a2' } }),
      step('lookup.b', { index: { key: 'name' } }),
      step('make.b', { ensure: { in: 'lookup', key: 'b' } }),
    ];
    assert.deepEqual([...dropPoints(steps)], [['again.a', ['postforge.index.lookup']], ['make.b', ['postforge.index.lookup']]]);
  });

  it('an update step\'s drift check reads the index too: it lives until that step', () => {
    const steps = [
      step('lookup', { index: { key: 'code' } }),
      step('make', { ensure: { in: 'lookup', key: 'a' } }),
      step('drift', { drift: { in: 'lookup', key: 'a', fields: [] } as unknown as ResolvedStep['drift'] }),
      step('other'),
    ];
    assert.deepEqual([...dropPoints(steps)], [['drift', ['postforge.index.lookup']]]);
  });

  it('a collection-scope capture dies after the last request referencing it; environment captures live on', () => {
    const steps = [
      step('explore', { capture: { COLS: { json: 'cols', scope: 'collection' }, KEEP: 'id' } }),
      step('use', { request: { method: 'POST', url: '/s', body: { raw: { contentType: 'application/json', text: '{"c": {{COLS}}, "k": "{{KEEP}}"}' } } } }),
      step('other'),
    ];
    assert.deepEqual([...dropPoints(steps)], [['use', ['COLS']]]);
  });

  it('a column list read by a later row filter (by name, not {{ref}}) lives until that step', () => {
    const steps = [
      step('explore', { capture: { COLS: { json: 'cols', scope: 'collection' } } }),
      step('source', { request: { method: 'POST', url: '/s', body: { raw: { contentType: 'application/json', text: '{{COLS}}' } } } }),
      step('mapping', { filterRows: { rows: 'mappings', columns: 'COLS', into: 'DROPPED' } }),
    ];
    assert.deepEqual([...dropPoints(steps)], [['mapping', ['COLS']]]);
  });
});

describe('lean context: usedVariables() and environmentFor()', () => {
  it('reads {{refs}} in items and auth, `when` names (folders too) and signing keys; not dynamic {{$guid}}', () => {
    const steps = [step('f', { steps: [step('a', { when: { MODE: 'x' }, jwt: [{ into: 'J', key: 'KEY', claims: {} }] })] })];
    const json = { item: [{ request: { url: '{{BASE}}/x?id={{$guid}}' } }], auth: { bearer: [{ value: '{{TOKEN}}' }] } };
    // POSTFORGE_PLAN / POSTFORGE_FOLDERS: the runtime reads them in every collection (plan mode holds writes
    // back; a folder run's plan walk passes over the folders it leaves out).
    assert.deepEqual(usedVariables(steps, json), ['BASE', 'KEY', 'MODE', 'POSTFORGE_FOLDERS', 'POSTFORGE_PLAN', 'TOKEN']);
    // Most requests' decisions live in the run plan (a collection variable): the names they read count too.
    const planned = { item: [], variable: [{ key: 'postforge.plan', value: JSON.stringify({ e: [{ b: { ensure: { key: '{{SANDBOX}}-x' } } }] }) }] };
    assert.ok(usedVariables([], planned).includes('SANDBOX'));
    const prune = [step('retire', { drift: { in: 'l', key: 'k', fields: [], action: 'remove', apply: { POSTFORGE_PRUNE: 'true' } } as unknown as ResolvedStep['drift'] })];
    assert.ok(usedVariables(prune, { item: [] }).includes('POSTFORGE_PRUNE'), 'an update\'s apply condition is read');
  });

  it('hands a collection what it reads and what those values reference, nothing else', () => {
    const env = { IMS_URL: 'https://{{IMS}}', IMS: 'ims.example', OTHER: '1', SELF: '{{SELF}}' };
    assert.deepEqual(environmentFor(['IMS_URL', 'SELF', 'UNSET'], env), { IMS_URL: 'https://{{IMS}}', IMS: 'ims.example', SELF: '{{SELF}}' });
  });

  it('the committed collections: salesforce-source does not get the B2B namespace ids; b2b-schemas does not get Salesforce keys', () => {
    const { compiled } = compile();
    const uses = (n: string) => compiled!.collections.find((c) => c.name === n)!.uses;
    assert.ok(!uses('salesforce-source').some((v) => v.startsWith('NAMESPACE_ID_')));
    assert.ok(uses('salesforce-source').includes('SALESFORCE_PRIVATE_KEY'));
    assert.ok(!uses('b2b-schemas').some((v) => v.startsWith('SALESFORCE_')));
    assert.ok(uses('b2b-schemas').includes('ACCESS_TOKEN'));
  });
});

describe('--only: selectCollections()', () => {
  const { compiled } = compile();
  const cases: Array<{ given: string | undefined; want: unknown }> = [
    { given: undefined, want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces' }, { name: 'b2b-schemas' }, { name: 'salesforce-source' }] },
    // The collections between the auth collection and the last one named only read (their ids are needed).
    { given: 'b2b-schemas', want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces', readOnly: true }, { name: 'b2b-schemas' }] },
    { given: 'b2b-schemas, b2b-namespaces', want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces' }, { name: 'b2b-schemas' }] },
    { given: 'b2b-namespaces', want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces' }] },
    { given: 'adobe-auth', want: [{ name: 'adobe-auth' }] },
    { given: 'Contact,Lead', want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces', readOnly: true }, { name: 'b2b-schemas', readOnly: true }, { name: 'salesforce-source', folder: ['Contact', 'Lead'] }] },
    { given: 'salesforce-source,Contact', want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces', readOnly: true }, { name: 'b2b-schemas', readOnly: true }, { name: 'salesforce-source' }] },
    { given: 'b2b-namespaces,Schemas', want: [{ name: 'adobe-auth' }, { name: 'b2b-namespaces' }, { name: 'b2b-schemas', folder: ['Schemas'] }] },
  ];
  for (const { given, want } of cases) {
    it(`${JSON.stringify(given)} → ${JSON.stringify(want)}`, () => assert.deepEqual(selectCollections(compiled!, given), want));
  }
  it('a folder run: the folders named, the requests outside any folder and the folders before them, in order', () => {
    const c = { item: [{ id: 'f0', name: 'Token', item: [] }, { id: 'r1', name: 'Lookup' }, { id: 'f1', name: 'A', item: [] }, { id: 'r2', name: 'Later lookup' }, { id: 'f2', name: 'B', item: [] }] };
    assert.deepEqual(folderRun(c, ['B']), { items: ['f0', 'r1', 'r2', 'f2'], folders: ['Token', 'B'] });
    assert.deepEqual(folderRun({ item: [{ id: 'f0', name: 'Token', item: [] }, { id: 'f1', name: 'A', item: [] }, { id: 'f2', name: 'B', item: [] }] }, ['B']), { items: ['f0', 'f2'], folders: ['Token', 'B'] }, 'no request outside a folder: the first folder only');
  });

  it('a name that matches nothing is a configuration error naming the choices', () => {
    assert.throws(() => selectCollections(compiled!, 'b2b-schemas,nope'), (e: Error) => e instanceof RunConfigError && /'nope' matches no collection or folder. Collections: adobe-auth/.test(e.message));
  });
});
