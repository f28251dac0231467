// Before any request: every required variable present, every value well-formed. Problems are returned as data
// naming the variable and its description; the CLI prints them and exits 2.
import { createPrivateKey } from 'node:crypto';
import type { VariableRule, VariableSpec } from '../spec/types';
import { evalCondition } from '../compile/conditions';

export interface VariableProblem {
  name: string;
  kind: 'missing' | 'invalid';
  message: string;
  description: string;
}

const resolve = (value: string, values: Record<string, string>, depth = 0): string =>
  depth > 5 ? value : value.replace(/\{\{([^{}]+)\}\}/g, (_m, n: string) => resolve(values[n.trim()] ?? '', values, depth + 1));

export function checkVariables(declared: Record<string, VariableSpec>, values: Record<string, string>): VariableProblem[] {
  const problems: VariableProblem[] = [];
  const get = (k: string) => values[k] ?? '';
  for (const [name, spec] of Object.entries(declared)) {
    const raw = values[name] ?? '';
    const required = spec.required || (spec.requiredWhen ? evalCondition(spec.requiredWhen, get) : false);
    if (raw.trim() === '') {
      if (required) problems.push({ name, kind: 'missing', message: 'is required but empty', description: spec.description });
      continue;
    }
    const value = resolve(raw, values);
    const bad = formatProblem(spec, value) ?? (spec.rules ?? []).map((r) => ruleProblem(r, value, get)).find(Boolean);
    if (bad) problems.push({ name, kind: 'invalid', message: bad, description: spec.description });
  }
  return problems;
}

/** The rule's message (with the value) when the value breaks it in this configuration. */
function ruleProblem(rule: VariableRule, value: string, get: (k: string) => string): string | undefined {
  if (rule.when && !evalCondition(rule.when, get)) return undefined;
  const v = value.trim();
  const broken = (rule.min !== undefined && !(/^\d+$/.test(v) && Number(v) >= rule.min))
    || (rule.notIn !== undefined && rule.notIn.includes(v))
    || (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(v));
  return broken ? `is "${value}": ${rule.message}` : undefined;
}

/**
 * Conditional defaults: a variable still at its plain default (not set in .env, the shell or --env-var) takes
 * the first `defaultWhen` value whose condition holds. Returns the names changed.
 */
export function applyConditionalDefaults(declared: Record<string, VariableSpec>, values: Record<string, string>, isExplicit: (name: string) => boolean): string[] {
  const changed: string[] = [];
  const get = (k: string) => values[k] ?? '';
  for (const [name, spec] of Object.entries(declared)) {
    if (!spec.defaultWhen || isExplicit(name)) continue;
    const hit = spec.defaultWhen.find((d) => evalCondition(d.when, get));
    if (hit && values[name] !== hit.value) {
      values[name] = hit.value;
      changed.push(name);
    }
  }
  return changed;
}

function formatProblem(spec: VariableSpec, value: string): string | undefined {
  switch (spec.format) {
    case 'url': {
      let u: URL;
      try { u = new URL(value); } catch { return `is not a URL: "${value}"`; }
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return `must be an http(s) URL, got "${value}"`;
      return undefined;
    }
    case 'integer':
      return /^\d+$/.test(value.trim()) ? undefined : `must be a whole number, got "${value}"`;
    case 'enum':
      return spec.values?.includes(value) ? undefined : `must be one of ${spec.values?.join(', ')}, got "${value}"`;
    case 'pem':
      return pemProblem(value);
    default:
      return undefined;
  }
}

/** The same tolerant reading as the sandbox signer: \n escapes, CRLF, quotes, or base64 of the PEM text. */
export function normalizePem(value: string): string {
  let v = value.trim().replace(/^["']|["']$/g, '').replace(/\\n/g, '\n').replace(/\r\n/g, '\n');
  if (!v.includes('-----BEGIN')) {
    const decoded = Buffer.from(v.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) v = decoded;
  }
  return v;
}

function pemProblem(value: string): string | undefined {
  const pem = normalizePem(value);
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  if (!label) return 'is not a PEM key (no -----BEGIN line)';
  if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(pem)) return 'is an encrypted key; decrypt it first (openssl pkey -in key.pem -out key-plain.pem)';
  if (label === 'CERTIFICATE' || label.includes('PUBLIC KEY')) return `holds a ${label.toLowerCase()}, but a private key belongs here`;
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') return `is a ${key.asymmetricKeyType} key; RS256 needs an RSA key`;
  } catch {
    return 'is not a readable PEM private key';
  }
  return undefined;
}
