// Compile-time templates `${{ … }}`: paths, filters, raw values, and the errors users see.
import assert from 'node:assert/strict';
import { evaluate, renderDeep, renderString, TemplateError, type TemplateScope } from '../../generator/compile/template';

const scope: TemplateScope = {
  item: { name: 'B2B Account', code: 'b2b_account', n: 3, flag: false, empty: '', nil: null, tags: ['a', 'b'], obj: { x: 1, 'meta:altId': '_t.s' } },
  data: { rows: [{ k: 'a', v: 1, w: 'x' }, { k: 'b', v: 2, w: 'y' }], map: { one: 1 } },
  options: { env: 'prod', debug: true },
};

describe('template: renderString', () => {
  const cases: Array<{ given: string; want: unknown }> = [
    { given: 'no template', want: 'no template' },
    { given: 'Bearer {{TOKEN}}', want: 'Bearer {{TOKEN}}' },
    { given: '${{ item.name }}', want: 'B2B Account' },
    { given: 'Namespace ${{item.name}} (${{ item.code }})', want: 'Namespace B2B Account (b2b_account)' },
    { given: '/schemas/{{SCHEMA_${{ item.code }}}}', want: '/schemas/{{SCHEMA_b2b_account}}' },
    // A string that is exactly one template yields the raw value.
    { given: '${{ item.n }}', want: 3 },
    { given: '${{ item.flag }}', want: false },
    { given: '${{ item.nil }}', want: null },
    { given: '${{ item.tags }}', want: ['a', 'b'] },
    { given: '${{ item.obj }}', want: { x: 1, 'meta:altId': '_t.s' } },
    { given: '${{ data.rows }}', want: [{ k: 'a', v: 1, w: 'x' }, { k: 'b', v: 2, w: 'y' }] },
    // Inside text, non-strings become JSON.
    { given: 'n=${{ item.n }}', want: 'n=3' },
    { given: 'o=${{ item.obj }}', want: 'o={"x":1,"meta:altId":"_t.s"}' },
    { given: 't=${{ item.tags }}', want: 't=["a","b"]' },
    { given: '${{ item.obj["meta:altId"] }}', want: '_t.s' },
    { given: '${{ data.rows[1].k }}', want: 'b' },
    { given: '${{ options.env }}-${{ options.debug }}', want: 'prod-true' },
    { given: "${{ 'literal' }}", want: 'literal' },
    { given: '${{ 42 }}', want: 42 },
    { given: "${{ item.code | default('{{x}}') }}", want: 'b2b_account' },
  ];
  for (const { given, want } of cases) {
    it(`${given} → ${JSON.stringify(want)}`, () => assert.deepEqual(renderString(given, scope), want));
  }
});

describe('template: filters', () => {
  const cases: Array<{ given: string; want: unknown }> = [
    { given: 'item.obj | json', want: '{"x":1,"meta:altId":"_t.s"}' },
    { given: 'item.name | lower', want: 'b2b account' },
    { given: 'item.name | upper', want: 'B2B ACCOUNT' },
    { given: 'item.tags | length', want: 2 },
    { given: 'item.name | length', want: 11 },
    { given: 'data.map | length', want: 1 },
    { given: 'item.tags | join', want: 'a,b' },
    { given: "item.tags | join(' + ')", want: 'a + b' },
    { given: "item.empty | default('fallback')", want: 'fallback' },
    { given: "item.nil | default('fallback')", want: 'fallback' },
    { given: "item.absent | default('fallback')", want: 'fallback' },
    { given: "item.absent.deeper | default('fallback')", want: 'fallback' },
    { given: "item.flag | default('fallback')", want: false },
    { given: 'item.name | urlencode', want: 'B2B%20Account' },
    { given: "item.name | replace(' ', '_') | lower", want: 'b2b_account' },
    { given: "data.rows | replace('x', 'z')", want: [{ k: 'a', v: 1, w: 'z' }, { k: 'b', v: 2, w: 'y' }] },
    { given: "data.rows | pick('k', 'w')", want: [{ k: 'a', w: 'x' }, { k: 'b', w: 'y' }] },
    { given: "data.rows | where('k', 'b')", want: [{ k: 'b', v: 2, w: 'y' }] },
    { given: "data.rows | where('v', 1) | length", want: 1 },
    { given: "data.rows | find('v', 2)", want: { k: 'b', v: 2, w: 'y' } },
    { given: "data.rows | find('k', item.tags[0])", want: { k: 'a', v: 1, w: 'x' } },
  ];
  for (const { given, want } of cases) {
    it(`${given} → ${JSON.stringify(want)}`, () => assert.deepEqual(evaluate(given, scope), want));
  }
});

describe('template: errors', () => {
  const cases: Array<{ given: string; want: RegExp }> = [
    { given: '${{ item.title }}', want: /^item has no field 'title'$/ },
    { given: '${{ item.title | upper }}', want: /^item has no field 'title'$/ },
    { given: '${{ item.nil.x }}', want: /^item\.nil is null, so it has no field 'x'$/ },
    { given: '${{ item.name | shout }}', want: /^unknown filter 'shout' \(known: json, lower, upper, length, join, default, urlencode, replace, pick, where, find\)$/ },
    { given: '${{ row.name }}', want: /^unknown name 'row' \(use item, data or options\)$/ },
    { given: '${{ item.name | join }}', want: /^join: expected a list, got string$/ },
    { given: "${{ data.rows | find('k', 'zz') }}", want: /^find: no entry with k = "zz"$/ },
    { given: "${{ 'open }}", want: /unclosed|unterminated/ },
    { given: '${{ item.name', want: /^unclosed \$\{\{ in "\$\{\{ item\.name"$/ },
    { given: '${{ item.name # x }}', want: /^unexpected character '#'/ },
    { given: '${{ item.name item.code }}', want: /^unexpected 'item' in/ },
    { given: '${{ }}', want: /^expected 'a value'/ },
  ];
  for (const { given, want } of cases) {
    it(`${given} fails: ${want}`, () => {
      assert.throws(() => renderString(given, scope), (e: unknown) => e instanceof TemplateError && want.test(e.message));
    });
  }
});

describe('template: renderDeep', () => {
  it('renders keys and values of nested structures and keeps non-strings', () => {
    const given = { 'ID_${{ item.code }}': '${{ item.obj.x }}', list: ['${{ item.name | upper }}', 7, null], deep: { on: true } };
    assert.deepEqual(renderDeep(given, scope), { ID_b2b_account: 1, list: ['B2B ACCOUNT', 7, null], deep: { on: true } });
  });
});
