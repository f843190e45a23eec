import { BigQueryFailure } from './dialect.js';
import type { Engine, Outcome } from './engine.js';

/** One call the server received, as the tests read it back. */
export interface Recorded {
  /** `jobs.insert`, `jobs.getQueryResults`, `tables.get`, `storage.CreateReadSession`, ... */
  readonly api: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body (a load job's: its metadata part, with the data part as `data`), or the gRPC request. */
  readonly body: unknown;
  /** Whether an Authorization header came with it. */
  readonly authorized: boolean;
  /** A gRPC call's routing header (`x-goog-request-params`), which Google's front ends route by. */
  readonly routing?: string | undefined;
}

/** What a fault does to the call it catches. */
export type FaultAction =
  | { readonly kind: 'http'; readonly status: number; readonly reason: string; readonly message: string }
  | { readonly kind: 'grpc'; readonly code: number; readonly message: string }
  | { readonly kind: 'hang' };

interface FaultRule {
  readonly api: string;
  readonly action: FaultAction;
  left: number;
}

/** Faults to inject, each for the next `times` calls of one API. */
export class Faults {
  readonly #rules: FaultRule[] = [];

  /** The next `times` calls of `api` (`*`: any) answer with `action` instead. */
  add(api: string, action: FaultAction, times = 1): void {
    this.#rules.push({ api, action, left: times });
  }

  take(api: string): FaultAction | undefined {
    const rule = this.#rules.find((r) => r.left > 0 && (r.api === api || r.api === '*'));
    if (rule === undefined) return undefined;
    rule.left -= 1;
    return rule.action;
  }

  clear(): void {
    this.#rules.length = 0;
  }
}

/** Google's error body for a REST failure. */
export function errorBody(status: number, reason: string, message: string): unknown {
  const statuses: Readonly<Record<number, string>> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ALREADY_EXISTS',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return {
    error: {
      code: status,
      message,
      errors: [{ message, domain: 'global', reason }],
      status: statuses[status] ?? 'UNKNOWN',
    },
  };
}

/** A job as the server keeps it. */
export interface StoredJob {
  readonly resource: Record<string, unknown>;
  readonly outcome?: Outcome;
  readonly failure?: BigQueryFailure;
  /** getQueryResults calls still to answer `jobComplete: false`. */
  pendingPolls: number;
  /** When the job is done (ms since the epoch): before that it is RUNNING, whoever asks. */
  readonly doneAt: number;
  /** Its status once done. */
  readonly finalStatus: unknown;
}

export interface ServerOptions {
  readonly projectId: string;
  readonly location?: string;
  /** getQueryResults answers `jobComplete: false` this many times per job before the result (default 1). */
  readonly pendingPolls?: number;
  /**
   * A job takes this long to run (ms, default 0): jobs.get says RUNNING until then, and
   * getQueryResults holds the call until the job is done or its `timeoutMs` (default 10 s, as
   * BigQuery's) has passed, then answers `jobComplete: false`.
   */
  readonly jobMs?: number;
  /** Every REST call without an Authorization header gets 401 (real BigQuery's rule). */
  readonly requireAuth?: boolean;
  /** Rows per Storage Read API response (default 1024). */
  readonly batchRows?: number;
  /**
   * Permissions the account lacks: `bigquery.tables.getData` (everywhere) or
   * `bigquery.tables.getData@training` (on one dataset). The calls that need one are refused as
   * BigQuery refuses them, and testIamPermissions leaves it out.
   */
  readonly denied?: readonly string[];
}

/** Everything the REST and gRPC halves of the server share. */
export class ServerState {
  readonly requests: Recorded[] = [];
  readonly faults = new Faults();
  readonly jobs = new Map<string, StoredJob>();
  /** Tables a DML job is changing, and until when (ms since the epoch): a second one conflicts. */
  readonly dmlUntil = new Map<string, number>();
  readonly engine: Engine;
  readonly options: ServerOptions;
  readonly location: string;

  constructor(engine: Engine, options: ServerOptions) {
    this.engine = engine;
    this.options = options;
    this.location = options.location ?? 'US';
  }

  /** Whether the account has `permission` (on `datasetId`, for a dataset's or table's). */
  allows(permission: string, datasetId?: string): boolean {
    const denied = this.options.denied ?? [];
    return (
      !denied.includes(permission) &&
      (datasetId === undefined || !denied.includes(`${permission}@${datasetId}`))
    );
  }

  /** BigQuery's 403 for a permission the account lacks, or nothing when it has it. */
  require(permission: string, resource: string, datasetId?: string): void {
    if (!this.allows(permission, datasetId))
      throw new BigQueryFailure(
        'accessDenied',
        403,
        `Access Denied: ${resource}: Permission ${permission} denied on ${resource} (or it may not exist).`,
      );
  }

  record(entry: Recorded): void {
    this.requests.push(entry);
  }

  /** The query jobs received (jobs.insert with a query), their configuration as sent. */
  queryJobs(): readonly QueryJobRecord[] {
    return this.requests.flatMap((r) => {
      if (r.api !== 'jobs.insert') return [];
      const configuration = field(r.body, 'configuration');
      const query = field(configuration, 'query');
      if (query === undefined) return [];
      return [
        {
          sql: String(field(query, 'query') ?? ''),
          labels: recordOf(field(configuration, 'labels')),
          maximumBytesBilled: field(query, 'maximumBytesBilled'),
          jobTimeoutMs: field(configuration, 'jobTimeoutMs'),
          dryRun: field(configuration, 'dryRun') === true,
          useLegacySql: field(query, 'useLegacySql'),
          parameters: field(query, 'queryParameters'),
          location: field(field(r.body, 'jobReference'), 'location'),
        },
      ];
    });
  }

  /** The load jobs received, their configuration as sent. */
  loadJobs(): readonly LoadJobRecord[] {
    return this.requests.flatMap((r) => {
      if (r.api !== 'jobs.upload') return [];
      const configuration = field(r.body, 'configuration');
      const load = field(configuration, 'load');
      return [
        {
          load: recordOf(load),
          labels: recordOf(field(configuration, 'labels')),
          data: String(field(r.body, 'data') ?? ''),
        },
      ];
    });
  }
}

export interface QueryJobRecord {
  readonly sql: string;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly maximumBytesBilled: unknown;
  readonly jobTimeoutMs: unknown;
  readonly dryRun: boolean;
  readonly useLegacySql: unknown;
  readonly parameters: unknown;
  readonly location: unknown;
}

export interface LoadJobRecord {
  readonly load: Readonly<Record<string, unknown>>;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly data: string;
}

export function field(value: unknown, key: string): unknown {
  return (typeof value === 'object' || typeof value === 'function') && value !== null
    ? (Reflect.get(value, key) as unknown)
    : undefined;
}

export function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}
