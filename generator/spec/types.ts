// TypeScript view of the spec format. The JSON Schemas in specs/*.schema.json are the source of truth;
// test/unit/spec-types.test.ts checks that every property here exists there and vice versa.
export type Scalar = string | number | boolean | null;

/** Operators of a condition; a bare scalar means `equals`. */
export interface ConditionOp {
  equals?: Scalar;
  not?: Scalar;
  in?: Scalar[];
  notIn?: Scalar[];
  empty?: boolean;
  /** The value is a comma-separated list containing this entry (case-insensitive). */
  listContains?: string;
  /** The value is a comma-separated list without this entry (case-insensitive). */
  listOmits?: string;
  /** The value (epoch ms) is empty or falls within this many seconds from now. */
  expiresWithin?: number;
}
/** All entries must hold. Keys are variable names (runtime `when`) or `item.*`/`options.*` paths (compile-time `if`). */
export type Condition = Record<string, Scalar | ConditionOp>;

export interface VariableSpec {
  description: string;
  default?: string;
  secret?: boolean;
  required?: boolean;
  requiredWhen?: Condition;
  /** Validated before any request: url, integer, pem, enum (with `values`), text. */
  format?: 'url' | 'integer' | 'pem' | 'enum' | 'text' | 'list';
  values?: string[];
  example?: string;
  /** value → warning shown before the run when the variable has that value. */
  deprecated?: Record<string, string>;
  /** Defaults that depend on other variables; the first entry that holds wins over `default` when the value is not set explicitly. */
  defaultWhen?: Array<{ when: Condition; value: string }>;
  /** Checks of the value before any request; each failing rule is a configuration error with its message. */
  rules?: VariableRule[];
}

export interface VariableRule {
  /** Only in configurations where this holds. */
  when?: Condition;
  /** A whole number at least this large. */
  min?: number;
  /** None of these values. */
  notIn?: string[];
  /** A regular expression the whole value must match. */
  pattern?: string;
  message: string;
}

export interface EnvironmentSpec {
  description?: string;
  values?: Record<string, string>;
}

export interface ProjectSpec {
  $schema?: string;
  name: string;
  description?: string;
  pipeline: string[];
  variables: Record<string, VariableSpec>;
  environments: Record<string, EnvironmentSpec>;
  options?: Record<string, Scalar>;
}

