import { CbiError, WarehouseQueryError, WarehouseUnavailableError } from '../../domain/errors.js';

/** What the failure needs from the settings to say what to do. */
export interface ErrorContext {
  readonly projectId: string;
  readonly datasets: { readonly training: string; readonly predictions: string };
  readonly maximumBytesBilled: number;
}

/** How BigQuery (REST or gRPC) or the way to it failed. */
export type FailureKind =
  'credentials' | 'permission' | 'not_found' | 'bytes_billed' | 'quota' | 'rejected' | 'transient';

export interface Failure {
  readonly kind: FailureKind;
  /** BigQuery's reason (`accessDenied`, `rateLimitExceeded`...) or gRPC status name, when known. */
  readonly reason: string | undefined;
  /** The first line of what the service said (never a header or a key). */
  readonly detail: string;
}

/** HTTP statuses worth another attempt (google-cloud-common retries the same ones). */
const TRANSIENT_HTTP = new Set([408, 429, 500, 502, 503, 504]);
/**
 * Reasons BigQuery gives for a busy or briefly failing service: what Google's Python client
 * retries (rateLimitExceeded, backendError, internalError, badGateway), the job-level twins of
 * those, a table briefly unavailable, and a job that ran out of time. Not `quotaExceeded`: a
 * quota (the free tier's query bytes, a daily load limit) lasts until it resets, and retrying it
 * only burns the run's attempts.
 */
const TRANSIENT_REASONS = new Set([
  'rateLimitExceeded',
  'jobRateLimitExceeded',
  'backendError',
  'jobBackendError',
  'internalError',
  'jobInternalError',
  'badGateway',
  'tableUnavailable',
  'timeout',
]);
/** BigQuery's words for a DML statement aborted by another on the same table. */
const CONCURRENT_UPDATE = /due to concurrent update/i;

/** Node and fetch failures of the connection itself. */
const TRANSIENT_NETWORK =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|network timeout|timed out|other side closed/i;

/** gRPC status codes (the Storage Read API). */
const GRPC = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;
const GRPC_NAMES = new Map<number, string>(Object.entries(GRPC).map(([name, code]) => [code, name]));

/** No answer to a request within the configured time (raised by the adapter itself). */
export class RequestTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`no answer to ${what} within ${ms} ms`);
    this.name = 'RequestTimeout';
  }
}

/** `call`, failed with RequestTimeout when it has not settled within `ms`. */
export async function withTimeout<T>(what: string, ms: number, call: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout(what, ms)), ms);
  });
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sorts any failure of the SDKs, the auth library or the network into what the product does about it. */
export function classify(cause: unknown): Failure {
  if (cause instanceof RequestTimeout) return { kind: 'transient', reason: 'timeout', detail: cause.message };
  // BigQuery's own words for the failure (the client joins them into its message, sometimes twice)
  const said = field(field(field(cause, 'errors'), '0'), 'message') ?? field(cause, 'message');
  const message = firstLine(typeof said === 'string' ? said : String(cause));
  if (
    /Could not load the default credentials|invalid_grant|invalid_client|Unable to detect a Project Id|does not contain a (client_email|private_key)|Invalid JWT|unauthorized_client/i.test(
      message,
    )
  )
    return { kind: 'credentials', reason: 'credentials', detail: message };
  const rawCode = field(cause, 'code');
  const code = typeof rawCode === 'number' ? rawCode : undefined;
  // gRPC statuses are below 100, HTTP's at or above; gRPC errors say it again in `details`
  const details = field(cause, 'details');
  if (code !== undefined && code < 100)
    return grpcFailure(code, typeof details === 'string' && details !== '' ? firstLine(details) : message);
  const reason = bigQueryReason(cause);
  if (code === 401 || reason === 'authError' || reason === 'unauthorized')
    return { kind: 'credentials', reason: reason ?? 'unauthorized', detail: message };
  if (reason !== undefined && TRANSIENT_REASONS.has(reason))
    return { kind: 'transient', reason, detail: message };
  // two DML statements on one table at once (another run's upload): BigQuery aborts one with
  // invalidQuery, and the same statement succeeds once the other is done
  if (CONCURRENT_UPDATE.test(message))
    return { kind: 'transient', reason: reason ?? 'concurrentUpdate', detail: message };
  if (reason === 'quotaExceeded') return { kind: 'quota', reason, detail: message };
  if (reason === 'bytesBilledLimitExceeded') return { kind: 'bytes_billed', reason, detail: message };
  if (code === 404 || reason === 'notFound')
    return { kind: 'not_found', reason: reason ?? 'notFound', detail: message };
  if (code === 403 || reason === 'accessDenied' || reason === 'billingNotEnabled')
    return { kind: 'permission', reason: reason ?? 'forbidden', detail: message };
  if (code !== undefined && TRANSIENT_HTTP.has(code))
    return { kind: 'transient', reason: reason ?? String(code), detail: message };
  if (code !== undefined && code >= 400)
    return { kind: 'rejected', reason: reason ?? String(code), detail: message };
  const networkCode = typeof rawCode === 'string' ? rawCode : '';
  if (
    TRANSIENT_NETWORK.test(`${networkCode} ${message}`) ||
    field(cause, 'type') === 'request-timeout' ||
    field(cause, 'name') === 'AbortError' ||
    field(cause, 'name') === 'TimeoutError'
  )
    return { kind: 'transient', reason: networkCode || 'network', detail: message };
  return { kind: 'rejected', reason: undefined, detail: message };
}

