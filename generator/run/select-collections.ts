// `--only a,b`: which collections (and which of their folders) run, in pipeline order, the auth collection first;
// the collections between them only read (see PlannedCollection.readOnly).
import type { CompiledProject } from '../index';
import { RunConfigError } from './run-config-error';

export interface PlannedCollection {
  name: string;
  /** Top-level folders to run; absent = the whole collection. */
  folder?: string[];
  /**
   * Not named, but before one that is: run as `plan` runs it (reads and token requests only, writes held back
   * and not reported), so the ids the named ones read (schemas, namespaces) are captured from what exists.
   */
  readOnly?: boolean;
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
  const last = Math.max(...pipeline.map((name, i) => (whole.has(name) || folders.has(name) ? i : -1)));
  return pipeline
    .filter((name, i) => i <= last)
    .map((name) => (whole.has(name) ? { name } : folders.has(name) ? { name, folder: folders.get(name) } : { name, readOnly: true }));
}
