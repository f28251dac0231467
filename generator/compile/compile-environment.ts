// Compiles one named environment into a Postman environment file. Secret variables are always present with an
// empty value and type "secret"; every variable carries its description.
import type { EnvironmentSpec, VariableSpec } from '../spec/types';
import { uuidV5 } from './ids';

export function compileEnvironment(name: string, env: EnvironmentSpec, variables: Record<string, VariableSpec>): Record<string, unknown> {
  const values = Object.entries(variables).map(([key, v]) => ({
    key,
    value: v.secret ? '' : env.values?.[key] ?? v.default ?? '',
    type: v.secret ? 'secret' : 'default',
    enabled: true,
    description: v.description,
  }));
  return {
    id: uuidV5(`environment/${name}`),
    name: `postforge ${name}`,
    values,
    _postman_variable_scope: 'environment',
  };
}
