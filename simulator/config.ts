// Default configuration of the embedded simulator: fake but realistically shaped credentials, so that a
// generated `local` environment looks like a real one. Nothing here is a real secret.
import type { FaultConfig, FlowRunConfig, FlowServiceConfig, SalesforceAppConfig, SimConfig } from './core/types';

/** The fake Adobe Developer Console credential the simulator accepts by default. */
export const SIM_ADOBE_CREDENTIALS = {
  /** 32 hex characters, like a Developer Console client ID (also the x-api-key). */
  clientId: '5f1c3a9e0b7d4e2f8a6c1d3b9e0f7a24',
  /** Real OAuth S2S secrets start with `p8e-`. */
  clientSecret: 'p8e-SIMULATOR-not-a-real-secret-0000000000000',
  orgId: '0A1B2C3D4E5F60718293A4B5@AdobeOrg',
  technicalAccountId: '9F8E7D6C5B4A3F2E1D0C9B8A@techacct.adobe.com',
  tenantId: 'postforgesim',
  sandbox: 'prod',
  metaScope: 'ent_dataservices_sdk',
  imsHost: 'ims-na1.adobelogin.com',
} as const;

/** The Experience Platform OAuth scopes used by Adobe's own collections (and a few other common ones). */
export const DEFAULT_OAUTH_SCOPES = [
  'openid',
  'session',
  'AdobeID',
  'read_organizations',
  'additional_info.projectedProductContext',
  'additional_info.job_function',
  'additional_info.roles',
  'profile',
  'email',
];

/** Placeholder Salesforce connected app; the runner supplies the real certificate PEM at start. */
export const SIM_SALESFORCE_CREDENTIALS = {
  clientId: '3MVG9SIMULATOR.fakeConsumerKey.0000000000000000000000000000000000000000000000',
  clientSecret: 'SIMULATORFAKECONSUMERSECRET0000000000000000000000000000000000000000',
  username: 'integration.user@postforge-sim.example',
  /** For the deprecated basic authentication variant only. */
  password: 'SimulatorPassw0rd-not-real',
  securityToken: 'SIMSECURITYTOKEN0000',
  orgId: '00D5j00000SIMULAT',
} as const;

export function defaultSimConfig(): SimConfig {
  return {
    adobe: {
      clientId: SIM_ADOBE_CREDENTIALS.clientId,
      clientSecret: SIM_ADOBE_CREDENTIALS.clientSecret,
      orgId: SIM_ADOBE_CREDENTIALS.orgId,
      technicalAccountId: SIM_ADOBE_CREDENTIALS.technicalAccountId,
      sandboxes: [SIM_ADOBE_CREDENTIALS.sandbox],
      tenantId: SIM_ADOBE_CREDENTIALS.tenantId,
      metaScopes: [SIM_ADOBE_CREDENTIALS.metaScope],
      oauthScopes: [...DEFAULT_OAUTH_SCOPES],
      imsHosts: [SIM_ADOBE_CREDENTIALS.imsHost],
      // Most orgs run on Azure, where Salesforce offers Basic and OAuth2 Client Credential auth (no JWT).
      cloud: 'azure',
    },
    salesforce: {
      clientId: SIM_SALESFORCE_CREDENTIALS.clientId,
      clientSecret: SIM_SALESFORCE_CREDENTIALS.clientSecret,
      username: SIM_SALESFORCE_CREDENTIALS.username,
      password: SIM_SALESFORCE_CREDENTIALS.password,
      securityToken: SIM_SALESFORCE_CREDENTIALS.securityToken,
      orgId: SIM_SALESFORCE_CREDENTIALS.orgId,
      certificatePem: '',
    },
    faults: {},
    flowService: {},
    pageSize: 20,
    flowRuns: { delayMs: 2000 },
  };
}

/** Overrides accepted by startSimulator: each section is merged one level deep into the defaults. */
export interface SimConfigOverrides {
  adobe?: Partial<SimConfig['adobe']>;
  salesforce?: Partial<SalesforceAppConfig>;
  faults?: FaultConfig;
  flowService?: FlowServiceConfig;
  pageSize?: number;
  flowRuns?: Partial<FlowRunConfig>;
}

export function resolveSimConfig(overrides: SimConfigOverrides = {}, base: SimConfig = defaultSimConfig()): SimConfig {
  return {
    adobe: { ...base.adobe, ...stripUndefined(overrides.adobe) },
    salesforce: { ...base.salesforce, ...stripUndefined(overrides.salesforce) },
    faults: { ...base.faults, ...stripUndefined(overrides.faults) },
    flowService: { ...base.flowService, ...stripUndefined(overrides.flowService) },
    pageSize: overrides.pageSize ?? base.pageSize,
    flowRuns: { ...base.flowRuns, ...stripUndefined(overrides.flowRuns) },
  };
}

// `{ key: undefined }` in an override must not erase a default.
function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