function grpcFailure(code: number, detail: string): Failure {
  const reason = GRPC_NAMES.get(code) ?? String(code);
  switch (code) {
    case GRPC.UNAUTHENTICATED:
      return { kind: 'credentials', reason, detail };
    case GRPC.PERMISSION_DENIED:
      return { kind: 'permission', reason, detail };
    case GRPC.NOT_FOUND:
      return { kind: 'not_found', reason, detail };
    case GRPC.CANCELLED:
    case GRPC.UNKNOWN:
    case GRPC.DEADLINE_EXCEEDED:
    case GRPC.RESOURCE_EXHAUSTED:
    case GRPC.ABORTED:
    case GRPC.INTERNAL:
    case GRPC.UNAVAILABLE:
      return { kind: 'transient', reason, detail };
    default:
      return { kind: 'rejected', reason, detail };
  }
}

/** The product's error for a failure of `what` (e.g. "reading training.zl_training_prod_allhistory_1m"). */
export function warehouseError(cause: unknown, what: string, context: ErrorContext): CbiError {
  if (cause instanceof CbiError) return cause;
  const failure = classify(cause);
  const said = failure.detail.length > 0 ? `: ${failure.detail}` : '';
  switch (failure.kind) {
    case 'credentials':
      return new WarehouseUnavailableError(`BigQuery did not accept the credentials while ${what}${said}`, {
        cause,
        hint: 'set GOOGLE_APPLICATION_CREDENTIALS or warehouse.keyFile to a service-account key, or run "gcloud auth application-default login" (docs/bigquery.md, "Credentials")',
      });
    case 'permission':
      return new WarehouseUnavailableError(`BigQuery refused ${what} (permission denied)${said}`, {
        cause,
        hint: `grant the account BigQuery Job User on project ${context.projectId}, Data Viewer on dataset ${context.datasets.training} and Data Editor on dataset ${context.datasets.predictions} (docs/bigquery.md, "Roles")`,
      });
    case 'not_found':
      return new WarehouseQueryError(`BigQuery found nothing while ${what}${said}`, {
        cause,
        hint: `check warehouse.projectId, warehouse.location, warehouse.datasets and warehouse.tableTemplate against the project (docs/bigquery.md)`,
      });
    case 'bytes_billed':
      return new WarehouseQueryError(
        `BigQuery refused ${what}: it would bill more than ${context.maximumBytesBilled} bytes${said}`,
        {
          cause,
          hint: 'raise warehouse.maximumBytesBilled if the table really is that large (docs/bigquery.md, "Costs")',
        },
      );
    case 'quota':
      return new WarehouseUnavailableError(
        `BigQuery refused ${what}: a quota of project ${context.projectId} is used up${said}`,
        {
          cause,
          hint: 'a quota lasts until it resets (daily quotas at midnight Pacific time): see IAM & Admin, Quotas in the Cloud console, enable billing on a free-tier (sandbox) project, or ask for a higher quota; the run does not retry it (docs/bigquery.md, "Failures")',
        },
      );
    case 'transient':
      return new WarehouseUnavailableError(`BigQuery did not complete ${what}${said}`, {
        cause,
        transient: true,
        hint: 'BigQuery was busy, limited the rate or did not answer: the run tries again',
      });
    case 'rejected':
      return new WarehouseQueryError(`BigQuery rejected ${what}${said}`, { cause });
  }
}

function bigQueryReason(error: unknown): string | undefined {
  const errors = field(error, 'errors');
  if (Array.isArray(errors)) {
    for (const item of errors) {
      const reason = field(item, 'reason');
      if (typeof reason === 'string') return reason;
    }
  }
  const reason = field(error, 'reason');
  return typeof reason === 'string' ? reason : undefined;
}

/** A property of a thrown value, whatever it is (an SDK error, a gRPC status, a plain object). */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (Reflect.get(value, key) as unknown) : undefined;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}
