// `postforge sign-jwt`: Adobe's Java JWTExample as one command. stdout carries only the token, so
// `TOKEN=$(postforge sign-jwt ...)` works; notes, warnings and the --verify verdict go to stderr.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { keyMatchesCertificate, readCertificateFile } from '../tools/certificate';
import { buildSalesforceClaims, checkSalesforceClaims, ClaimsError, DEFAULT_TTL_SECONDS } from '../tools/jwt-claims';
import { KeyLoadError, readPrivateKeyFile } from '../tools/key-load';
import { signSalesforceJwt } from '../tools/sign-jwt';
import { exchangeAssertion, tokenEndpoint } from '../tools/token-exchange';
import { Command, CliIO, UsageError } from './types';

const help = `Usage: postforge sign-jwt --key FILE --client-id ID --username USER [options]

Signs a Salesforce OAuth 2.0 JWT bearer assertion (header {"alg":"RS256"}, claims iss, sub, aud, exp)
and prints only the token.

Options:
  --key FILE             private key: PEM (PKCS#1 or PKCS#8, optionally encrypted), DER, or PKCS#12 (.p12/.pfx)
  --passphrase TEXT      passphrase of an encrypted key or PKCS#12 file
  --passphrase-env NAME  read the passphrase from environment variable NAME (keeps it out of the process list)
  --client-id ID         the connected app's consumer key (iss)
  --username USER        the Salesforce username (sub)
  --login-url URL        audience (aud): https://login.salesforce.com (default) or https://test.salesforce.com
  --ttl SECONDS          lifetime in seconds (default ${DEFAULT_TTL_SECONDS} = 4 × 2629746, Adobe's sample);
                         exp is in seconds — Adobe's table says milliseconds, which Salesforce does not accept
  --exp EPOCH_SECONDS    absolute expiry instead of --ttl
  --now EPOCH_SECONDS    clock to use (reproducible output)
  --cert FILE            check that the key matches this certificate (the one uploaded to Salesforce)
  --verify               exchange the assertion at <login-url>/services/oauth2/token and report the answer
  --token-url URL        token endpoint for --verify (e.g. your My Domain), default from --login-url
  -h, --help             show this help
`;

const OPTIONS = {
  key: { type: 'string' }, passphrase: { type: 'string' }, 'passphrase-env': { type: 'string' },
  'client-id': { type: 'string' }, username: { type: 'string' }, 'login-url': { type: 'string' },
  ttl: { type: 'string' }, exp: { type: 'string' }, now: { type: 'string' }, cert: { type: 'string' },
  verify: { type: 'boolean' }, 'token-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number of seconds, not "${value}"`);
  return Number(value);
}

function required(flag: string, value: string | undefined): string {
  if (!value) throw new UsageError(`${flag} is required (see postforge sign-jwt --help)`);
  return value;
}

function httpsUrl(flag: string, value: string): string {
  let url: URL;
  try { url = new URL(value); } catch { throw new UsageError(`${flag} must be a URL, not "${value}"`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${flag} must be an http(s) URL`);
  return value;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS });
    if (values.help) { io.stdout(help); return 0; }
    const keyFile = path.resolve(io.cwd, required('--key', values.key));
    const clientId = required('--client-id', values['client-id']);
    const username = required('--username', values.username);
    const loginUrl = httpsUrl('--login-url', values['login-url'] ?? 'https://login.salesforce.com');
    if (values.ttl !== undefined && values.exp !== undefined) throw new UsageError('give --ttl or --exp, not both');
    let passphrase = values.passphrase;
    if (values['passphrase-env']) {
      passphrase = io.env[values['passphrase-env']];
      if (passphrase === undefined) throw new UsageError(`environment variable ${values['passphrase-env']} is not set`);
    }
    const now = wholeNumber('--now', values.now) ?? Math.floor(Date.now() / 1000);
    const claims = buildSalesforceClaims({
      clientId, username, audience: loginUrl, now,
      ttlSeconds: wholeNumber('--ttl', values.ttl), expiresAt: wholeNumber('--exp', values.exp),
    });

    const loaded = readPrivateKeyFile(keyFile, { passphrase, label: values.key });
    const certificates = values.cert ? [readCertificateFile(path.resolve(io.cwd, values.cert))] : loaded.certificates;
    if (certificates.length > 0 && !certificates.some((c) => keyMatchesCertificate(loaded.privateKey, c))) {
      const where = values.cert ? values.cert : `the certificate stored with ${values.key}`;
      if (values.cert) { io.stderr(`postforge sign-jwt: ${values.key} does not match ${where}; Salesforce would reject the signature\n`); return 1; }
      io.stderr(`warning: ${values.key} does not match ${where}\n`);
    }
    for (const finding of checkSalesforceClaims({ ...claims }, now)) {
      if (finding.severity !== 'info') io.stderr(`${finding.severity}: ${finding.message}${finding.hint ? ` (${finding.hint})` : ''}\n`);
    }
    const token = await signSalesforceJwt(loaded.privateKey, claims);
    if (values.verify) {
      const code = await verify(token, httpsUrl('--token-url', values['token-url'] ?? tokenEndpoint(loginUrl)), io);
      if (code !== 0) return code;
    }
    io.stdout(`${token}\n`);
    return 0;
  } catch (err) {
    return report(err, io);
  }
}

async function verify(assertion: string, tokenUrl: string, io: CliIO): Promise<number> {
  let result;
  try {
    result = await exchangeAssertion({ assertion, tokenUrl });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    io.stderr(`postforge sign-jwt: could not reach ${tokenUrl} (${cause})\n`);
    return 1;
  }
  if (result.ok) {
    io.stderr(`verified: ${tokenUrl} issued an access token${result.instanceUrl ? ` for ${result.instanceUrl}` : ''}\n`);
    return 0;
  }
  io.stderr(`postforge sign-jwt: Salesforce rejected the assertion (HTTP ${result.status}): ${result.error}${result.description ? `: ${result.description}` : ''}\n`);
  if (result.hint) io.stderr(`  fix: ${result.hint}\n`);
  return 1;
}

function report(err: unknown, io: CliIO): number {
  if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`postforge sign-jwt: ${(err as Error).message}\n`);
    return err instanceof UsageError ? err.exitCode : 2;
  }
  if (err instanceof ClaimsError) { io.stderr(`postforge sign-jwt: ${err.message}\n`); return 2; }
  if (err instanceof KeyLoadError) { io.stderr(`postforge sign-jwt: ${err.message}\n`); return err.code === 'not-found' ? 2 : 1; }
  throw err;
}

export const signJwtCommand: Command = {
  name: 'sign-jwt',
  help,
  run,
};
