// Edit the specs (or the sandbox), then plan, run and run again, each from a completed setup: plan names exactly
// that change and sends only reads and token requests (the simulator refuses anything else while it plans), the
// run makes the fewest writes, the second run none, and the result equals a fresh setup from the edited specs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { snapshotAdobe, type RunningSimulator, type SimState } from '../../simulator';
import { flowState } from '../../simulator/flow-service/store';
import { catalogState } from '../../simulator/catalog';
import { conversionState } from '../../simulator/conversion';
import type { Change } from '../../generator/run/run-pipeline';
import { awsSimulator, comparable, editedSpecs, fromState, replaceIn, run, writesOf } from './live-state';

interface Scenario {
  edit?: (specs: string) => void;
  vars?: Record<string, string>;
  outOfBand?: (sim: RunningSimulator) => void;
  /** The changes plan must list (action and step), nothing else. */
  plan: Array<[Change['action'], RegExp]>;
  writes: string[];
  /** Checks of the plan's field-level detail. */
  fields?: (changes: Change[]) => void;
}

// AWS: the base connection uses the OAuth2 JWT Token Credential, whose jwtToken is rotated.
const AWS = { PLATFORM_CLOUD: 'aws' };
const brief = (c: Change) => `${c.action} ${c.step}`;
const listed = (c: Change, [action, re]: [Change['action'], RegExp]) => c.action === action && re.test(c.step);

