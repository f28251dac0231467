// Connection and flow specifications the simulated Flow Service knows: Salesforce (source), Data Lake (target),
// CRMToAEP (the Salesforce dataflow spec) and CloudStorageToAEP (the spec Adobe's CRM tutorial wrongly uses,
// kept so that mistake is rejected the way the real service rejects it). Ids and schedule rules: reference §3.
export const SALESFORCE_SPEC_ID = 'cfc0fee1-7dc0-40ef-b73e-d8b134c436f5';
export const DATA_LAKE_SPEC_ID = 'c604ff05-7f1a-43c0-8e18-33bf874cb11c';
export const CRM_FLOW_SPEC_ID = '14518937-270c-4525-bdec-c2ba7cce3860';
export const CLOUD_STORAGE_FLOW_SPEC_ID = '9753525b-82c7-4dce-8a9b-5ccfce2b9876';

export type Cloud = 'azure' | 'aws';

export interface AuthSpec {
  name: string; type: string; required: string[]; optional: string[]; secret: string[];
  /** Params that are booleans, not strings. */
  booleans: string[];
  /** The Experience Platform clouds that offer this variant (Adobe's Salesforce API tutorial). */
  clouds: Cloud[];
}

const obj = (props: string[], required: string[], secret: string[], booleans: string[] = []) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: Object.fromEntries(props.map((p) => [p,
    booleans.includes(p) ? { type: 'boolean', default: false } : secret.includes(p) ? { type: 'string', format: 'password' } : { type: 'string' }])),
  required,
});

// `includeDeletedObjects` (default false) is documented for every variant: it lets soft-deleted records through.
const BOOLEANS = ['includeDeletedObjects'];

export const SALESFORCE_AUTH: AuthSpec[] = [
  { name: 'Basic Authentication', type: 'Basic Authentication', required: ['username', 'password', 'securityToken'], optional: ['environmentUrl', 'apiVersion', ...BOOLEANS], secret: ['password', 'securityToken'], booleans: BOOLEANS, clouds: ['azure'] },
  { name: 'OAuth2 Client Credential', type: 'OAuth2 Client Credential', required: ['environmentUrl', 'clientId', 'clientSecret', 'apiVersion'], optional: [...BOOLEANS], secret: ['clientSecret'], booleans: BOOLEANS, clouds: ['azure'] },
  { name: 'OAuth2 JWT Token Credential', type: 'OAuth2 JWT Token Credential', required: ['jwtToken', 'clientId', 'clientSecret', 'instanceUrl'], optional: [...BOOLEANS], secret: ['jwtToken', 'clientSecret'], booleans: BOOLEANS, clouds: ['aws'] },
];

/** The Salesforce auth variants an org on this cloud is offered. */
export function salesforceAuthFor(cloud: Cloud = 'azure'): AuthSpec[] {
  return SALESFORCE_AUTH.filter((a) => a.clouds.includes(cloud));
}

const authSpecEntries = (list: AuthSpec[]) => list.map((a) => ({ name: a.name, type: a.type, spec: obj([...a.required, ...a.optional], a.required, a.secret, a.booleans) }));

export const CONNECTION_SPECS: Array<Record<string, unknown> & { id: string; name: string }> = [
  {
    id: SALESFORCE_SPEC_ID,
    name: 'salesforce',
    providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a',
    version: '1.0',
    attributes: { category: 'CRM', isSource: true, uiAttributes: { apiFeatures: { explorePaginationSupported: false } } },
    authSpec: authSpecEntries(SALESFORCE_AUTH),
    sourceSpec: { attributes: { uiAttributes: { isSource: true, category: { key: 'crm' }, label: 'Salesforce' } }, spec: obj(['tableName'], ['tableName'], []) },
    exploreSpec: { name: 'Table', type: 'Table', requestSpec: obj(['objectType', 'object'], ['objectType'], []) },
  },
  {
    id: DATA_LAKE_SPEC_ID,
    name: 'Data Lake',
    providerId: '521eee4d-8cbe-4906-bb48-fb6bd4450033',
    version: '1.0',
    attributes: { isDestination: true, isSink: true },
    authSpec: [],
    targetSpec: { name: 'Data Lake', spec: obj(['dataSetId'], ['dataSetId'], []) },
  },
];

