// Validate + compile a loaded project into collection and environment objects plus the metadata the runner
// needs (pipeline order, variables, secrets, outputs). Pure: no file system access.
import type { Diagnostic } from '../diagnostics';
import { positionOf } from '../load/parse-yaml';
import type { LoadedProject } from '../load/load-project';
import type { ProjectSpec, SpecFile, VariableSpec } from '../spec/types';
import { validateSchema } from '../validate/validate-schema';
import { validateSemantics, producedBy, type SemanticSpec } from '../validate/validate-semantics';
import { expandSteps, flattenSteps, type ResolvedStep } from './expand-steps';
import { expandUpdates } from './expand-updates';
import { compileCollection } from './compile-collection';
import { compileEnvironment } from './compile-environment';
import { usedVariables } from './lean-context';

export interface CompiledCollection {
  name: string;
  title: string;
  json: Record<string, unknown>;
  /** Top-level folder names, for `--only`. */
  folders: string[];
  /** Variables the collection reads; the runner hands it only these (and what they reference). */
  uses: string[];
  /** Names of its requests that obtain a credential (token endpoints), counted apart from Platform writes. */
  tokenSteps: string[];
  /** Names of requests that change nothing (token requests): sent by plan, not counted as writes. */
  safeSteps: string[];
}

export interface CompiledProject {
  project: ProjectSpec;
  variables: Record<string, VariableSpec>;
  collections: CompiledCollection[];
  environments: Array<{ name: string; json: Record<string, unknown> }>;
  /** Variables whose values must never be shown: declared secrets, secret captures and JWTs. */
  secretNames: string[];
  /** Non-secret variables captured by the pipeline (ids), for reports/outputs.json. */
  outputNames: string[];
}

export function compileProject(loaded: LoadedProject): { compiled?: CompiledProject; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  diagnostics.push(...validateSchema(loaded.project, 'project'));
  for (const s of loaded.specs) diagnostics.push(...validateSchema(s.parsed, 'spec'));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const project = loaded.project.data as ProjectSpec;
  const specNames = loaded.specs.map((s) => s.name);
  project.pipeline.forEach((name, i) => {
    if (!specNames.includes(name)) {
      const pointer = `/pipeline/${i}`;
      diagnostics.push({ code: 'unknown-spec', severity: 'error', message: `pipeline names '${name}', but specs/${name}.yaml does not exist`, file: loaded.project.file, ...positionOf(loaded.project, pointer), pointer });
    }
  });
  const options = project.options ?? {};
  const semantic: SemanticSpec[] = loaded.specs.map((s) => {
    const spec = s.parsed.data as SpecFile;
    const resolved = expandUpdates(expandSteps(spec.steps, { parsed: s.parsed, data: s.data.values, dataFiles: s.data.files, options, diagnostics }), s.parsed, diagnostics);
    return { name: s.name, parsed: s.parsed, steps: spec.steps, resolved, variables: spec.variables ?? {}, baseUrl: spec.defaults?.baseUrl, defaultHeaders: spec.defaults?.headers, defaultAuth: spec.defaults?.auth };
  });
  diagnostics.push(...validateSemantics(semantic, project.variables, project.pipeline));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  // `include`: another spec's steps run first, in a folder, with that spec's own defaults.
  const resolvedOf = new Map(semantic.map((s) => [s.name, s.resolved]));
  for (const s of semantic) {
    const spec = s.parsed.data as SpecFile;
    (spec.include ?? []).forEach((name, i) => {
      const pointer = `/include/${i}`;
      const other = loaded.specs.find((x) => x.name === name);
      if (!other || name === s.name) {
        diagnostics.push({ code: 'unknown-spec', severity: 'error', message: `include names '${name}', which is not another spec in specs/`, file: s.parsed.file, ...positionOf(s.parsed, pointer), pointer });
        return;
      }
      const otherSpec = other.parsed.data as SpecFile;
      const mark = (st: ResolvedStep): ResolvedStep => (st.steps
        ? { ...st, id: `${name}/${st.id}`, steps: st.steps.map(mark) }
        : { ...st, id: `${name}/${st.id}`, defaults: otherSpec.defaults ?? {}, resume: true });
      const folder: ResolvedStep = { id: name, specId: name, pointer, name: otherSpec.name, description: `Included from specs/${name}.yaml.`, steps: resolvedOf.get(name)!.map(mark) };
      s.resolved = [folder, ...s.resolved];
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const variables: Record<string, VariableSpec> = { ...project.variables };
  for (const s of semantic) Object.assign(variables, s.variables);
  const collections = semantic.map((s) => {
    const spec = s.parsed.data as SpecFile;
    const json = compileCollection({ name: s.name, title: spec.name, description: spec.description, defaults: spec.defaults ?? {}, steps: s.resolved });
    return { name: s.name, title: spec.name, json, folders: s.resolved.filter((r) => r.steps).map((r) => r.name), uses: usedVariables(s.resolved, json), tokenSteps: [] as string[], safeSteps: [...new Set(flattenSteps(s.resolved).filter((r) => r.safe).map((r) => r.name))] };
  });
  const environments = Object.entries(project.environments).map(([name, env]) => ({ name, json: compileEnvironment(name, env, variables) }));
  const secret = new Set(Object.entries(variables).filter(([, v]) => v.secret).map(([k]) => k));
  const outputs = new Set<string>();
  for (const s of semantic) {
    for (const st of flattenSteps(s.resolved)) {
      for (const j of st.jwt ?? []) secret.add(j.into);
      for (const [name, c] of Object.entries(st.capture ?? {})) {
        if (typeof c === 'object' && c.secret) secret.add(name);
      }
      // ensure.missing.into is scratch (the missing list for this request), not an id worth reporting.
      // So are an update's reads of the existing entry (etags, ids ensure already captures) and token expiries.
      const scratch = new Set([st.ensure?.missing?.into, ...Object.keys(st.drift?.capture ?? {}), ...(st.jwt ?? []).map((j) => j.expiryInto)]);
      for (const name of producedBy(st)) if (!scratch.has(name)) outputs.add(name);
    }
  }
  for (const name of secret) outputs.delete(name);
  // A token request: an OAuth grant (form with grant_type) or a step whose answer is a secret (ACCESS_TOKEN).
  const isToken = (st: ResolvedStep) => Boolean(st.request?.body?.form && 'grant_type' in st.request.body.form)
    || Object.entries(st.capture ?? {}).some(([name, c]) => secret.has(name) || (typeof c === 'object' && c.secret));
  semantic.forEach((s, i) => { collections[i].tokenSteps = flattenSteps(s.resolved).filter(isToken).map((st) => st.name); });
  return { compiled: { project, variables, collections, environments, secretNames: [...secret].sort(), outputNames: [...outputs].sort() }, diagnostics };
}
