// Checks the hand-transcribed tables in specs/data against counts and spot values from the reference
// (Adobe's B2B Postman utility HEAD f383d2d and the Salesforce mapping doc @ 59c5c85). The expected values are
// hard-coded on purpose: the reference markdown is not available in CI.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

interface Namespace { name: string; code: string; idType: string }
interface Schema { key: string; title: string; class: string; mergePolicyClass: string | null; fieldGroups: string[] }
interface Identity { schema: string; sourceProperty: string; namespace: string; primary: boolean }
interface Relationship {
  schema: string; sourceProperty: string; destinationSchema: string; destinationProperty: string;
  destinationNamespace: string; destinationToSourceTitle: string; sourceToDestinationTitle: string; cardinality: string;
}
interface OneToOne { schema: string; sourceProperty: string; destinationSchema: string; destinationProperty: string }
interface ReferenceIdentity { schema: string; sourceProperty: string; namespace: string }
interface Descriptors {
  identities: Identity[]; relationships: Relationship[]; oneToOne: OneToOne[]; referenceIdentities: ReferenceIdentity[];
}
interface SalesforceObject { object: string; label: string; key: string; schema: string; rows: number }
type Kind = 'direct' | 'constant' | 'expression';
interface MappingRow { source: string; destination: string; sourceType: string; kind: Kind; note?: string }

const dataDir = resolve(__dirname, '../../specs/data');
const load = <T>(file: string): T => parse(readFileSync(resolve(dataDir, file), 'utf8')) as T;

const namespaces = load<Namespace[]>('namespaces.yaml');
const schemas = load<Schema[]>('schemas.yaml');
const descriptors = load<Descriptors>('descriptors.yaml');
const objects = load<SalesforceObject[]>('salesforce-objects.yaml');
const mappings = new Map(objects.map((o) => [o.key, load<MappingRow[]>(`mappings/${o.key}.yaml`)]));
const rowsOf = (key: string): MappingRow[] => mappings.get(key) ?? assert.fail(`no mapping for ${key}`);

// [object, key, schema, rows, direct, constant, expression] from the reference summary table.
const expectedObjects: [string, string, string, number, number, number, number][] = [
  ['Contact', 'contact', 'person', 51, 42, 5, 4],
  ['Lead', 'lead', 'person', 42, 33, 5, 4],
  ['Account', 'account', 'account', 47, 43, 2, 2],
  ['Opportunity', 'opportunity', 'opportunity', 32, 27, 2, 3],
  ['OpportunityContactRole', 'opportunity_contact_role', 'opportunity_person', 17, 8, 6, 3],
  ['Campaign', 'campaign', 'campaign', 24, 20, 2, 2],
  ['CampaignMember', 'campaign_member', 'campaign_member', 19, 10, 6, 3],
  ['AccountContactRelation', 'account_contact_relation', 'account_person', 18, 12, 2, 4],
];