describe('changing a live setup (e2e)', function () {
  this.timeout(600000);
  let base: SimState;
  before(async () => {
    const sim = await awsSimulator();
    const first = await run(sim, { envVars: AWS });
    assert.equal(first.exitCode, 0, first.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
    base = sim.state;
    await sim.stop();
  });

  async function check(s: Scenario): Promise<{ sim: RunningSimulator; outputs: Record<string, string>; lines: string[] }> {
    const specs = s.edit ? editedSpecs(s.edit) : undefined;
    const opts = { ...(specs ? { root: specs.root } : {}), envVars: { ...AWS, ...s.vars } };
    const sim = await fromState(base);
    try {
      s.outOfBand?.(sim);
      sim.config.faults.readOnly = { allow: ['/ims/token/', '/ims/exchange/', '/services/oauth2/token'] };
      const plan = await run(sim, { ...opts, plan: true });
      sim.config.faults.readOnly = undefined;
      assert.equal(plan.exitCode, 0, plan.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
      assert.equal(sim.state.refusedWrites ?? 0, 0, 'plan sent a write');
      assert.deepEqual(writesOf(plan.sent), []);
      assert.ok(plan.sent.every((r) => r.method === 'GET' || r.method === 'POST'), 'plan sends GETs and token POSTs only');
      assert.deepEqual(plan.changes.filter((c) => !s.plan.some((p) => listed(c, p))).map(brief), [], 'plan lists nothing else');
      for (const p of s.plan) assert.ok(plan.changes.some((c) => listed(c, p)), `plan lists ${p[0]} ${p[1]}`);
      assert.ok(plan.changes.every((c) => !c.applied));
      s.fields?.(plan.changes);

      const applied = await run(sim, opts);
      assert.equal(applied.exitCode, 0, applied.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
      assert.deepEqual(writesOf(applied.sent).sort(), [...s.writes].sort());
      const again = await run(sim, opts);
      assert.equal(again.exitCode, 0);
      assert.deepEqual(writesOf(again.sent), [], 'a second run makes no write');
      assert.deepEqual(again.changes, []);

      const fresh = await awsSimulator();
      try {
        const f = await run(fresh, opts);
        assert.equal(f.exitCode, 0);
        assert.deepEqual(comparable(sim.state), comparable(fresh.state));
      } finally { await fresh.stop(); }
      return { sim, outputs: applied.outputs, lines: applied.lines };
    } finally {
      await sim.stop();
      specs?.cleanup();
    }
  }

  /** A spec edit the API cannot apply: plan names it as one manual step with the reason, the run exits 1 and
   * writes nothing, --allow-drift exits 0. */
  async function manual(edit: (specsDir: string) => void, want: { step: string; fields: Change['fields']; reason: RegExp }): Promise<void> {
    const specs = editedSpecs(edit);
    const sim = await fromState(base);
    try {
      const plan = await run(sim, { root: specs.root, plan: true, envVars: AWS });
      assert.equal(plan.exitCode, 0);
      assert.deepEqual(plan.changes.map(brief), [`manual ${want.step}`]);
      assert.deepEqual(plan.changes[0].fields, want.fields);
      assert.match(plan.changes[0].reason!, want.reason);
      const failed = await run(sim, { root: specs.root, envVars: AWS });
      assert.equal(failed.exitCode, 1);
      assert.deepEqual(writesOf(failed.sent), []);
      assert.equal((await run(sim, { root: specs.root, allowDrift: true, envVars: AWS })).exitCode, 0);
    } finally {
      await sim.stop();
      specs.cleanup();
    }
  }

  it('mapping rows changed, added and removed: one PUT (new version) and one flow PATCH', async () => {
    await check({
      edit: (specs) => {
        const file = path.join(specs, 'data', 'mappings', 'lead.yaml');
        replaceIn(file, "- source: 'Fax'\n  destination: 'faxPhone.number'", "- source: 'MobilePhone'\n  destination: 'faxPhone.number'");
        replaceIn(file, "- source: 'City'\n  destination: 'workAddress.city'\n  sourceType: ATTRIBUTE\n  kind: direct\n", '');
        replaceIn(file, "- source: 'Country'\n", "- source: 'Phone'\n  destination: 'workPhone.number'\n  sourceType: ATTRIBUTE\n  kind: direct\n- source: 'Country'\n");
      },
      // The dataflow is pointed at the new version in the same run; plan shows the cause (the rows).
      plan: [['update', /^Update mapping set for Lead/]],
      writes: ['PUT /data/foundation/conversion/mappingSets/:id', 'PATCH /data/foundation/flowservice/flows/:id'],
      fields: (changes) => {
        const rows = changes.find((c) => /mapping set for Lead/.test(c.step))!.fields![0];
        const show = (x: unknown) => (x as { source: string; destination: string }[]).map((r) => `${r.source}→${r.destination}`).sort();
        assert.deepEqual(show(rows.before), ['City→workAddress.city', 'Fax→faxPhone.number']);
        assert.deepEqual(show(rows.after), ['MobilePhone→faxPhone.number', 'Phone→workPhone.number']);
      },
    });
  });

  it('a field group added to a schema: one JSON Patch', async () => {
    await check({
      edit: (specs) => replaceIn(path.join(specs, 'data', 'schemas.yaml'), '    - https://ns.adobe.com/xdm/mixins/account-details\n', '    - https://ns.adobe.com/xdm/mixins/account-details\n    - https://ns.adobe.com/xdm/context/identitymap\n'),
      plan: [['update', /^Field groups of B2B Account$/]],
      writes: ['PATCH /data/foundation/schemaregistry/tenant/schemas/:id'],
    });
  });

  it('a schema description changed: one JSON Patch of /description', async () => {
    await check({
      edit: (specs) => replaceIn(path.join(specs, 'data', 'schemas.yaml'), 'description: B2B Opportunity schema for B2B ingestion', 'description: Salesforce opportunities (B2B)'),
      plan: [['update', /^Description of B2B Opportunity$/]],
      writes: ['PATCH /data/foundation/schemaregistry/tenant/schemas/:id'],
      fields: (changes) => assert.deepEqual(changes[0].fields, [{ field: 'description', before: 'B2B Opportunity schema for B2B ingestion', after: 'Salesforce opportunities (B2B)' }]),
    });
  });

  it('a schema renamed (new title, renamedFrom the old one): one JSON Patch, same $id, no second schema', async () => {
    const { sim } = await check({
      edit: (specs) => replaceIn(path.join(specs, 'data', 'schemas.yaml'), '  title: B2B Account\n  description: B2B Account schema for B2B ingestion\n', '  title: B2B Salesforce Account\n  renamedFrom: B2B Account\n  description: B2B Salesforce Account schema\n'),
      // The create, field-group, description and Profile steps find the schema under its new title.
      plan: [['update', /^Rename schema B2B Account to B2B Salesforce Account$/]],
      writes: ['PATCH /data/foundation/schemaregistry/tenant/schemas/:id'],
      fields: (changes) => assert.deepEqual(changes[0].fields, [
        { field: 'title', before: 'B2B Account', after: 'B2B Salesforce Account' },
        { field: 'description', before: 'B2B Account schema for B2B ingestion', after: 'B2B Salesforce Account schema' },
      ]),
    });
    const before = snapshotAdobe(base).schemas.find((s) => s.title === 'B2B Account')!;
    const after = snapshotAdobe(sim.state).schemas.filter((s) => /Account$/.test(s.title));
    assert.deepEqual(after.map((s) => [s.title, s.$id]), [['B2B Salesforce Account', before.$id]], 'renamed in place');
  });

  it('a rename whose new title is taken by another schema: a manual step, nothing written', async () => {
    const specs = editedSpecs((s) => replaceIn(path.join(s, 'data', 'schemas.yaml'), '  title: B2B Account\n', '  title: B2B Salesforce Account\n  renamedFrom: B2B Account\n'));
    const sim = await fromState(base);
    try {
      const reg = (sim.state.schemaRegistry as Map<string, { schemas: Array<Record<string, unknown>> }>).get('prod')!;
      const account = reg.schemas.find((s) => s.title === 'B2B Account')!;
      reg.schemas.push({ ...structuredClone(account), $id: `${String(account.$id).slice(0, -4)}beef`, altId: `${String(account.altId).slice(0, -4)}beef`, title: 'B2B Salesforce Account' });
      const plan = await run(sim, { root: specs.root, plan: true, envVars: AWS });
      assert.equal(plan.exitCode, 0);
      const rename = plan.changes.filter((c) => /^Rename schema/.test(c.step));
      assert.deepEqual(rename.map(brief), ['manual Rename schema B2B Account to B2B Salesforce Account']);
      assert.match(rename[0].reason!, /both "B2B Account" and "B2B Salesforce Account" exist/);
      const failed = await run(sim, { root: specs.root, envVars: AWS });
      assert.equal(failed.exitCode, 1);
      assert.deepEqual(writesOf(failed.sent).filter((w) => /schemas/.test(w)), []);
    } finally {
      await sim.stop();
      specs.cleanup();
    }
  });

  it('an identity namespace renamed (same code): one PUT of the namespace, as Identity Service documents', async () => {
    const { sim } = await check({
      edit: (specs) => replaceIn(path.join(specs, 'data', 'namespaces.yaml'), '- name: B2B Opportunity\n  code: b2b_opportunity\n', '- name: Salesforce Opportunity\n  code: b2b_opportunity\n'),
      plan: [['update', /^Update: namespace b2b_opportunity$/]],
      writes: ['PUT /data/core/idnamespace/identities/:id'],
      fields: (changes) => assert.deepEqual(changes[0].fields, [
        { field: 'name', before: 'B2B Opportunity', after: 'Salesforce Opportunity' },
        { field: 'description', before: 'Namespace B2B Opportunity for B2B ingestion', after: 'Namespace Salesforce Opportunity for B2B ingestion' },
      ]),
    });
    const ns = snapshotAdobe(sim.state).namespaces.find((n) => n.code === 'b2b_opportunity')!;
    assert.equal(ns.id, snapshotAdobe(base).namespaces.find((n) => n.code === 'b2b_opportunity')!.id, 'the same namespace');
  });

  it('an identity type changed: a manual step (Identity Service refuses idType changes), exit 1 unless --allow-drift', async () => {
    await manual((s) => replaceIn(path.join(s, 'data', 'namespaces.yaml'), '  code: b2b_campaign\n  idType: B2B_CAMPAIGN\n', '  code: b2b_campaign\n  idType: CROSS_DEVICE\n'), {
      step: 'Drift check: identity type of namespace b2b_campaign',
      fields: [{ field: 'idType', before: 'B2B_CAMPAIGN', after: 'CROSS_DEVICE' }],
      reason: /idType is not editable/,
    });
  });

  it('PROFILE_ENABLE_DATASETS turned off: each dataset disabled for Profile and Identity by one JSON Patch', async () => {
    const { sim } = await check({
      vars: { PROFILE_ENABLE_DATASETS: 'false' },
      plan: [['update', /^Disable the \w+ dataset for Profile and Identity$/]],
      writes: Array(8).fill('PATCH /data/foundation/catalog/dataSets/:id'),
      fields: (changes) => {
        assert.equal(changes.length, 8);
        assert.deepEqual(changes[0].fields, [{ field: 'Profile (tags.unifiedProfile)', before: 'true', after: 'false' }, { field: 'Identity (tags.unifiedIdentity)', before: 'true', after: 'false' }]);
      },
    });
    const tags = [...catalogState(sim.state).values()].map((d) => d.data.tags);
    assert.ok(tags.every((t) => t.unifiedProfile.join() === 'enabled:false' && t.unifiedIdentity.join() === 'enabled:false'));
  });

  it('a dataset whose Identity tag was switched off by hand (Profile on): one JSON Patch enables it again', async () => {
    await check({
      outOfBand: (s) => {
        const lead = [...catalogState(s.state).values()].find((d) => d.data.name === 'postforge-salesforce-lead')!;
        lead.data.tags.unifiedIdentity = ['enabled:false'];
        // Other entries of a tag (upsert) are not drift.
        const contact = [...catalogState(s.state).values()].find((d) => d.data.name === 'postforge-salesforce-contact')!;
        contact.data.tags.unifiedProfile = ['enabled: true', 'isUpsert:true'];
      },
      plan: [['update', /^Enable the Lead dataset for Profile and Identity$/]],
      writes: ['PATCH /data/foundation/catalog/dataSets/:id'],
      fields: (changes) => assert.deepEqual(changes[0].fields, [{ field: 'Identity (tags.unifiedIdentity)', before: 'false', after: 'true' }]),
    });
  });

  it('a changed descriptor: one PUT that keeps its @id', async () => {
    await check({
      edit: (specs) => replaceIn(path.join(specs, 'data', 'descriptors.yaml'), '{schema: account, sourceProperty: /extSourceSystemAudit/externalKey/sourceKey, namespace: b2b_account, primary: false}', '{schema: account, sourceProperty: /extSourceSystemAudit/externalKey/sourceKey, namespace: b2b_person, primary: false}'),
      plan: [['update', /^Update: Identity b2b_person on account/]],
      writes: ['PUT /data/foundation/schemaregistry/tenant/descriptors/:id'],
      fields: (changes) => assert.deepEqual(changes[0].fields, [{ field: 'xdm:namespace', before: 'b2b_account', after: 'b2b_person' }]),
    });
  });

  it('DATAFLOW_FREQUENCY and DATAFLOW_INTERVAL changed: one PATCH per dataflow', async () => {
    await check({
      vars: { DATAFLOW_FREQUENCY: 'day', DATAFLOW_INTERVAL: '2' },
      plan: [['update', /^Update dataflow for /]],
      writes: Array(8).fill('PATCH /data/foundation/flowservice/flows/:id'),
      fields: (changes) => {
        assert.equal(changes.length, 8);
        assert.deepEqual(changes[0].fields, [{ field: 'scheduleParams.frequency', before: 'hour', after: 'day' }, { field: 'scheduleParams.interval', before: '1', after: '2' }]);
      },
    });
  });

  it('the jwtToken inside the rotation window: a fresh token, one connection PATCH, the new expiry in outputs', async () => {
    const soon = new Date(Date.now() + 10 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    const { sim, outputs } = await check({
      outOfBand: (s) => {
        const conn = [...flowState(s.state).connections.values()][0];
        conn.description = `Salesforce source created by postforge; jwtToken expires ${soon}`;
      },
      plan: [['update', /^Rotate the jwtToken/]],
      writes: ['PATCH /data/foundation/flowservice/connections/:id'],
      fields: (changes) => {
        assert.equal(changes[0].fields![0].before, soon);
        assert.ok(Date.parse(String(changes[0].fields![0].after)) > Date.now() + 100 * 86400000);
      },
    });
    const conn = [...flowState(sim.state).connections.values()][0];
    const expires = /jwtToken expires (\S+)/.exec(String(conn.description))![1];
    assert.ok(Date.parse(expires) > Date.now() + 100 * 86400000, 'the stored expiry moved on');
    assert.equal(outputs.SALESFORCE_CONNECTION_JWT_EXPIRES, expires, 'outputs.json shows the expiry date');
    assert.ok(!Object.values(outputs).some((v) => /^eyJ/.test(v)), 'never the token');
  });

  it('a dataset deleted by hand: recreated, with a new target connection and dataflow, and the old ones removed', async () => {
    const { sim } = await check({
      outOfBand: (s) => {
        const datasets = catalogState(s.state);
        const lead = [...datasets.values()].find((d) => d.data.name === 'postforge-salesforce-lead')!;
        datasets.delete(lead.id);
      },
      plan: [['create', /^Dataset for Lead/], ['create', /^Target connection for Lead$/], ['delete', /^Delete dataflow for Lead/], ['delete', /^Delete the replaced target connection for Lead/], ['create', /^Dataflow for Lead$/]],
      writes: ['POST /data/foundation/catalog/dataSets', 'POST /data/foundation/flowservice/targetConnections', 'DELETE /data/foundation/flowservice/flows/:id', 'DELETE /data/foundation/flowservice/targetConnections/:id', 'POST /data/foundation/flowservice/flows'],
    });
    assert.equal(conversionState(sim.state).size, 8, 'the mapping set is reused, not duplicated');
  });

  it('a dataflow that is missing (its creation failed) is made again with the mapping set made for it, not a new one', async () => {
    await check({
      outOfBand: (s) => {
        const flows = flowState(s.state).flows;
        const lead = [...flows.values()].find((f) => f.name === 'postforge-salesforce-lead')!;
        flows.delete(lead.id);
      },
      plan: [['create', /^Dataflow for Lead$/]],
      writes: ['POST /data/foundation/flowservice/flows'],
    });
  });

  it('DATAFLOW_FREQUENCY switched between once and a schedule: a manual step each way (Flow Service cannot reschedule a one-time flow), no write', async () => {
    const expectManual = async (sim: RunningSimulator, vars: Record<string, string>, step: RegExp, before: string, after: string, reason: RegExp) => {
      const plan = await run(sim, { plan: true, envVars: { ...AWS, ...vars } });
      assert.equal(plan.exitCode, 0, plan.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
      assert.equal(plan.changes.length, 8, plan.changes.map(brief).join('\n'));
      assert.ok(plan.changes.every((c) => c.action === 'manual' && step.test(c.step)), plan.changes.map(brief).join('\n'));
      assert.deepEqual(plan.changes[0].fields, [{ field: 'scheduleParams.frequency', before, after }]);
      assert.match(plan.changes[0].reason!, reason);
      const failed = await run(sim, { envVars: { ...AWS, ...vars } });
      assert.equal(failed.exitCode, 1);
      assert.deepEqual(writesOf(failed.sent), [], 'nothing is patched, deleted or created');
      assert.deepEqual(failed.failures, [], 'the run fails for the manual steps only');
      assert.equal((await run(sim, { allowDrift: true, envVars: { ...AWS, ...vars } })).exitCode, 0);
    };
    // A scheduled setup, then DATAFLOW_FREQUENCY=once.
    const scheduled = await fromState(base);
    try {
      await expectManual(scheduled, { DATAFLOW_FREQUENCY: 'once' }, /^Drift check: scheduled dataflow for /, 'hour', 'once', /no switch of an existing dataflow to one-time ingestion/);
      assert.ok([...flowState(scheduled.state).flows.values()].every((f) => (f.scheduleParams as { frequency: string }).frequency === 'hour'));
    } finally { await scheduled.stop(); }
    // A one-time setup, then back to a schedule.
    const once = await awsSimulator();
    try {
      assert.equal((await run(once, { envVars: { ...AWS, DATAFLOW_FREQUENCY: 'once' } })).exitCode, 0);
      await expectManual(once, { DATAFLOW_FREQUENCY: 'day' }, /^Drift check: one-time dataflow for /, 'once', 'day', /cannot reschedule a dataflow made for one-time ingestion/);
      assert.ok([...flowState(once.state).flows.values()].every((f) => (f.scheduleParams as { frequency: string }).frequency === 'once'));
    } finally { await once.stop(); }
  });

  it('a 412 (the dataflow changed since it was read) re-reads it and retries once', async () => {
    const sim = await fromState(base);
    try {
      sim.config.faults.concurrentFlowEdits = 1;
      const r = await run(sim, { envVars: { ...AWS, DATAFLOW_FREQUENCY: 'day' } });
      assert.equal(r.exitCode, 0, r.lines.filter((l) => l.startsWith('FAIL')).join('\n'));
      assert.ok(r.lines.some((l) => /HTTP 412 .*reading it again/.test(l)));
      const patches = sim.state.requests.filter((q) => q.method === 'PATCH');
      assert.deepEqual(patches.map((q) => q.status), [412, ...Array(8).fill(200)]);
      assert.ok([...flowState(sim.state).flows.values()].every((f) => (f.scheduleParams as { frequency: string }).frequency === 'day'));
    } finally {
      await sim.stop();
    }
  });

  it('a field group removed from the specs is reported as a manual step: exit 1, --allow-drift exit 0', async () => {
    await manual((s) => replaceIn(path.join(s, 'data', 'schemas.yaml'), '    - https://ns.adobe.com/xdm/mixins/profile-consents\n', ''), {
      step: 'Drift check: field groups of B2B Person',
      fields: [{ field: 'field groups', before: ['https://ns.adobe.com/xdm/mixins/profile-consents'], after: [] }],
      reason: /breaking change/,
    });
  });

  it('an object dropped from SALESFORCE_OBJECTS: its dataflow, target, dataset and source are listed; --prune disables the dataflow and deletes nothing', async () => {
    const objects = 'Contact,Account,Opportunity,OpportunityContactRole,Campaign,CampaignMember,AccountContactRelation';
    const sim = await fromState(base);
    try {
      sim.config.faults.readOnly = { allow: ['/ims/token/', '/services/oauth2/token'] };
      const plan = await run(sim, { plan: true, envVars: { ...AWS, SALESFORCE_OBJECTS: objects } });
      sim.config.faults.readOnly = undefined;
      assert.equal(plan.exitCode, 0);
      const KEPT = ['remove Target connection for Lead', 'remove Dataset for Lead', 'remove Source connection for Lead'];
      assert.deepEqual(plan.changes.map(brief), ['remove Disable dataflow for Lead (--prune)', ...KEPT]);
      const lead = [...catalogState(sim.state).values()].find((d) => d.data.name === 'postforge-salesforce-lead')!;
      const dataset = plan.changes.find((c) => c.step === 'Dataset for Lead')!;
      assert.deepEqual(dataset.fields, [{ field: 'dataset', before: lead.id, after: null }], 'the dataset is named by its id');
      assert.match(dataset.reason!, /never deletes data/);
      const listed = await run(sim, { envVars: { ...AWS, SALESFORCE_OBJECTS: objects } });
      assert.equal(listed.exitCode, 0);
      assert.deepEqual(writesOf(listed.sent), []);
      assert.deepEqual(listed.changes.map((c) => [c.action, c.applied]), Array(4).fill(['remove', false]));
      const pruned = await run(sim, { envVars: { ...AWS, SALESFORCE_OBJECTS: objects }, prune: true });
      assert.deepEqual(writesOf(pruned.sent), ['POST /data/foundation/flowservice/flows/:id/action']);
      assert.deepEqual(pruned.changes.map((c) => `${brief(c)} ${c.applied}`), ['remove Disable dataflow for Lead (--prune) true', ...KEPT.map((k) => `${k} false`)]);
      const again = await run(sim, { envVars: { ...AWS, SALESFORCE_OBJECTS: objects }, prune: true });
      assert.deepEqual(writesOf(again.sent), []);
      const flows = [...flowState(sim.state).flows.values()];
      assert.equal(flows.length, 8, 'nothing deleted');
      assert.equal(catalogState(sim.state).size, 8, 'no dataset deleted');
      assert.deepEqual([flowState(sim.state).sourceConnections.size, flowState(sim.state).targetConnections.size], [8, 8]);
      assert.deepEqual(flows.filter((f) => f.state === 'disabled').map((f) => f.name), ['postforge-salesforce-lead']);
    } finally {
      await sim.stop();
    }
  });
});
