// The slice of Adobe's global XDM library the simulator knows: the standard classes and field groups used by the
// B2B / Salesforce setup (reference §1.5). References to anything else are rejected like unknown resources.
export interface GlobalClass {
  $id: string;
  title: string;
  /** XDM behavior: record data or time-series (events). */
  behavior: 'record' | 'time-series';
}

export interface GlobalFieldGroup {
  $id: string;
  title: string;
  /** Classes the field group may be added to (`meta:intendedToExtend`). */
  intendedToExtend: string[];
}

const NS = 'https://ns.adobe.com';
const PROFILE = `${NS}/xdm/context/profile`;
const EVENT = `${NS}/xdm/context/experienceevent`;
const ACCOUNT = `${NS}/xdm/context/account`;
const OPPORTUNITY = `${NS}/xdm/context/opportunity`;
const OPP_PERSON = `${NS}/xdm/classes/opportunity-person`;
const CAMPAIGN = `${NS}/xdm/classes/campaign`;
const CAMPAIGN_MEMBER = `${NS}/xdm/context/campaign-member`;
const LIST = `${NS}/xdm/classes/marketing-list`;
const LIST_MEMBER = `${NS}/xdm/classes/marketing-list-member`;
const ACCOUNT_PERSON = `${NS}/xdm/classes/account-person`;
const DEMANDBASE = `${NS}/b2b/demandbase/classes/demandbase-account-intent`;
const BOMBORA = `${NS}/b2b/bombora/classes/bombora-account-intent`;

export const GLOBAL_CLASSES: GlobalClass[] = [
  { $id: PROFILE, title: 'XDM Individual Profile', behavior: 'record' },
  { $id: EVENT, title: 'XDM ExperienceEvent', behavior: 'time-series' },
  { $id: ACCOUNT, title: 'XDM Business Account', behavior: 'record' },
  { $id: OPPORTUNITY, title: 'XDM Business Opportunity', behavior: 'record' },
  { $id: OPP_PERSON, title: 'XDM Business Opportunity Person Relation', behavior: 'record' },
  { $id: CAMPAIGN, title: 'XDM Business Campaign', behavior: 'record' },
  { $id: CAMPAIGN_MEMBER, title: 'XDM Business Campaign Members', behavior: 'record' },
  { $id: LIST, title: 'XDM Business Marketing List', behavior: 'record' },
  { $id: LIST_MEMBER, title: 'XDM Business Marketing List Members', behavior: 'record' },
  { $id: ACCOUNT_PERSON, title: 'XDM Business Account Person Relation', behavior: 'record' },
  { $id: DEMANDBASE, title: 'B2B Demandbase Account Intent', behavior: 'record' },
  { $id: BOMBORA, title: 'B2B Bombora Account Intent', behavior: 'record' },
];

const B2B_RECORD_CLASSES = [ACCOUNT, OPPORTUNITY, OPP_PERSON, CAMPAIGN, CAMPAIGN_MEMBER, LIST, LIST_MEMBER, ACCOUNT_PERSON];

const EVENT_GROUPS = [
  'remove-from-list', 'visit-webpage', 'new-lead', 'convert-lead', 'add-to-list', 'add-to-opportunity', 'remove-from-opportunity',
  'interesting-moment', 'formfilledout', 'linkclicks', 'emaildelivered', 'emailbounced', 'emailunsubscribed', 'emailopened',
  'emailclicked', 'emailbouncedsoft', 'scorechanged', 'opportunityupdated', 'statusincampaignprogressionchanged', 'callwebhook',
  'change-campaign-cadence', 'add-to-campaign', 'change-campaign-stream', 'revenueStageChanged', 'emailsent', 'merge-leads',
];

export const GLOBAL_FIELD_GROUPS: GlobalFieldGroup[] = [
  { $id: `${NS}/xdm/mixins/account-details`, title: 'XDM Business Account Details', intendedToExtend: [ACCOUNT] },
  { $id: `${NS}/xdm/mixins/b2b-person-details`, title: 'XDM Business Person Details', intendedToExtend: [PROFILE] },
  { $id: `${NS}/xdm/mixins/b2b-person-components`, title: 'XDM Business Person Components', intendedToExtend: [PROFILE] },
  // Adobe's own utility adds the Identity Map to the Account Person Relation schema, so it must be compatible there.
  { $id: `${NS}/xdm/context/identitymap`, title: 'Identity Map', intendedToExtend: [PROFILE, EVENT, ...B2B_RECORD_CLASSES] },
  { $id: `${NS}/xdm/mixins/profile-consents`, title: 'Consents and Preferences', intendedToExtend: [PROFILE] },
  { $id: `${NS}/xdm/mixins/opportunity-details`, title: 'XDM Business Opportunity Details', intendedToExtend: [OPPORTUNITY] },
  { $id: `${NS}/xdm/mixins/campaign-details`, title: 'XDM Business Campaign Details', intendedToExtend: [CAMPAIGN] },
  { $id: `${NS}/xdm/context/campaign-member-details`, title: 'XDM Business Campaign Member Details', intendedToExtend: [CAMPAIGN_MEMBER] },
  { $id: `${NS}/b2b/demandbase/fieldgroups/demandbase-account-intent-details`, title: 'Demandbase Account Intent Details', intendedToExtend: [DEMANDBASE] },
  { $id: `${NS}/b2b/bombora/fieldgroups/bombora-account-intent-details`, title: 'Bombora Account Intent Details', intendedToExtend: [BOMBORA] },
  { $id: `${NS}/xdm/mixins/person-identifier`, title: 'Person Identifier', intendedToExtend: [EVENT] },
  { $id: `${NS}/b2b/marketo/marketo-web-url`, title: 'Marketo Web URL', intendedToExtend: [EVENT] },
  ...EVENT_GROUPS.map((name) => ({ $id: `${NS}/xdm/mixins/events/${name}`, title: `Event ${name}`, intendedToExtend: [EVENT] })),
];

/** `https://ns.adobe.com/xdm/context/profile` → `_xdm.context.profile` (the registry's meta:altId rule). */
export function altIdOf(id: string): string {
  return `_${id.replace(/^https?:\/\/ns\.adobe\.com\//, '').replace(/\//g, '.')}`;
}

export function findClass(ref: string): GlobalClass | undefined {
  return GLOBAL_CLASSES.find((c) => c.$id === ref || altIdOf(c.$id) === ref);
}

export function findFieldGroup(ref: string): GlobalFieldGroup | undefined {
  return GLOBAL_FIELD_GROUPS.find((f) => f.$id === ref || altIdOf(f.$id) === ref);
}

/** What a class contributes to a schema's meta:extends after the class itself. */
export function behaviorRef(c: GlobalClass): string {
  return c.behavior === 'record' ? `${NS}/xdm/data/record` : `${NS}/xdm/data/time-series`;
}