export interface RetrySpec {
  maxAttempts?: number;
  on?: Array<number | '5xx' | 'network'>;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface AuthSpec {
  type: 'bearer' | 'basic' | 'noauth';
  token?: string;
  username?: string;
  password?: string;
}

export interface DefaultsSpec {
  baseUrl?: string;
  headers?: Record<string, string>;
  auth?: AuthSpec;
  retry?: RetrySpec;
  /** On these statuses (default 401): clear these variables, run the included auth steps, retry once. */
  reauth?: { on?: number[]; clear: string[] };
}

export interface BodySpec {
  json?: unknown;
  form?: Record<string, string>;
  multipart?: Record<string, string>;
  raw?: { contentType: string; text: string };
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: BodySpec;
  auth?: AuthSpec;
}

export interface CaptureSpec {
  json?: string;
  /** A template resolved once the request succeeded (e.g. the expiry of the token just stored). */
  value?: string;
  header?: string;
  /** Keep only this regular expression's first group (or whole match) of the value. */
  match?: string;
  as?: 'string' | 'json' | 'epochMsFromSeconds' | 'epochMsFromMillis';
  secret?: boolean;
  scope?: 'environment' | 'collection';
  optional?: boolean;
}

export type Expectation = Scalar | {
  equals?: Scalar;
  exists?: boolean;
  contains?: string;
  matches?: string;
  type?: 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';
  minLength?: number;
};

export interface CheckSpec {
  status?: number | number[];
  json?: Record<string, Expectation>;
  headers?: Record<string, Expectation>;
}

export interface PaginateSpec {
  /** Path to an absolute or relative URL of the next page (e.g. `_links.next.href`). */
  nextUrl?: string;
  /** Or: a query parameter to set from a path of the answer (e.g. start ← `_page.next`). */
  nextParam?: { name: string; from: string };
  maxPages?: number;
}

export interface IndexSpec {
  /** Path to the array of entries (default: the answer itself). */
  items?: string;
  /** Path(s) inside an entry of the lookup key; several are joined with `|`. */
  key: string | string[];
  /** Paths inside an entry kept in the index (default: all of the entry). */
  keep?: string[];
  paginate?: PaginateSpec;
}

export interface EnsureSpec {
  /** Id of an earlier step that has `index`. */
  in: string;
  key: string;
  /** Variables to set from the existing entry when it is found: VAR → path inside the entry. */
  capture?: Record<string, string>;
  /** The entry counts only when these paths hold these values (else it is recreated): path → template. */
  match?: Record<string, string>;
  /** With `missing`: an update of an entry the lookup found; skipped when the entry was not found. */
  existingOnly?: boolean;
  /** false: the lookup cannot see what this request creates, so a failed write is not looked up again first. */
  relook?: boolean;
  /** Skip only when the existing entry already holds every value at `path`; else list what is missing. */
  missing?: {
    path: string;
    /** The values, or a `${{ }}` template that yields them. */
    values: Scalar[] | string;
    /** Variable for the missing values (or JSON Patch), used by the request body; omit when the body needs none. */
    into?: string;
    as?: 'list' | 'jsonPatchAdd';
    patchPath?: string;
    valueKey?: string;
  };
}

export type ClaimValue = Scalar | { now: number | string } | { uuid: true };

export interface JwtSpec {
  into: string;
  /** Also set this variable to the token's expiry (ISO 8601 date of `exp`), safe to show and store. */
  expiryInto?: string;
  alg?: 'RS256' | 'RS384' | 'RS512';
  key: string;
  header?: Record<string, Scalar>;
  claims: Record<string, ClaimValue>;
}

export interface HintSpec {
  match: string;
  hint: string;
}

export interface ForEachSpec {
  data: string;
  key?: string;
  if?: Condition;
}

/** One field of an existing resource that must equal what the spec sends (compared on normalised values). */
export interface DriftField {
  /** Path in the existing entry (`scheduleParams.frequency`, `transformations[name=Mapping].params.mappingId`). */
  path: string;
  /** What the spec wants; default: the create request's JSON body at the same path. */
  want?: unknown;
  label?: string;
  as?: 'string' | 'number' | 'boolean';
  /** Arrays are compared as sets. */
  ignoreOrder?: boolean;
  /** Only entries the resource has beyond `want` count (removals); additions are made by another step. */
  extra?: boolean;
  /** Entries of the existing list left out of the comparison (e.g. the schema's class in allOf). */
  ignore?: unknown[] | string;
  /** Only these keys of objects (list entries) are compared: servers add ids, versions and audit fields. */
  pick?: string[];
  /** Values the server writes differently for the same meaning (e.g. `text/x.schema-path` for ATTRIBUTE). */
  aliases?: Record<string, string>;
  /** `collapse`: whitespace outside string literals does not count (Data Prep expressions). */
  whitespace?: 'collapse';
  /** Compare only this regular expression's first group (or match) of the existing value. */
  extract?: string;
  /** What a value the resource lacks counts as (e.g. "false" for a Catalog tag that was never set). */
  absent?: string | number | boolean;
  /** Not a value but a date: differs when unknown or earlier than now + this many days (a template). */
  expiresWithinDays?: number | string;
}

/** The drift check and update of an existing resource; compiled into its own request after the create. */
export interface UpdateSpec {
  /** Lookup step and key; default: the step's `ensure.in` / `ensure.key`. */
  in?: string;
  key?: string;
  name?: string;
  description?: string;
  /** The entry counts as this resource only when these paths hold these values (else it was replaced). */
  match?: Record<string, string>;
  /** An entry whose paths hold these values is left to another step (no change from this one). */
  unless?: Record<string, string>;
  fields: DriftField[];
  /** Variables set from the existing entry before the request (ids, etag): VAR → path, or [path, regex]. */
  capture?: Record<string, string | [string, string]>;
  /** Variables captured from the update's answer (e.g. a mapping set's new version). */
  captureAnswer?: Record<string, string | CaptureSpec>;
  /** The API cannot make this change: report it with this reason as a manual step; no request. */
  manual?: string;
  /** What the change is called in plan output (default update). */
  action?: 'update' | 'remove' | 'delete';
  /** Apply only when this run-time condition holds; else the change is only reported. */
  apply?: Condition;
  /** A rename: once found under `key` (the old name), the lookup finds the resource under this key (the new
   *  name) for the rest of the run, so the create step does not make a second one. */
  rekey?: string;
  /** Only report the difference, with this reason, and never send the request (something left alone on
   *  purpose, such as a dataset no longer in the specs: it holds ingested data). */
  keep?: string;
  /** Sent when a field differs; the body defaults to the create request's body. */
  request?: Omit<RequestSpec, 'body'> & { body?: BodySpec };
  check?: CheckSpec;
  /** An HTTP 412 (stale etag) reads the lookup again and retries once. */
  conflict?: { on?: number[] };
}

export interface StepSpec {
  id: string;
  name: string;
  description?: string;
  if?: Condition;
  forEach?: string | ForEachSpec;
  when?: Condition;
  request?: RequestSpec;
  jwt?: JwtSpec[];
  ensure?: EnsureSpec;
  update?: UpdateSpec;
  /** The request changes nothing (token requests): plan sends it, the summary does not count it as a write. */
  safe?: boolean;
  index?: IndexSpec;
  check?: CheckSpec;
  capture?: Record<string, string | CaptureSpec>;
  alreadyExists?: { status: number[]; match?: string };
  retry?: RetrySpec | false;
  continueOnFailure?: boolean;
  hints?: HintSpec[];
  /** false: none of defaults.headers (for requests to another service). */
  defaultHeaders?: boolean;
  poll?: PollSpec;
  skipRestOn?: SkipRestSpec;
  filterRows?: FilterRowsSpec;
  steps?: StepSpec[];
}

/** Ask again until the value at `path` is one of `until`; one of `fail`, or no attempts left, fails the step. */
export interface PollSpec {
  path: string;
  until: Scalar[];
  fail?: Scalar[];
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** An answer meaning "this folder does not apply": warn, record `value` in the comma list `into`, go on after the folder. */
export interface SkipRestSpec {
  status: number[];
  match?: string;
  warning: string;
  record?: { into: string; value: string };
}

/** Drop body list entries (mapping rows) whose source fields are not among the explore columns in `columns`. */
export interface FilterRowsSpec {
  rows: string;
  columns: string;
  into: string;
}

export interface SpecFile {
  $schema?: string;
  name: string;
  description?: string;
  variables?: Record<string, VariableSpec>;
  defaults?: DefaultsSpec;
  /** Specs whose steps run first, in a folder (the token steps, also used by `defaults.reauth`). */
  include?: string[];
  data?: Record<string, string>;
  steps: StepSpec[];
}
