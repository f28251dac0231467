// Describe data of the simulated Salesforce org: the sObjects Flow Service's explore lists and their columns.
// Every field that Adobe's Salesforce → XDM mapping templates read is present, with the exact spelling the
// templates use: seven templates read `isDeleted` (lower-case i) while the AccountContactRelation one reads
// `IsDeleted`, and Data Prep field names are case-sensitive, so each object carries the spelling its template needs.

/** Compact field kinds: Salesforce field types grouped by how Flow Service presents them. */
type Kind = 'str' | 'bool' | 'dbl' | 'int' | 'date' | 'dt';

export interface ExploreColumn {
  name: string;
  type: string;
  'meta:xdmType'?: string;
  xdm: { type: string; format?: string };
}

export interface SalesforceObject {
  /** API name: the explore `path` and the source connection's `tableName`. */
  name: string;
  label: string;
  columns: ExploreColumn[];
}

const AUDIT = 'CreatedDate:dt CreatedById LastModifiedDate:dt LastModifiedById SystemModstamp:dt';
const VIEWED = 'LastActivityDate:date LastViewedDate:dt LastReferencedDate:dt';

const OBJECTS: Array<[string, string, string]> = [
  ['Contact', 'Contact', `Id isDeleted:bool MasterRecordId AccountId LastName FirstName Salutation Name
    OtherStreet OtherCity OtherState OtherPostalCode OtherCountry OtherLatitude:dbl OtherLongitude:dbl
    MailingStreet MailingCity MailingState MailingPostalCode MailingCountry MailingLatitude:dbl MailingLongitude:dbl
    Phone Fax MobilePhone HomePhone OtherPhone AssistantPhone ReportsToId Email Title Department AssistantName
    LeadSource Birthdate:date Description OwnerId ${AUDIT} ${VIEWED} EmailBouncedReason EmailBouncedDate:dt
    IsEmailBounced:bool Jigsaw`],
  ['Lead', 'Lead', `Id isDeleted:bool MasterRecordId LastName FirstName MiddleName Salutation Suffix Name Title
    Company Street City State PostalCode Country Latitude:dbl Longitude:dbl Phone MobilePhone Fax Email Website
    Description LeadSource Status Industry Rating AnnualRevenue:dbl NumberOfEmployees:int OwnerId
    IsConverted:bool ConvertedDate:date ConvertedAccountId ConvertedContactId ConvertedOpportunityId
    IsUnreadByOwner:bool ${AUDIT} ${VIEWED} Jigsaw EmailBouncedReason EmailBouncedDate:dt`],
  ['Account', 'Account', `Id isDeleted:bool MasterRecordId Name Type ParentId BillingStreet BillingCity
    BillingState BillingPostalCode BillingCountry BillingLatitude:dbl BillingLongitude:dbl ShippingStreet
    ShippingCity ShippingState ShippingPostalCode ShippingCountry ShippingLatitude:dbl ShippingLongitude:dbl
    Phone Fax AccountNumber Website PhotoUrl Sic Industry AnnualRevenue:dbl NumberOfEmployees:int Ownership
    TickerSymbol Description Rating Site OwnerId ${AUDIT} ${VIEWED} Jigsaw JigsawCompanyId AccountSource SicDesc
    DunsNumber Tradestyle NaicsCode NaicsDesc YearStarted`],
  ['Opportunity', 'Opportunity', `Id isDeleted:bool AccountId IsPrivate:bool Name Description StageName
    Amount:dbl Probability:dbl ExpectedRevenue:dbl TotalOpportunityQuantity:dbl CloseDate:date Type NextStep
    LeadSource IsClosed:bool IsWon:bool ForecastCategory ForecastCategoryName CurrencyIsoCode CampaignId
    HasOpportunityLineItem:bool Pricebook2Id OwnerId ${AUDIT} ${VIEWED} FiscalQuarter:int FiscalYear:int Fiscal`],
  ['OpportunityContactRole', 'Opportunity Contact Role',
    `Id OpportunityId ContactId Role IsPrimary:bool ${AUDIT} isDeleted:bool`],
  ['Campaign', 'Campaign', `Id isDeleted:bool Name ParentId Type Status StartDate:date EndDate:date
    ExpectedRevenue:dbl BudgetedCost:dbl ActualCost:dbl ExpectedResponse:dbl NumberSent:dbl IsActive:bool
    Description NumberOfLeads:int NumberOfConvertedLeads:int NumberOfContacts:int NumberOfResponses:int
    NumberOfOpportunities:int NumberOfWonOpportunities:int AmountAllOpportunities:dbl AmountWonOpportunities:dbl
    OwnerId ${AUDIT} ${VIEWED} CampaignMemberRecordTypeId CurrencyIsoCode`],
  ['CampaignMember', 'Campaign Member', `Id isDeleted:bool CampaignId LeadId ContactId Status HasResponded:bool
    ${AUDIT} FirstRespondedDate:date LeadOrContactId LeadOrContactOwnerId Type Name Email CompanyOrAccount Title`],
  ['AccountContactRelation', 'Account Contact Relationship', `Id AccountId ContactId Roles IsDirect:bool
    IsActive:bool StartDate:date EndDate:date IsDeleted:bool ${AUDIT}`],
  ['Task', 'Task', `Id WhoId WhatId Subject ActivityDate:date Status Priority IsHighPriority:bool OwnerId
    Description IsDeleted:bool AccountId IsClosed:bool ${AUDIT} TaskSubtype CallType CallDurationInSeconds:int`],
  ['Event', 'Event', `Id WhoId WhatId Subject Location IsAllDayEvent:bool ActivityDateTime:dt ActivityDate:date
    DurationInMinutes:int StartDateTime:dt EndDateTime:dt Description AccountId OwnerId IsDeleted:bool ${AUDIT}`],
  ['User', 'User', `Id Username LastName FirstName Name Email IsActive:bool ProfileId UserRoleId ${AUDIT}`],
];

