// Text of the sandbox runtime (and signer) embedded in collection-level pre-request scripts, read once.
import fs from 'node:fs';
import path from 'node:path';
import { signerSource } from '../sandbox';

let runtime: string[] | undefined;

export function runtimeSource(withSigner: boolean): string[] {
  // drift.js extends the runtime object (updates, plan mode); both are one script.
  runtime ??= ['runtime.js', 'drift.js'].map((f) => fs.readFileSync(path.join(__dirname, '..', 'sandbox', f), 'utf8').trimEnd()).join('\n\n').split('\n');
  return withSigner ? [...runtime, '', ...signerSource().trimEnd().split('\n')] : runtime;
}
