// Shared shapes of the embedded simulator. Each service module (ims, identity, schema-registry, flow-service, …)
// registers routes on the app and keeps its data in its own slice of SimState.
import type { IncomingHttpHeaders } from 'node:http';
import type { SalesforceOrgFeatures } from '../salesforce-objects';

export interface SimRequest {
  method: string;
  /** Path without query string, e.g. /data/core/idnamespace/identities */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed body: JSON value, or a flat record for urlencoded and multipart forms, or undefined. */
  body: unknown;
  /** Values of `:name` segments of the matched route pattern. */
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects and arrays are sent as JSON; strings as they are. */
  body?: unknown;
}

/** How a route is protected: `platform` = the four Adobe Platform headers; `none` = open (token endpoints). */
export type RouteAuth = 'platform' | 'none';

export interface SimContext {
  state: SimState;
  config: SimConfig;
  /** Milliseconds since the epoch; injectable so tests can move the clock. */
  now(): number;
  /** Deterministic id generator (uuid-like, hex, …) per kind. */
  newId(kind: 'uuid' | 'hex32' | 'hex24'): string;
}

export type Handler = (req: SimRequest, ctx: SimContext) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  /** Express-like pattern: /data/foundation/schemaregistry/tenant/schemas/:altId */
  pattern: string;
  auth: RouteAuth;
  handler: Handler;
}

export interface FaultConfig {
  /** Added latency in ms for every request. */
  latencyMs?: number;
  /** Answer the first N matching requests with 429 and this Retry-After (seconds). */
  throttle?: { count: number; retryAfterSeconds: number; pathPrefix?: string };
  /** Answer the first N matching requests with this 5xx status. */
  serverErrors?: { count: number; status: 500 | 502 | 503; pathPrefix?: string };
  /**
   * Process the first N matching writes normally (state changes), then answer a gateway timeout instead of the
   * real answer — what a client sees when the gateway gives up on a write the service completed. Only
   * successful answers are replaced. `method` defaults to every write (POST, PUT, PATCH, DELETE).
   */
  afterWrite?: { count: number; status?: 504; pathPrefix?: string; method?: string };
  /** Destroy the socket of the first N matching requests without an answer. */
  dropConnections?: { count: number; pathPrefix?: string };
  /** Access tokens issued by IMS expire after this many ms (default 24 h). */
  tokenLifetimeMs?: number;
  /** Refuse (HTTP 405, counted in state.refusedWrites) every request but GET/HEAD and these path prefixes. */
  readOnly?: { allow: string[] };
  /** The next N flow PATCHes find the flow edited by someone else just before (its etag moved on). */
  concurrentFlowEdits?: number;
  /** Tokens issued before this request count (by total request number) are revoked at that point. */
  expireTokensAfterRequests?: number;
}

export interface SalesforceAppConfig {
  /** Connected app consumer key (JWT `iss`). */
  clientId: string;
  clientSecret: string;
  /** Pre-authorized user (JWT `sub`). */
  username: string;
  password?: string;
  securityToken?: string;
  /** PEM of the certificate or public key uploaded to the connected app. */
  certificatePem: string;
  orgId: string;
  instanceUrl?: string;
  /** Accepted audiences (default https://login.salesforce.com and https://test.salesforce.com, plus the simulator's own URL). */
  audiences?: string[];
  /** Optional org features; each absent flag means the feature is on (an org with everything). */
  features?: SalesforceOrgFeatures;
}

export interface FlowServiceConfig {
  /**
   * A new base connection answers `state: "initializing"` to this many GET /connections/{id} reads, then the
   * settled state (Adobe's AWS walkthrough shows initializing → enabled). Default 0: enabled at once.
   */
  connectionInitializingReads?: number;
  /** The state a connection settles in after initializing (default 'enabled'); 'failed' models a failed test. */
  connectionSettlesTo?: 'enabled' | 'failed';
}

export interface SimConfig {
  /** Adobe Developer Console credential. */
  adobe: {
    clientId: string;
    clientSecret: string;
    orgId: string;
    technicalAccountId: string;
    /** PEM public key/certificate for the legacy JWT exchange; when absent the JWT exchange answers invalid_signature. */
    jwtPublicKeyPem?: string;
    /** Sandboxes that exist (default ["prod"]). */
    sandboxes: string[];
    tenantId: string;
    /** Meta-scopes attached to the legacy JWT credential (claim `https://<ims>/s/<scope>`). */
    metaScopes: string[];
    /** OAuth Server-to-Server scopes granted to the credential (default: the Experience Platform set). */
    oauthScopes?: string[];
    /** IMS hosts accepted in the JWT `aud` and meta-scope claims, besides the simulator's own host. */
    imsHosts?: string[];
    /** The cloud the org's Experience Platform runs on (default 'azure'); it decides the Salesforce auth variants. */
    cloud?: 'azure' | 'aws';
  };
  salesforce: SalesforceAppConfig;
  faults: FaultConfig;
  /** Flow Service behaviour that differs between orgs or runs. */
  flowService?: FlowServiceConfig;
  /** Default page size of list endpoints (Schema Registry default is 20). */
  pageSize: number;
  /** How the simulated dataflow runs behave (Flow Service /runs). */
  flowRuns: FlowRunConfig;
}

export interface FlowRunConfig {
  /** Milliseconds from a run's start until it finishes (default 2000). */
  delayMs: number;
  /** Records each run reads; by default derived from the table name, so every object differs. */
  records?: number;
  /** Runs of the flows reading these Salesforce tables (e.g. `Lead`) fail with this error. */
  failures?: Record<string, { code: string; message: string }>;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  /** When it arrived: milliseconds on a monotonic clock (performance.now), for the gaps between requests. */
  receivedMs: number;
}

/** All mutable state of one simulator instance. Service modules add their own slices via declaration merging. */
export interface SimState {
  requests: RequestLogEntry[];
  [slice: string]: unknown;
}
