// `--env local`: start the embedded simulator on a free loopback port with throwaway RSA keys, and give the
// variables that point the collections at it (URLs, its fake credentials, the generated private keys).
import { generateKeyPairSync } from 'node:crypto';
import { startSimulator, SIM_ADOBE_CREDENTIALS, SIM_SALESFORCE_CREDENTIALS, type RunningSimulator, type SimConfigOverrides } from '../../simulator';

export interface LocalTarget {
  simulator: RunningSimulator;
  values: Record<string, string>;
  /** True when this call started the simulator (and so must stop it). */
  owned: boolean;
}

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export async function startLocalTarget(opts: { simulator?: RunningSimulator; config?: SimConfigOverrides } = {}): Promise<LocalTarget> {
  const salesforceKey = rsaPair();
  const adobeKey = rsaPair();
  let simulator = opts.simulator;
  const owned = !simulator;
  if (!simulator) {
    simulator = await startSimulator({
      config: {
        ...opts.config,
        adobe: { jwtPublicKeyPem: adobeKey.publicPem, ...opts.config?.adobe },
        salesforce: { certificatePem: salesforceKey.publicPem, instanceUrl: undefined, ...opts.config?.salesforce },
      },
    });
  } else {
    // A simulator handed in by a test keeps its state; give it this run's public keys.
    simulator.config.salesforce.certificatePem = salesforceKey.publicPem;
    simulator.config.adobe.jwtPublicKeyPem = adobeKey.publicPem;
  }
  const sf = simulator.config.salesforce;
  const adobe = simulator.config.adobe;
  const values: Record<string, string> = {
    IMS_URL: simulator.url,
    PLATFORM_URL: simulator.url,
    SALESFORCE_LOGIN_URL: simulator.url,
    SALESFORCE_INSTANCE_URL: simulator.url,
    API_KEY: adobe.clientId,
    CLIENT_SECRET: adobe.clientSecret,
    IMS_ORG: adobe.orgId,
    TECHNICAL_ACCOUNT_ID: adobe.technicalAccountId,
    TENANT_ID: adobe.tenantId,
    PRIVATE_KEY: adobeKey.privatePem,
    SALESFORCE_CLIENT_ID: sf.clientId,
    SALESFORCE_CLIENT_SECRET: sf.clientSecret,
    SALESFORCE_USERNAME: sf.username,
    SALESFORCE_PRIVATE_KEY: salesforceKey.privatePem,
    sfdc_org_id: sf.orgId,
    ...(sf.password ? { SALESFORCE_PASSWORD: sf.password } : {}),
    ...(sf.securityToken ? { SALESFORCE_SECURITY_TOKEN: sf.securityToken } : {}),
  };
  return { simulator, values, owned };
}

export { SIM_ADOBE_CREDENTIALS, SIM_SALESFORCE_CREDENTIALS };
