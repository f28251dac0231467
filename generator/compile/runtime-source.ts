// Text of the sandbox runtime (and signer) embedded in collection-level pre-request scripts, read once.
import fs from 'node:fs';
import path from 'node:path';
import { signerSource } from '../sandbox';

let runtime: string[] | undefined;

export function runtimeSource(withSigner: boolean): string[] {
  runtime ??= fs.readFileSync(path.join(__dirname, '..', 'sandbox', 'runtime.js'), 'utf8').trimEnd().split('\n');
  return withSigner ? [...runtime, '', ...signerSource().trimEnd().split('\n')] : runtime;
}
