// `--only a,b`: which collections (and which of their folders) run, in pipeline order, the auth collection first.
import type { CompiledProject } from '../index';
import { RunConfigError } from './run-config-error';

export interface PlannedCollection {
  name: string;
  /** Top-level folders to run; absent = the whole collection. */
  folder?: string[];
}

export function selectCollections(compiled: CompiledProject, only?: string): PlannedCollection[] {
  const pipeline = compiled.project.pipeline;
  const names = (only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) return pipeline.map((name) => ({ name }));
  const whole = new Set<string>();
  const folders = new Map<string, string[]>();
  for (const n of names) {
    const byName = compiled.collections.find((c) => c.name === n);
    const owner = byName ? undefined : compiled.collections.find((c) => c.folders.includes(n));
    if (byName) whole.add(byName.name);
    else if (owner) folders.set(owner.name, [...(folders.get(owner.name) ?? []), n]);
    else {
      const all = compiled.collections.flatMap((c) => c.folders);
      throw new RunConfigError(`--only '${n}' matches no collection or folder. Collections: ${compiled.collections.map((c) => c.name).join(', ')}${all.length ? `; folders: ${all.join(', ')}` : ''}`);
    }
  }
  // The auth collection always runs (first): every other collection needs its token.
  whole.add(pipeline[0]);
  return pipeline
    .filter((name) => whole.has(name) || folders.has(name))
    .map((name) => (whole.has(name) ? { name } : { name, folder: folders.get(name) }));
}