function column(spec: string): ExploreColumn {
  const [name, kind = 'str'] = spec.split(':') as [string, Kind?];
  switch (kind) {
    case 'bool': return { name, type: 'boolean', xdm: { type: 'boolean' } };
    case 'dbl': return { name, type: 'double', xdm: { type: 'number' } };
    case 'int': return { name, type: 'integer', xdm: { type: 'integer' } };
    // Dates come back as strings tagged with their XDM type, as in Flow Service's explore answers.
    case 'date': return { name, type: 'string', 'meta:xdmType': 'date', xdm: { type: 'string', format: 'date' } };
    case 'dt': return { name, type: 'string', 'meta:xdmType': 'date-time', xdm: { type: 'string', format: 'date-time' } };
    default: return { name, type: 'string', xdm: { type: 'string' } };
  }
}

/** Every object with every field: an org with all optional features. */
export const SALESFORCE_OBJECTS: readonly SalesforceObject[] = OBJECTS.map(([name, label, fields]) => ({
  name,
  label,
  columns: fields.split(/\s+/).filter(Boolean).map(column),
}));

/**
 * Optional Salesforce features; each one off removes what only that feature adds. Data.com (Prospector/Clean)
 * adds Account's D&B fields; multi-currency adds `CurrencyIsoCode` to every currency-bearing object; "Contacts
 * to Multiple Accounts" adds the AccountContactRelation object itself.
 */
export interface SalesforceOrgFeatures {
  dataCom?: boolean;
  multiCurrency?: boolean;
  contactsToMultipleAccounts?: boolean;
}

const DATA_COM_FIELDS = new Set(['DunsNumber', 'NaicsCode', 'NaicsDesc', 'Tradestyle']);

/** The objects and columns an org with these features describes (absent flags count as on). */
export function salesforceObjectsFor(features: SalesforceOrgFeatures = {}): SalesforceObject[] {
  const dropped = (o: SalesforceObject, c: ExploreColumn): boolean =>
    (features.dataCom === false && o.name === 'Account' && DATA_COM_FIELDS.has(c.name)) ||
    (features.multiCurrency === false && c.name === 'CurrencyIsoCode');
  return SALESFORCE_OBJECTS
    .filter((o) => !(features.contactsToMultipleAccounts === false && o.name === 'AccountContactRelation'))
    .map((o) => ({ ...o, columns: o.columns.filter((c) => !dropped(o, c)) }));
}

export function findSalesforceObject(name: string, features?: SalesforceOrgFeatures): SalesforceObject | undefined {
  return (features ? salesforceObjectsFor(features) : SALESFORCE_OBJECTS).find((o) => o.name === name);
}
