// The embedded simulator's library API: start it on loopback with the Adobe (IMS, Identity Service, Schema
// Registry, merge policies) and Salesforce / Flow Service / Catalog / Data Prep services, and inspect its state.
import { startApp, type RunningSimulator, type SimApp } from './core/app';
import type { SimState } from './core/types';
import { resolveSimConfig, type SimConfigOverrides } from './config';
import { registerIms } from './ims';
import { registerIdentity } from './identity';
import { registerSchemaRegistry } from './schema-registry';
import { registerMergePolicies } from './merge-policies';
import { registerSalesforce } from './salesforce';
import { registerFlowService } from './flow-service';
import { registerCatalog } from './catalog';
import { registerConversion } from './conversion';

export interface StartSimulatorOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Overrides merged one level deep into defaultSimConfig(). */
  config?: SimConfigOverrides;
  /** Existing state to continue from (e.g. a second run against the same "org"). */
  state?: SimState;
}

/** Registers every Adobe service: IMS, Identity Service, Schema Registry and merge policies. */
export function registerAdobe(app: SimApp): void {
  registerIms(app);
  registerIdentity(app);
  registerSchemaRegistry(app);
  registerMergePolicies(app);
}

export const ALL_SERVICES: Array<(app: SimApp) => void> = [
  registerAdobe,
  (app) => registerSalesforce(app),
  (app) => registerFlowService(app),
  (app) => registerCatalog(app),
  (app) => registerConversion(app),
];

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startApp({ config: resolveSimConfig(options.config), port: options.port, services: ALL_SERVICES, state: options.state });
}

export type { RunningSimulator, SimApp } from './core/app';
export type { SimConfig, SimState, FaultConfig } from './core/types';
export { defaultSimConfig, resolveSimConfig, SIM_ADOBE_CREDENTIALS, SIM_SALESFORCE_CREDENTIALS, DEFAULT_OAUTH_SCOPES, type SimConfigOverrides } from './config';
export { registerIms } from './ims';
export { registerIdentity } from './identity';
export { registerSchemaRegistry, snapshotAdobe, type AdobeSnapshot } from './schema-registry';
export { registerMergePolicies } from './merge-policies';
export { countWriteRequests, writeRequests } from './core/request-log';
