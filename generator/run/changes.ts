// Changes a run made or (plan) would make, as announced by the collections' scripts: one console line
// "postforge: change {json}" per write (generator/sandbox/drift.js). The runner turns them into data for the
// summary, reports/plan.json and exit codes; nothing here prints.

export type ChangeAction = 'create' | 'update' | 'delete' | 'manual' | 'remove';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface Change {
  collection: string;
  action: ChangeAction;
  step: string;
  method: string;
  url: string;
  /** False in plan mode, for manual steps, and for removals without --prune. */
  applied: boolean;
  fields?: FieldChange[];
  /** Why a manual change cannot be made through the API, or why a removal is only reported (kept). */
  reason?: string;
}

const PREFIX = 'postforge: change ';

/** The change a console line announces, or undefined for any other line. */
export function parseChange(collection: string, text: string): Change | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  try {
    const c = JSON.parse(text.slice(PREFIX.length)) as Omit<Change, 'collection'>;
    return { collection, ...c, applied: c.applied === true };
  } catch {
    return undefined;
  }
}

/** Changes that the API cannot make, needing a person (they fail the run unless drift is allowed). */
export function manualChanges(changes: Change[]): Change[] {
  return changes.filter((c) => c.action === 'manual');
}

/** Pending means: plan found something to create, update, remove or do by hand. */
export function hasPending(changes: Change[]): boolean {
  return changes.length > 0;
}
