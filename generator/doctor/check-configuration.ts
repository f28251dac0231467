// Configuration lines of `doctor` that need no request: which Salesforce auth the cloud allows, and the
// sandbox header. A broken rule is already a variable problem; these lines say what was chosen and why.
import type { CheckResult } from './types';
import type { VariableProblem } from '../run/check-variables';

const AUTH_SPEC: Record<string, string> = { oauth2: 'OAuth2 Client Credential', jwt: 'OAuth2 JWT Token Credential', basic: 'Basic Authentication' };

export function configurationChecks(values: Record<string, string>, problems: VariableProblem[]): CheckResult[] {
  const problem = (name: string) => problems.find((p) => p.name === name && p.kind === 'invalid');
  const cloud = values.PLATFORM_CLOUD || 'azure';
  const auth = values.SALESFORCE_AUTH || '';
  const authProblem = problem('SALESFORCE_AUTH');
  const cloudLine: CheckResult = authProblem
    ? { name: 'cloud and Salesforce auth', status: 'fail', detail: `PLATFORM_CLOUD=${cloud}, SALESFORCE_AUTH ${authProblem.message}`, fix: cloud === 'azure' ? 'set SALESFORCE_AUTH=oauth2 (the default on Azure), or PLATFORM_CLOUD=aws' : 'set SALESFORCE_AUTH=jwt (the default on AWS), or PLATFORM_CLOUD=azure' }
    : { name: 'cloud and Salesforce auth', status: auth === 'basic' ? 'warn' : 'pass', detail: `PLATFORM_CLOUD=${cloud}: the connection uses "${AUTH_SPEC[auth] ?? auth}"${cloud === 'azure' ? ' (Azure offers OAuth2 Client Credential and basic authentication)' : ' (AWS offers only the OAuth2 JWT Token Credential)'}`, fix: auth === 'basic' ? 'Adobe deprecates basic authentication; switch to SALESFORCE_AUTH=oauth2' : undefined };
  const sandbox = values.SANDBOX_NAME ?? '';
  const sandboxProblem = problem('SANDBOX_NAME');
  const sandboxLine: CheckResult = sandboxProblem
    ? { name: 'sandbox name', status: 'fail', detail: `SANDBOX_NAME ${sandboxProblem.message}`, fix: 'use the sandbox name from the Platform UI\'s Sandboxes page (the URL part), e.g. prod or dev-2' }
    : { name: 'sandbox name', status: 'pass', detail: `x-sandbox-name: ${sandbox}` };
  return [cloudLine, sandboxLine];
}
