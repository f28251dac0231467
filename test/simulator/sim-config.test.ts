// The simulator's per-org options reach a running instance through startSimulator's overrides: cloud, Salesforce
// org features, Flow Service connection states and the afterWrite fault, with today's behaviour as the default.
import assert from 'node:assert/strict';
import { defaultSimConfig, resolveSimConfig, startSimulator } from '../../simulator';
import { getToken, platform } from './adobe-helpers';

describe('simulator: config options', () => {
  it('defaults to Azure, every Salesforce feature, connections enabled at once and no afterWrite fault', () => {
    const c = defaultSimConfig();
    assert.equal(c.adobe.cloud, 'azure');
    assert.equal(c.salesforce.features, undefined);
    assert.deepEqual(c.flowService, {});
    assert.equal(c.faults.afterWrite, undefined);
  });

  it('merges the new options one level deep', () => {
    const c = resolveSimConfig({
      adobe: { cloud: 'aws' },
      salesforce: { features: { multiCurrency: false } },
      flowService: { connectionInitializingReads: 2, connectionSettlesTo: 'failed' },
      faults: { afterWrite: { count: 1, pathPrefix: '/data/foundation/flowservice' } },
    });
    assert.equal(c.adobe.cloud, 'aws');
    assert.equal(c.adobe.tenantId, defaultSimConfig().adobe.tenantId);
    assert.deepEqual(c.salesforce.features, { multiCurrency: false });
    assert.deepEqual(c.flowService, { connectionInitializingReads: 2, connectionSettlesTo: 'failed' });
    assert.deepEqual(c.faults.afterWrite, { count: 1, pathPrefix: '/data/foundation/flowservice' });
  });

  it('startSimulator serves the cloud it was given', async () => {
    const sim = await startSimulator({ config: { adobe: { cloud: 'aws' } } });
    try {
      const token = await getToken(sim);
      const spec = await platform(sim, token, 'GET', '/data/foundation/flowservice/connectionSpecs/cfc0fee1-7dc0-40ef-b73e-d8b134c436f5');
      assert.equal(spec.status, 200);
      assert.deepEqual(spec.body.items[0].authSpec.map((a: { name: string }) => a.name), ['OAuth2 JWT Token Credential']);
    } finally {
      await sim.stop();
    }
  });
});
