// `postforge doctor`: checks a configured environment without changing anything and returns a checklist.
import type { CheckResult } from './types';
import { prepareTarget, type TargetOptions } from '../run/prepare-target';
import { checkSalesforce } from './check-salesforce';
import { checkAdobe } from './check-adobe';
import { configurationChecks } from './check-configuration';

export interface DoctorOptions extends TargetOptions {
  certFile?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export async function runDoctor(opts: DoctorOptions): Promise<CheckResult[]> {
  const target = await prepareTarget(opts);
  const now = opts.now ?? Date.now;
  try {
    const results: CheckResult[] = target.problems.map((p) => ({ name: p.name, status: 'fail' as const, detail: `${p.message} — ${p.description}` }));
    if (results.length === 0) results.push({ name: 'variables', status: 'pass', detail: `${Object.keys(target.compiled.variables).length} declared, required ones set and well-formed` });
    for (const w of target.warnings) results.push({ name: 'deprecated', status: 'warn', detail: w });
    const values = target.variables.values;
    const missing = new Set(target.problems.filter((p) => p.kind === 'missing').map((p) => p.name));
    const adobeReady = ['API_KEY', 'CLIENT_SECRET', 'IMS_ORG'].every((k) => !missing.has(k));
    results.push(...(adobeReady ? await checkAdobe({ values, fetch: opts.fetch, now }) : [{ name: 'Adobe access token', status: 'skip' as const, detail: 'Adobe credentials missing' }]));
    results.push(...configurationChecks(values, target.problems));
    const sfReady = ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY', 'SALESFORCE_INSTANCE_URL'].every((k) => !missing.has(k));
    results.push(...(sfReady ? await checkSalesforce({ values, certFile: opts.certFile, now: Math.floor(now() / 1000), fetch: opts.fetch }) : [{ name: 'Salesforce JWT', status: 'skip' as const, detail: 'Salesforce credentials missing' }]));
    return results;
  } finally {
    await target.release();
  }
}
