// Schema stage: check each YAML document against the published JSON Schema and turn Ajv's errors into
// readable diagnostics (unknown key with "did you mean", wrong type, bad enum value, missing field).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import path from 'node:path';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { didYouMean, type Diagnostic } from '../diagnostics';
import { PACKAGE_ROOT } from '../package-root';
import { escapePointer, positionOf, type ParsedFile } from '../load/parse-yaml';

let cache: { spec: ValidateFunction; project: ValidateFunction; schemas: Record<string, unknown> } | undefined;

const KINDS = ['spec', 'project'] as const;
// verbose: the unknown-key hint needs `parentSchema` (the allowed keys), which Ajv only reports when verbose.
const AJV_OPTIONS = { allErrors: true, allowUnionTypes: true, strict: true, verbose: true } as const;
/** Precompiled validators (written by `npm run compile`, i.e. at `npm ci`): compiling the schemas takes ~200 ms. */
const PRECOMPILED = path.join(PACKAGE_ROOT, 'dist', 'validators');

const schemaText = (kind: string) => fs.readFileSync(path.join(PACKAGE_ROOT, 'specs', `${kind}.schema.json`), 'utf8');
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** A precompiled validator, only if it was generated from exactly this schema text. */
function precompiled(kind: string, text: string): ValidateFunction | undefined {
  try {
    const mod = require(path.join(PRECOMPILED, `${kind}.js`)) as ValidateFunction & { schemaHash?: string };
    return mod.schemaHash === hashOf(text) ? mod : undefined;
  } catch {
    return undefined;
  }
}

/** The schemas live in specs/ so yaml-language-server can reference them; read once per process. */
export function schemaValidators(): NonNullable<typeof cache> {
  if (cache) return cache;
  const texts = Object.fromEntries(KINDS.map((k) => [k, schemaText(k)])) as Record<(typeof KINDS)[number], string>;
  const schemas = { spec: JSON.parse(texts.spec), project: JSON.parse(texts.project) };
  let ajv: Ajv | undefined;
  const compiled = (k: (typeof KINDS)[number]) => precompiled(k, texts[k]) ?? (ajv ??= new Ajv(AJV_OPTIONS)).compile(schemas[k]);
  cache = { spec: compiled('spec'), project: compiled('project'), schemas };
  return cache;
}

/** For `npm run compile`: Ajv's standalone code of both validators, tagged with their schema's hash. */
export function writePrecompiledValidators(): string[] {
  const standalone = (require('ajv/dist/standalone') as { default: (a: Ajv, v: ValidateFunction) => string }).default;
  fs.mkdirSync(PRECOMPILED, { recursive: true });
  return KINDS.map((k) => {
    const text = schemaText(k);
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
    const file = path.join(PRECOMPILED, `${k}.js`);
    fs.writeFileSync(file, `${standalone(ajv, ajv.compile(JSON.parse(text)))}\nmodule.exports.schemaHash = ${JSON.stringify(hashOf(text))};\n`);
    return file;
  });
}

export function validateSchema(parsed: ParsedFile, kind: 'spec' | 'project'): Diagnostic[] {
  if (parsed.data === undefined) return [];
  const validate = schemaValidators()[kind];
  if (validate(parsed.data)) return [];
  return dropGuessedMissing(simplify(validate.errors ?? [])).map((e) => toDiagnostic(e, parsed));
}

function knownKeys(e: ErrorObject): string[] {
  return Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
}

/** `nmae:` gives "unknown key 'nmae' (did you mean 'name'?)"; a "missing field 'name'" beside it is noise. */
function dropGuessedMissing(errors: ErrorObject[]): ErrorObject[] {
  const guessed = new Set(errors.filter((e) => e.keyword === 'additionalProperties')
    .map((e) => `${e.instancePath}|${didYouMean(String(e.params.additionalProperty), knownKeys(e))}`));
  return errors.filter((e) => !(e.keyword === 'required' && guessed.has(`${e.instancePath}|${e.params.missingProperty}`)));
}

/** Keep the most specific error per location: drop anyOf summaries when a branch explains the problem. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const out: ErrorObject[] = [];
  for (const [p, list] of byPath) {
    const deeper = errors.some((e) => e.instancePath.startsWith(`${p}/`));
    const concrete = list.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    const structural = concrete.filter((e) => ['additionalProperties', 'required', 'enum', 'const', 'pattern', 'minItems', 'minimum', 'maximum', 'minProperties', 'maxProperties'].includes(e.keyword));
    if (structural.length) out.push(...dedupe(structural));
    else if (deeper) continue; // a nested error explains this one
    else if (concrete.length) out.push(mergeTypes(concrete));
    else out.push(list[0]);
  }
  return out;
}

function dedupe(list: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.keyword}:${JSON.stringify(e.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function mergeTypes(list: ErrorObject[]): ErrorObject {
  const types = list.filter((e) => e.keyword === 'type').flatMap((e) => [e.params.type as string | string[]].flat());
  if (types.length === 0) return list[0];
  return { ...list[0], keyword: 'type', params: { type: [...new Set(types)] } };
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const seg of pointer.split('/').slice(1)) {
    const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function toDiagnostic(e: ErrorObject, parsed: ParsedFile): Diagnostic {
  const at = (pointer: string, key = false) => ({ file: parsed.file, ...positionOf(parsed, pointer, key), pointer });
  const where = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(e.params.additionalProperty);
      const known = knownKeys(e);
      const guess = didYouMean(key, known);
      return { code: 'unknown-key', severity: 'error', message: `unknown key '${key}' at ${where}`, ...at(`${e.instancePath}/${key}`, true), hint: guess ? `did you mean '${guess}'?` : `allowed keys: ${known.join(', ')}` };
    }
    case 'required':
      return { code: 'missing-field', severity: 'error', message: `missing required field '${e.params.missingProperty}' at ${where}`, ...at(e.instancePath) };
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const value = valueAt(parsed.data, e.instancePath);
      const guess = typeof value === 'string' ? didYouMean(value, allowed.map((a) => JSON.parse(a) as string).filter((a) => typeof a === 'string')) : undefined;
      return { code: 'bad-enum', severity: 'error', message: `${describe(value)} is not allowed at ${where}; expected one of ${allowed.join(', ')}`, ...at(e.instancePath), hint: guess ? `did you mean '${guess}'?` : undefined };
    }
    case 'type': {
      const types = [e.params.type as string | string[]].flat().map((t) => (t === 'object' ? 'mapping' : t === 'array' ? 'list' : t));
      return { code: 'wrong-type', severity: 'error', message: `expected ${types.join(' or ')} at ${where}, got ${describe(valueAt(parsed.data, e.instancePath))}`, ...at(e.instancePath) };
    }
    case 'pattern':
      // propertyNames: the key itself is wrong, so point at the key and name it.
      if (e.propertyName !== undefined) return { code: 'bad-format', severity: 'error', message: `key '${e.propertyName}' at ${where} must match ${e.params.pattern}`, ...at(`${e.instancePath}/${escapePointer(e.propertyName)}`, true) };
      return { code: 'bad-format', severity: 'error', message: `${describe(valueAt(parsed.data, e.instancePath))} at ${where} must match ${e.params.pattern}`, ...at(e.instancePath) };
    case 'minimum':
    case 'maximum':
      return { code: 'out-of-range', severity: 'error', message: `${describe(valueAt(parsed.data, e.instancePath))} at ${where} must be ${e.params.comparison} ${e.params.limit}`, ...at(e.instancePath) };
    default:
      return { code: 'schema', severity: 'error', message: `${where} ${e.message ?? 'is invalid'}`, ...at(e.instancePath) };
  }
}
