// What `run` and `doctor` both need before talking to any service: the compiled project, the chosen
// environment's values, the simulator for `local`, and the variables resolved, normalised and checked.
import path from 'node:path';
import { compile, cacheDir, DEFAULT_ROOT, type CompiledProject } from '../index';
import { DiagnosticsError } from '../diagnostics';
import { resolveVariables, type ResolvedVariables } from './resolve-variables';
import { applyConditionalDefaults, checkVariables, normalizePem, type VariableProblem } from './check-variables';
import { startLocalTarget, type LocalTarget } from './local-target';
import type { RunningSimulator, SimConfigOverrides } from '../../simulator';

import { RunConfigError } from './run-config-error';

export { RunConfigError };

export interface TargetOptions {
  root?: string;
  env: string;
  envVars?: Record<string, string>;
  dotenvPath?: string;
  processEnv?: NodeJS.ProcessEnv;
  simulator?: RunningSimulator;
  simulatorConfig?: SimConfigOverrides;
}

export interface PreparedTarget {
  root: string;
  compiled: CompiledProject;
  variables: ResolvedVariables;
  problems: VariableProblem[];
  /** Deprecated values in use. */
  warnings: string[];
  /** Set for `local`; stop it with `release()`. */
  local?: LocalTarget;
  release(): Promise<void>;
}

export async function prepareTarget(opts: TargetOptions): Promise<PreparedTarget> {
  const root = opts.root ?? DEFAULT_ROOT;
  const { compiled, diagnostics } = compile(root, { cache: cacheDir() });
  if (!compiled) throw new DiagnosticsError(diagnostics);
  const environment = compiled.environments.find((e) => e.name === opts.env);
  if (!environment) throw new RunConfigError(`unknown environment '${opts.env}'; known: ${compiled.environments.map((e) => e.name).join(', ')}`);
  const envValues = Object.fromEntries((environment.json.values as Array<{ key: string; value: string }>).map((v) => [v.key, v.value]));
  const resolve = (simulatorValues?: Record<string, string>) => resolveVariables({
    declared: compiled.variables,
    environmentValues: envValues,
    simulatorValues,
    dotenvPath: opts.dotenvPath ?? path.join(root, '.env'),
    processEnv: opts.processEnv ?? {},
    cliValues: opts.envVars ?? {},
  });
  // The simulator plays the cloud the user chose (PLATFORM_CLOUD decides which Salesforce auth specs exist).
  const cloud = resolve().values.PLATFORM_CLOUD === 'aws' ? 'aws' : 'azure';
  const simConfig = { ...opts.simulatorConfig, adobe: { cloud, ...opts.simulatorConfig?.adobe } } as SimConfigOverrides;
  const local = opts.env === 'local' ? await startLocalTarget({ simulator: opts.simulator, config: simConfig }) : undefined;
  const variables = resolve(local?.values);
  // A value still at its plain default follows the defaults that depend on other variables (SALESFORCE_AUTH on PLATFORM_CLOUD).
  const explicit = (k: string) => (variables.sources[k] !== undefined && variables.sources[k] !== 'environment') || variables.values[k] !== (compiled.variables[k]?.default ?? '');
  applyConditionalDefaults(compiled.variables, variables.values, explicit);
  // Keys arrive in many shapes (\n-escaped, base64); hand the signer and the masker the PEM text.
  for (const [k, spec] of Object.entries(compiled.variables)) if (spec.format === 'pem' && variables.values[k]) variables.values[k] = normalizePem(variables.values[k]);
  const problems = checkVariables(compiled.variables, variables.values);
  const warnings = Object.entries(compiled.variables).flatMap(([k, spec]) => {
    const note = spec.deprecated?.[variables.values[k] ?? ''];
    return note ? [`${k}=${variables.values[k]}: ${note}`] : [];
  });
  return {
    root, compiled, variables, problems, warnings, local,
    release: async () => { if (local?.owned) await local.simulator.stop(); },
  };
}