// Connection specs CRMToAEP accepts, as listed by GET /flowSpecs?property=name=="CRMToAEP" (Adobe's CRM tutorial).
const CRM_SOURCES = [
  '3416976c-a9ca-4bba-901a-1f08f66978ff', '38ad80fe-8b06-4938-94f4-d4ee80266b07', 'd771e9c1-4f26-40dc-8617-ce58c4b53702',
  '3c9b37f8-13a6-43d8-bad3-b863b941fedd', 'cc6a4487-9e91-433e-a3a3-9cf6626c1806', '3000eb99-cd47-43f3-827c-43caf170f015',
  '26d738e0-8963-47ea-aadf-c60de735468a', '74a1c565-4e59-48d7-9d67-7c03b8a13137', SALESFORCE_SPEC_ID,
  '4f63aa36-bd48-4e33-bb83-49fbcd11c708', 'cb66ab34-8619-49cb-96d1-39b37ede86ea', 'eb13cb25-47ab-407f-ba89-c0125281c563',
  '1f372ff9-38a4-4492-96f5-b9a4e4bd00ec', '37b6bf40-d318-4655-90be-5cd6f65d334b', 'a49bcc7d-8038-43af-b1e4-5a7a089a7d79',
  '221c7626-58f6-4eec-8ee2-042b0226f03b', 'a8b6a1a4-5735-42b4-952c-85dce0ac38b5', '6a8d82bc-1caf-45d1-908d-cadabc9d63a6',
  'aac9bbd4-6c01-46ce-b47e-51c6f0f6db3f', '8e6b41a8-d998-4545-ad7d-c6a9fff406c3', 'ecde33f2-c56f-46cc-bdea-ad151c16cd69',
  '102706fb-a5cd-42ee-afe0-bc42f017ff43', '09182899-b429-40c9-a15a-bf3ddbc8ced7', '0479cc14-7651-4354-b233-7480606c2ac3',
  'd6b52d86-f0f8-475f-89d4-ce54c8527328', 'a8f4d393-1a6b-43f3-931f-91a16ed857f4', '1fe283f6-9bec-11ea-bb37-0242ac130002',
];

/** PeriodicSchedule as CRMToAEP declares it: startTime integer, interval ≥ 15 for minute and ≥ 1 otherwise. */
const SCHEDULE_SPEC = {
  name: 'PeriodicSchedule',
  type: 'Periodic',
  spec: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      startTime: { description: 'epoch time', type: 'integer' },
      frequency: { type: 'string', enum: ['once', 'minute', 'hour', 'day', 'week'] },
      interval: { type: 'integer' },
      backfill: { type: 'boolean', default: true },
    },
    required: ['startTime', 'frequency'],
    if: { properties: { frequency: { const: 'once' } } },
    then: { allOf: [{ not: { required: ['interval'] } }, { not: { required: ['backfill'] } }] },
    else: {
      required: ['interval'],
      if: { properties: { frequency: { const: 'minute' } } },
      then: { properties: { interval: { minimum: 15 } } },
      else: { properties: { interval: { minimum: 1 } } },
    },
  },
};

const TRANSFORMATION_SPECS = [
  {
    name: 'Copy',
    spec: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { deltaColumn: { type: 'object', properties: { name: { type: 'string' }, dateFormat: { type: 'string' }, timezone: { type: 'string' } }, required: ['name'] } }, required: ['deltaColumn'] },
  },
  {
    name: 'Mapping',
    spec: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', description: 'defines various params required for different mapping from source to target', properties: { mappingId: { type: 'string' }, mappingVersion: { type: 'string' } } },
  },
];

const OPTION_SPEC = {
  name: 'OptionSpec',
  spec: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { errorDiagnosticsEnabled: { type: 'boolean', default: false }, partialIngestionPercent: { type: 'number', exclusiveMinimum: 0 } } },
};

export interface FlowSpec extends Record<string, unknown> { id: string; name: string; sourceConnectionSpecIds: string[]; targetConnectionSpecIds: string[] }

export const FLOW_SPECS: FlowSpec[] = [
  {
    id: CRM_FLOW_SPEC_ID, name: 'CRMToAEP', providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a', version: '1.0',
    sourceConnectionSpecIds: CRM_SOURCES, targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    optionSpec: OPTION_SPEC, transformationSpecs: TRANSFORMATION_SPECS, scheduleSpec: SCHEDULE_SPEC,
    runSpec: { name: 'ProviderParams', spec: { type: 'object', properties: { startTime: { type: 'integer' }, windowStartTime: { type: 'integer' }, windowEndTime: { type: 'integer' }, deltaColumn: { type: 'object' } }, required: ['startTime', 'windowStartTime', 'windowEndTime', 'deltaColumn'] } },
    attributes: { notification: { category: 'sources', flowRun: { enabled: true } } },
  },
  {
    id: CLOUD_STORAGE_FLOW_SPEC_ID, name: 'CloudStorageToAEP', providerId: '0ed90a81-07f4-4586-8190-b40eccef1c5a', version: '1.0',
    // Amazon S3 and SFTP among the file-based sources; no CRM connector.
    sourceConnectionSpecIds: ['ecadc60c-7455-4d87-84dc-2a0e293d997b', 'b7bf2577-4520-42c9-bae9-cad01560f7bc'],
    targetConnectionSpecIds: [DATA_LAKE_SPEC_ID],
    optionSpec: OPTION_SPEC, transformationSpecs: [TRANSFORMATION_SPECS[1]], scheduleSpec: SCHEDULE_SPEC,
  },
];

/** The connection specs as an org on this cloud sees them: Salesforce lists only the auth variants offered there. */
export function connectionSpecsFor(cloud: Cloud = 'azure'): typeof CONNECTION_SPECS {
  return CONNECTION_SPECS.map((s) => (s.id === SALESFORCE_SPEC_ID ? { ...s, authSpec: authSpecEntries(salesforceAuthFor(cloud)) } : s));
}

export function findConnectionSpec(id: unknown): (typeof CONNECTION_SPECS)[number] | undefined {
  return CONNECTION_SPECS.find((s) => s.id === id);
}

export function findFlowSpec(id: unknown): FlowSpec | undefined {
  return FLOW_SPECS.find((s) => s.id === id);
}
