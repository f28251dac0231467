// Text of the sandbox runtime (and signer) that a collection carries once, in its collection variable
// `postforge.runtime`, plus the two lines each step script starts with to get it (see runtimeLoader).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { signerSource } from '../sandbox';
import { PACKAGE_ROOT } from '../package-root';

/**
 * The first line of every script: the Postman sandbox then skips its legacy API (tests[], responseBody,
 * postman.*, the CryptoJS/_/tv4/cheerio globals), which it otherwise sets up before each script run, about a
 * third of what a short script costs. The scripts use only pm, console, require and the runtime.
 */
export const SANDBOX2 = "'use sandbox2';";

/** Collection variable holding the runtime's source text. */
export const RUNTIME_VARIABLE = 'postforge.runtime';

let runtime: string | undefined;

export interface RuntimeText {
  /** Short hash of the text: a sandbox that kept another collection's runtime (or an older one) reloads. */
  id: string;
  /** Evaluating it defines the global `postforge` (with `postforgeSignJwt` in its scope when signing). */
  text: string;
}

export function runtimeSource(withSigner: boolean): RuntimeText {
  // drift.js extends the runtime object (updates, plan mode): both travel as one text.
  runtime ??= ['runtime.js', 'drift.js'].map((f) => fs.readFileSync(path.join(PACKAGE_ROOT, 'generator', 'sandbox', f), 'utf8').trimEnd()).join('\n\n');
  const body = withSigner ? `${runtime}\n\n${signerSource().trimEnd()}` : runtime;
  const id = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { id, text: `${body}\npostforge.id = '${id}';\n` };
}

/** The id a runtime text (the value of RUNTIME_VARIABLE) declares, or undefined. */
export function runtimeIdOf(text: string): string | undefined {
  return /\npostforge\.id = '([0-9a-f]+)';\n$/.exec(text)?.[1];
}

/**
 * First lines of every step script. Where the sandbox keeps globals between scripts (Newman 6, postman-runtime
 * 7.x: one scope per collection run), the first script evaluates the runtime and the others find it; where it
 * does not, each script evaluates it again: the choice is made at run time, per script. The runtime's
 * functions are closures of the script that defined them, so each script hands over its own `console`
 * (lines are then attributed to the right request) and `setTimeout` (the timers of a script that has ended
 * are sealed: a wait started with them would be dropped, and the script end at once); see postforge.enter
 * for what else happens there.
 */
export function runtimeLoader(id: string): string[] {
  const missing = JSON.stringify(`throw new Error('postforge: collection variable ${RUNTIME_VARIABLE} is missing; import the collection file again')`);
  return [
    `if (typeof postforge !== 'object' || postforge === null || postforge.id !== '${id}') eval(pm.collectionVariables.get('${RUNTIME_VARIABLE}') || ${missing});`,
    'postforge.enter(pm, console, setTimeout);',
  ];
}