// First and last row of every object, exactly as printed in the mapping doc.
const spotChecks: [string, number, MappingRow][] = [
  ['contact', 0, { source: 'AccountId', destination: 'b2b.accountKey.sourceID', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['contact', 50, { source: '"Contact"', destination: 'b2b.personType', sourceType: 'EXPRESSION', kind: 'constant' }],
  ['lead', 0, { source: 'City', destination: 'workAddress.city', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['lead', 41, {
    source: 'iif(ConvertedContactId != null && ConvertedContactId != "", to_object("sourceType", "Salesforce", '
      + '"sourceInstanceID", "${CRM_ORG_ID}", "sourceID", ConvertedContactId, "sourceKey", '
      + 'concat(ConvertedContactId,"@${CRM_ORG_ID}.Salesforce")), null)',
    destination: 'personComponents.sourceConvertedContactKey', sourceType: 'EXPRESSION', kind: 'expression' }],
  ['account', 0, { source: '"Salesforce"', destination: 'accountKey.sourceType', sourceType: 'EXPRESSION', kind: 'constant' }],
  ['account', 46, { source: 'Website', destination: 'accountOrganization.website', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['opportunity', 0, { source: '"Salesforce"', destination: 'opportunityKey.sourceType', sourceType: 'EXPRESSION', kind: 'constant' }],
  ['opportunity', 31, { source: 'CurrencyIsoCode', destination: 'opportunityAmount.currencyCode', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['opportunity_contact_role', 0, { source: '"Salesforce"', destination: 'opportunityPersonKey.sourceType', sourceType: 'EXPRESSION', kind: 'constant' }],
  ['opportunity_contact_role', 16, { source: 'Role', destination: 'personRole', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['campaign', 0, { source: '"Salesforce"', destination: 'campaignKey.sourceType', sourceType: 'EXPRESSION', kind: 'constant' }],
  ['campaign', 23, { source: 'CurrencyIsoCode', destination: 'actualCost.currencyCode', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['campaign_member', 0, { source: '"Salesforce"', destination: 'campaignMemberKey.sourceType', sourceType: 'EXPRESSION', kind: 'constant' }],
  ['campaign_member', 18, { source: 'Type', destination: 'b2b.personType', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['account_contact_relation', 0, { source: 'AccountId', destination: 'accountKey.sourceID', sourceType: 'ATTRIBUTE', kind: 'direct' }],
  ['account_contact_relation', 17, { source: 'StartDate', destination: 'relationStartDate', sourceType: 'ATTRIBUTE', kind: 'direct' }],
];

const schemaKeys = new Set(schemas.map((s) => s.key));
const primaryOf = (schema: string): Identity =>
  descriptors.identities.find((i) => i.schema === schema && i.primary) ?? assert.fail(`no primary on ${schema}`);
const countBy = <T>(items: T[], key: (t: T) => string): Record<string, number> =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

describe('reference data: namespaces and schemas', () => {
  it('has the 11 B2B namespaces with exact codes and idTypes, in utility order', () => {
    assert.deepEqual(namespaces.map((n) => [n.code, n.idType]), [
      ['b2b_account', 'B2B_ACCOUNT'], ['b2b_person', 'CROSS_DEVICE'], ['b2b_opportunity', 'B2B_OPPORTUNITY'],
      ['b2b_opportunity_person_relation', 'B2B_OPPORTUNITY_PERSON'], ['b2b_campaign', 'B2B_CAMPAIGN'],
      ['b2b_campaign_member', 'B2B_CAMPAIGN_MEMBER'], ['b2b_marketing_list', 'B2B_MARKETING_LIST'],
      ['b2b_marketing_list_member', 'B2B_MARKETING_LIST_MEMBER'], ['b2b_account_person_relation', 'B2B_ACCOUNT_PERSON'],
      ['b2b_demandbase_account_intent', 'NON_PEOPLE'], ['b2b_bombora_account_intent', 'NON_PEOPLE'],
    ]);
    assert.equal(namespaces[1]?.name, 'B2B Person');
    assert.ok(namespaces.every((n) => n.name.startsWith('B2B ')));
  });

  it('has 12 schemas with 39 field groups distributed as the utility adds them', () => {
    assert.equal(schemas.length, 12);
    assert.deepEqual(Object.fromEntries(schemas.map((s) => [s.key, s.fieldGroups.length])), {
      account: 1, person: 4, opportunity: 1, opportunity_person: 0, campaign: 1, campaign_member: 1,
      marketing_list: 0, marketing_list_member: 0, activity: 28, account_person: 1, demandbase_intent: 1, bombora_intent: 1,
    });
    const all = schemas.flatMap((s) => s.fieldGroups);
    assert.equal(all.length, 39);
    assert.ok(all.every((u) => u.startsWith('https://ns.adobe.com/')), 'full URLs only');
    for (const s of schemas) assert.equal(new Set(s.fieldGroups).size, s.fieldGroups.length, `dup in ${s.key}`);
    const activity = schemas.find((s) => s.key === 'activity')?.fieldGroups ?? [];
    assert.deepEqual(activity.filter((u) => !u.startsWith('https://ns.adobe.com/xdm/mixins/')),
      ['https://ns.adobe.com/b2b/marketo/marketo-web-url']);
    assert.equal(activity[27], 'https://ns.adobe.com/xdm/mixins/events/merge-leads');
  });

  it('names the merge-policy class alt id for every schema but Activity', () => {
    assert.equal(schemas.filter((s) => s.mergePolicyClass !== null).length, 11);
    assert.equal(schemas.find((s) => s.key === 'activity')?.mergePolicyClass, null);
    for (const s of schemas.filter((x) => x.mergePolicyClass !== null)) {
      // The alt id is the class URL path with '/' → '.' and a leading '_'.
      assert.equal(s.mergePolicyClass, `_${s.class.replace('https://ns.adobe.com/', '').replace(/\//g, '.')}`);
    }
  });
});

describe('reference data: descriptors', () => {
  const { identities, relationships, oneToOne, referenceIdentities } = descriptors;
  const codes = new Set(namespaces.map((n) => n.code));

  it('has 19 identities, 12 relationships, 4 one-to-one and 4 reference identities', () => {
    assert.deepEqual([identities.length, relationships.length, oneToOne.length, referenceIdentities.length], [19, 12, 4, 4]);
  });

  it('has exactly one primary identity per schema, plus the Email secondary on person', () => {
    assert.deepEqual(countBy(identities.filter((i) => i.primary), (i) => i.schema),
      Object.fromEntries(schemas.map((s) => [s.key, 1])));
    assert.deepEqual(identities[18], { schema: 'person', sourceProperty: '/workEmail/address', namespace: 'Email', primary: false });
    assert.equal(identities.filter((i) => i.sourceProperty === '/extSourceSystemAudit/externalKey/sourceKey').length, 6);
  });

  it('refers only to known schemas and namespaces', () => {
    const used = [...identities, ...referenceIdentities].map((d) => d.namespace)
      .concat(relationships.map((r) => r.destinationNamespace));
    for (const code of used) assert.ok(codes.has(code) || code === 'Email', `unknown namespace ${code}`);
    const refs = [...identities, ...relationships, ...oneToOne, ...referenceIdentities].map((d) => d.schema)
      .concat([...relationships, ...oneToOne].map((d) => d.destinationSchema));
    for (const key of refs) assert.ok(schemaKeys.has(key), `unknown schema ${key}`);
  });

  it('points every relationship at the destination schema primary identity, all M:1', () => {
    for (const r of [...relationships, ...oneToOne]) {
      assert.equal(r.destinationProperty, primaryOf(r.destinationSchema).sourceProperty, `${r.schema}${r.sourceProperty}`);
    }
    for (const r of relationships) {
      assert.equal(r.cardinality, 'M:1');
      assert.equal(r.destinationNamespace, primaryOf(r.destinationSchema).namespace);
    }
    // Row 8: the utility's first attempt uses /personKey/sourceKey; we encode the Person identity path.
    assert.equal(relationships[8]?.destinationProperty, '/b2b/personKey/sourceKey');
    assert.deepEqual([relationships[0]?.destinationToSourceTitle, relationships[0]?.sourceToDestinationTitle], ['People', 'Account']);
  });

  it('pairs each reference identity with the one-to-one descriptor on the same field', () => {
    oneToOne.forEach((o, i) => {
      const ref = referenceIdentities[i];
      assert.deepEqual([ref?.schema, ref?.sourceProperty], [o.schema, o.sourceProperty]);
      assert.equal(ref?.namespace, primaryOf(o.destinationSchema).namespace);
    });
  });
});

describe('reference data: Salesforce objects and mappings', () => {
  it('lists the 8 objects in document order with counts matching their mapping files', () => {
    assert.deepEqual(objects.map((o) => [o.object, o.key, o.schema, o.rows]), expectedObjects.map((e) => e.slice(0, 4)));
    assert.equal(objects[4]?.label, 'Opportunity Contact Role');
    for (const o of objects) {
      assert.ok(schemaKeys.has(o.schema));
      assert.equal(rowsOf(o.key).length, o.rows, o.key);
    }
  });

  it('matches the per-object and total kind counts of the reference summary', () => {
    for (const [, key, , rows, direct, constant, expression] of expectedObjects) {
      const got = countBy(rowsOf(key), (r) => r.kind);
      assert.deepEqual([rowsOf(key).length, got.direct, got.constant, got.expression], [rows, direct, constant, expression], key);
    }
    const all = [...mappings.values()].flat();
    assert.deepEqual([all.length, countBy(all, (r) => r.kind)], [250, { direct: 195, constant: 30, expression: 25 }]);
  });

  it('keeps sourceType, kind and source text consistent on every row', () => {
    for (const [key, rows] of mappings) {
      rows.forEach((r, i) => {
        const at = `${key}[${i}]`;
        assert.deepEqual(Object.keys(r).filter((k) => !['source', 'destination', 'sourceType', 'kind', 'note'].includes(k)), [], at);
        assert.equal(r.sourceType, r.kind === 'direct' ? 'ATTRIBUTE' : 'EXPRESSION', at);
        if (r.kind === 'direct') assert.match(r.source, /^[A-Za-z]+$/, at);
        if (r.kind === 'constant') assert.match(r.source, /^("[^"]*"|\$\{CRM_ORG_ID\})$/, at);
        if (r.kind === 'expression') assert.match(r.source, /^(concat|iif|explode)\(.*\)$/, at);
      });
      const dests = rows.map((r) => r.destination);
      assert.equal(new Set(dests).size, dests.length, `repeated destination in ${key}`);
    }
  });

  it('reproduces the first and last row of every object exactly', () => {
    for (const [key, index, want] of spotChecks) assert.deepEqual(rowsOf(key)[index], want, `${key}[${index}]`);
  });

  it('maps each object onto its schema primary identity (and Email for people)', () => {
    for (const o of objects) {
      const path = primaryOf(o.schema).sourceProperty.slice(1).replace(/\//g, '.');
      assert.ok(rowsOf(o.key).some((r) => r.destination === path && r.kind === 'expression'), `${o.key} → ${path}`);
    }
    for (const key of ['contact', 'lead']) assert.ok(rowsOf(key).some((r) => r.destination === 'workEmail.address'));
  });

  it('sends the org id as a string literal on every row that is only the org id', () => {
    // Data Prep reads a bare token as a field name: an unquoted ${CRM_ORG_ID} would map null (Appendix A.3).
    const bare = [...mappings].flatMap(([key, rows]) => rows.flatMap((r, i) => (r.sourceType === 'EXPRESSION' && r.source.replace(/"/g, '').trim() === '${CRM_ORG_ID}' && r.source.trim() !== '"${CRM_ORG_ID}"' ? [`${key}[${i}] ${r.source}`] : [])));
    assert.deepEqual(bare, []);
    const onlyOrgId = [...mappings.values()].flat().filter((r) => r.source.replace(/"/g, '') === '${CRM_ORG_ID}');
    assert.equal(onlyOrgId.length, 14, 'one sourceInstanceID constant per key field');
  });

  it('keeps the Appendix A anomalies as printed, except the unquoted org id it fixes', () => {
    const cm = rowsOf('campaign_member');
    assert.deepEqual([cm[6]?.source, cm[10]?.source], ['"${CRM_ORG_ID}"', '"${CRM_ORG_ID}"']);
    assert.match(cm[6]?.note ?? '', /unquoted in the doc/);
    const acr = rowsOf('account_contact_relation');
    assert.equal(acr[7]?.source, 'IsDeleted');
    assert.deepEqual([acr[12]?.destination, acr[13]?.destination], ['IsActive', 'IsDirect']);
    assert.equal(acr[11]?.source, 'concat(Id, "@${CRM_ORG_ID}.Salesforce")');
    assert.equal(acr[16]?.destination, 'personRoles[]');
    assert.ok(rowsOf('contact')[2]?.source.includes('"${CRM_ORG_ID}","sourceID"'));
    const noted = [...mappings].flatMap(([key, rows]) => rows.flatMap((r, i) => (r.note ? [`${key}[${i}]`] : [])));
    assert.deepEqual(noted, ['campaign_member[6]', 'campaign_member[10]', 'account_contact_relation[12]', 'account_contact_relation[13]']);
  });
});
