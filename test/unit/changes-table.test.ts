// How plan and the run summary show changes: a removal without a reason is what --prune applies (a dataflow),
// one with a reason is kept whatever the options (a dataset or connection no longer in the specs).
import assert from 'node:assert/strict';
import { changeCounts, changeLines } from '../../generator/cli/changes-table';
import type { Change } from '../../generator/run/changes';

const base = { collection: 'salesforce-source', method: 'GET', url: 'http://127.0.0.1/x', applied: false } as const;
const flow: Change = { ...base, action: 'remove', step: 'Disable dataflow for Lead (--prune)', fields: [{ field: 'state', before: 'enabled', after: 'disabled' }] };
const dataset: Change = { ...base, action: 'remove', step: 'Dataset for Lead', reason: 'kept: it holds the records ingested so far', fields: [{ field: 'dataset', before: 'd1', after: null }] };

describe('changes table', () => {
  const cases: Array<{ given: Change[]; plan: boolean; want: string[] }> = [
    {
      given: [flow, dataset], plan: true,
      want: [
        '  not in specs salesforce-source / Disable dataflow for Lead (--prune)',
        '      in the sandbox but no longer in the specs (postforge run --prune disables it; nothing is deleted)',
        '      state: "enabled" → "disabled"',
        '  not in specs salesforce-source / Dataset for Lead',
        '      in the sandbox but no longer in the specs; kept: it holds the records ingested so far',
        '      dataset: "d1" → null',
      ],
    },
    {
      given: [flow, dataset], plan: false,
      want: [
        '  not in specs salesforce-source / Disable dataflow for Lead (--prune) (use --prune to disable it)',
        '      state: "enabled" → "disabled"',
        '  not in specs salesforce-source / Dataset for Lead (kept)',
        '      in the sandbox but no longer in the specs; kept: it holds the records ingested so far',
        '      dataset: "d1" → null',
      ],
    },
  ];
  for (const c of cases) {
    it(`${c.plan ? 'plan' : 'run summary'}: removals with and without a reason`, () => {
      assert.deepEqual(changeLines(c.given, { plan: c.plan }), c.want);
    });
  }
  it('both count as no longer in the specs', () => {
    assert.equal(changeCounts([flow, dataset]), '0 to create, 0 to update, 0 needing a manual change, 2 no longer in the specs');
  });
});
