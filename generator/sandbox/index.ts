import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { PACKAGE_ROOT } from '../package-root';

/** Options of the sandbox function `postforgeSignJwt(opts)` declared by jwt-signer.js. */
export interface SignJwtOptions {
  alg: 'RS256' | 'RS384' | 'RS512';
  /** PEM (PKCS#1 or PKCS#8), possibly \n-escaped, quoted or base64-wrapped as CI variables tend to be. */
  privateKey: string;
  /** Name of the variable holding the key; every error message starts with it. */
  keyName: string;
  header?: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export type SignJwt = (opts: SignJwtOptions) => string;

/** Name of the top-level function that signerSource() declares. */
export const SIGNER_FUNCTION = 'postforgeSignJwt';

let cached: string | undefined;

/**
 * Text of the sandbox JWT signer, to be placed at the start of a pre-request script; it declares
 * `postforgeSignJwt(opts)`. Read from the .js file (not compiled) so the tested text is the embedded text.
 */
export function signerSource(): string {
  if (cached === undefined) {
    cached = fs.readFileSync(path.join(PACKAGE_ROOT, 'generator', 'sandbox', 'jwt-signer.js'), 'utf8');
  }
  return cached;
}

/**
 * Evaluates signerSource() in a fresh node:vm context that offers only what the Postman sandbox offers
 * (language built-ins such as BigInt and Uint8Array come with the context; atob, btoa and a require that
 * knows only crypto-js are added), and returns its signing function. For tests, benchmarks and the CLI.
 */
export function loadSigner(): SignJwt {
  const cryptoJs: unknown = require('crypto-js');
  const sandboxRequire = (id: string): unknown => {
    if (id === 'crypto-js') return cryptoJs;
    throw new Error(`Cannot find module '${id}'`);
  };
  const context = vm.createContext({ atob, btoa, require: sandboxRequire });
  vm.runInContext(signerSource(), context, { filename: 'jwt-signer.js' });
  const fn = (context as Record<string, unknown>)[SIGNER_FUNCTION];
  if (typeof fn !== 'function') throw new Error(`jwt-signer.js did not declare ${SIGNER_FUNCTION}`);
  return fn as SignJwt;
}
