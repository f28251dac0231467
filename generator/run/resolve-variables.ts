// Variable sources, low to high precedence: environment file < .env < process environment < --env-var.
// Only declared variables are taken from the process environment, so unrelated shell variables never leak in.
import fs from 'node:fs';
import type { VariableSpec } from '../spec/types';

export type VariableSource = 'environment' | 'simulator' | '.env' | 'process' | '--env-var';

export interface ResolvedVariables {
  values: Record<string, string>;
  /** Where each value came from (for `--verbose` and tests). */
  sources: Record<string, VariableSource>;
}

/** KEY=VALUE lines; `#` comments; optional `export `; single/double quotes; `\n` escapes in double quotes. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(lines[i]);
    if (!m) continue;
    let value = m[2];
    if (value.startsWith('"')) {
      // Double-quoted values may span lines (PEM keys) and use \n escapes.
      while (!/(^|[^\\])"\s*(#.*)?$/.test(value.slice(1)) && i + 1 < lines.length) value += `\n${lines[++i]}`;
      value = value.slice(1).replace(/"\s*(#.*)?$/, '').replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else if (value.startsWith("'")) {
      value = value.slice(1).replace(/'\s*(#.*)?$/, '');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]] = value;
  }
  return out;
}

export interface ResolveInput {
  declared: Record<string, VariableSpec>;
  environmentValues: Record<string, string>;
  /** Values owned by the embedded simulator (URLs, fake credentials, generated keys). */
  simulatorValues?: Record<string, string>;
  dotenvPath?: string;
  processEnv: NodeJS.ProcessEnv;
  cliValues: Record<string, string>;
}

export function resolveVariables(input: ResolveInput): ResolvedVariables {
  const values: Record<string, string> = {};
  const sources: Record<string, VariableSource> = {};
  const apply = (entries: Record<string, string | undefined>, source: VariableSource, onlyDeclared: boolean) => {
    for (const [k, v] of Object.entries(entries)) {
      if (v === undefined || (onlyDeclared && !(k in input.declared))) continue;
      values[k] = v;
      sources[k] = source;
    }
  };
  apply(input.environmentValues, 'environment', false);
  const dotenv = input.dotenvPath && fs.existsSync(input.dotenvPath) ? parseDotenv(fs.readFileSync(input.dotenvPath, 'utf8')) : {};
  if (input.simulatorValues) {
    // Against the simulator, its URLs and fake credentials win over .env and the shell (which may hold real
    // credentials); only an explicit --env-var overrides them.
    apply(dotenv, '.env', true);
    apply(input.processEnv, 'process', true);
    apply(input.simulatorValues, 'simulator', false);
  } else {
    apply(dotenv, '.env', true);
    apply(input.processEnv, 'process', true);
  }
  apply(input.cliValues, '--env-var', false);
  return { values, sources };
}
