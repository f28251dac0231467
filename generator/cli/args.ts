// Shared argv parsing: node:util parseArgs in strict mode, with unknown options turned into usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './types';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** `--env-var KEY=VALUE` (repeatable) as a map; a malformed one is a usage error. */
export function envVarsOption(raw: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of raw ?? []) {
    const i = a.indexOf('=');
    if (i <= 0) throw new UsageError(`--env-var expects KEY=VALUE, got '${a}'`);
    out[a.slice(0, i)] = a.slice(i + 1);
  }
  return out;
}
