// `postforge keygen`: argv → generateKeyAndCertificate → a short report. Never prints the key.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_COMMON_NAME, generateKeyAndCertificate, KEY_SIZES, KeySize, MAX_DAYS } from '../tools/keygen';
import { FileExistsError } from '../tools/atomic-write';
import { Command, CliIO, UsageError } from './types';

const help = `Usage: postforge keygen [options]

Creates the RSA private key and self-signed X.509 certificate for a Salesforce connected app's
"Use digital signatures" setting (what \`openssl req -newkey rsa:4096 -nodes -x509 -days 3650\` does).
Writes key.pem (PKCS#8, mode 0600) and cert.pem; both or neither are written.

Options:
  --out-dir DIR   directory for key.pem and cert.pem (default: current directory)
  --bits N        key size, 2048 or 4096 (default 4096)
  --days N        certificate validity in days (default 3650)
  --cn NAME       certificate subject common name (default ${DEFAULT_COMMON_NAME})
  --force         replace an existing key.pem / cert.pem
  -h, --help      show this help
`;

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number, not "${value}"`);
  return Number(value);
}

async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        'out-dir': { type: 'string' }, bits: { type: 'string' }, days: { type: 'string' }, cn: { type: 'string' },
        force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) { io.stdout(help); return 0; }
    const bits = positiveInt('--bits', values.bits, 4096);
    if (!KEY_SIZES.includes(bits as KeySize)) throw new UsageError('--bits must be 2048 or 4096');
    const days = positiveInt('--days', values.days, 3650);
    if (days < 1 || days > MAX_DAYS) throw new UsageError(`--days must be from 1 to ${MAX_DAYS}`);
    const commonName = values.cn ?? DEFAULT_COMMON_NAME;
    if (!commonName.trim()) throw new UsageError('--cn must not be empty');

    const result = await generateKeyAndCertificate({
      outDir: path.resolve(io.cwd, values['out-dir'] ?? '.'), bits: bits as KeySize, days, commonName, force: !!values.force,
    });
    const shown = (p: string) => path.relative(io.cwd, p) || p;
    io.stdout([
      `private key  ${shown(result.keyPath)}  (RSA ${result.bits}, mode 0600 — keep it secret, never upload it)`,
      `certificate  ${shown(result.certPath)}  (CN=${commonName}, valid until ${result.validTo})`,
      `SHA-256      ${result.fingerprint256}`,
      '',
      'Next steps:',
      `  1. Salesforce Setup → App Manager → your connected app → Edit → Enable OAuth Settings →`,
      `     "Use digital signatures": upload ${shown(result.certPath)}.`,
      `  2. postforge sign-jwt --key ${shown(result.keyPath)} --client-id <consumer key> --username <user> --verify`,
      '',
    ].join('\n'));
    return 0;
  } catch (err) {
    return report(err, io);
  }
}

function report(err: unknown, io: CliIO): number {
  if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`postforge keygen: ${(err as Error).message}\n`);
    return err instanceof UsageError ? err.exitCode : 2;
  }
  if (err instanceof FileExistsError) { io.stderr(`postforge keygen: ${err.message}\n`); return 1; }
  const code = (err as NodeJS.ErrnoException).code;
  if (code && /^E[A-Z]+$/.test(code)) { io.stderr(`postforge keygen: cannot write the files: ${(err as Error).message}\n`); return 1; }
  throw err;
}

export const keygenCommand: Command = {
  name: 'keygen',
  help,
  run,
};
