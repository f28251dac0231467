// One source of truth: every interface in generator/spec/types.ts has exactly the properties (and required
// ones) of its JSON Schema object in specs/*.schema.json, so the TypeScript view cannot drift from the schema.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './helpers/temp-project';

type Schema = { properties?: Record<string, Schema>; required?: string[]; anyOf?: Schema[]; items?: Schema; definitions?: Record<string, Schema> };

const spec = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'specs', 'spec.schema.json'), 'utf8')) as Schema;
const project = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'specs', 'project.schema.json'), 'utf8')) as Schema;
const def = (name: string) => spec.definitions![name];

/** Interface → the schema object it mirrors. */
const MAP: Record<string, Schema> = {
  SpecFile: spec,
  ProjectSpec: project,
  ConditionOp: def('conditionOp'),
  VariableSpec: def('variable'),
  VariableRule: def('variable').properties!.rules.items!,
  EnvironmentSpec: def('environment'),
  RetrySpec: def('retry'),
  AuthSpec: def('auth'),
  DefaultsSpec: def('defaults'),
  BodySpec: def('body'),
  RequestSpec: def('request'),
  CaptureSpec: def('capture').anyOf![1],
  CheckSpec: def('check'),
  PaginateSpec: def('index').properties!.paginate,
  IndexSpec: def('index'),
  EnsureSpec: def('ensure'),
  UpdateSpec: def('update'),
  DriftField: def('driftField'),
  JwtSpec: def('jwt'),
  HintSpec: def('step').properties!.hints.items!,
  ForEachSpec: def('step').properties!.forEach.anyOf![1],
  StepSpec: def('step'),
  PollSpec: def('step').properties!.poll,
  SkipRestSpec: def('step').properties!.skipRestOn,
  FilterRowsSpec: def('step').properties!.filterRows,
};

function interfaces(): Map<string, { props: string[]; required: string[] }> {
  const file = path.join(REPO_ROOT, 'generator', 'spec', 'types.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out = new Map<string, { props: string[]; required: string[] }>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const members = node.members.filter(ts.isPropertySignature);
    out.set(node.name.text, {
      props: members.map((m) => m.name.getText(source)).sort(),
      required: members.filter((m) => !m.questionToken).map((m) => m.name.getText(source)).sort(),
    });
  });
  return out;
}

describe('spec types match the JSON Schemas', () => {
  const found = interfaces();

  it('every interface is mapped to a schema object', () => {
    assert.deepEqual([...found.keys()].sort(), Object.keys(MAP).sort());
  });

  for (const [name, schema] of Object.entries(MAP)) {
    it(`${name}: same properties and required properties`, () => {
      const iface = found.get(name);
      assert.ok(iface, `interface ${name} not found`);
      assert.ok(schema?.properties, `no schema object for ${name}`);
      assert.deepEqual(iface.props, Object.keys(schema.properties).sort(), 'properties');
      assert.deepEqual(iface.required, [...(schema.required ?? [])].sort(), 'required');
    });
  }
});
