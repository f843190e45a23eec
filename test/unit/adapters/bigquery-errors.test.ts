import { common } from '@google-cloud/bigquery';
import { GoogleError } from 'google-gax';
import { describe, expect, it } from 'vitest';
import { RequestTimeout, classify, warehouseError } from '../../../src/adapters/bigquery/bigquery-errors.js';
import { JobFailed } from '../../../src/adapters/bigquery/bigquery-jobs.js';
import { WarehouseQueryError, WarehouseUnavailableError } from '../../../src/domain/errors.js';

const context = {
  projectId: 'cbi-v14-prod',
  datasets: { training: 'training', predictions: 'predictions' },
  maximumBytesBilled: 1024 ** 3,
};

/** The error the REST client throws for a response, built by the client's own class. */
function apiError(code: number, reason: string, message: string): Error {
  return Object.assign(new common.util.ApiError(message), { code, errors: [{ reason, message }] });
}

function grpcError(code: number, details: string): Error {
  return Object.assign(new GoogleError(`${code} ${details}`), { code, details });
}

const networkTimeout = Object.assign(
  new Error('network timeout at: http://127.0.0.1:9050/bigquery/v2/projects/p/jobs'),
  {
    type: 'request-timeout',
  },
);
const refused = Object.assign(
  new Error('request to http://127.0.0.1:9 failed, reason: connect ECONNREFUSED 127.0.0.1:9'),
  {
    code: 'ECONNREFUSED',
  },
);

describe('classify and warehouseError', () => {
  it.each([
    {
      name: '401',
      cause: apiError(401, 'authError', 'Request had invalid authentication credentials.'),
      kind: 'credentials',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /GOOGLE_APPLICATION_CREDENTIALS/,
    },
    {
      name: 'no credentials at all',
      cause: new Error(
        'Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.',
      ),
      kind: 'credentials',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /gcloud auth application-default login/,
    },
    {
      name: '403 rate limit',
      cause: apiError(
        403,
        'rateLimitExceeded',
        'Exceeded rate limits: too many api requests per user per method',
      ),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: '403 quota',
      cause: apiError(
        403,
        'quotaExceeded',
        'Quota exceeded: Your project exceeded quota for free query bytes scanned',
      ),
      kind: 'quota',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /quota lasts until it resets.*enable billing/,
    },
    {
      name: 'a job backend error',
      cause: new JobFailed('j1', {
        reason: 'jobBackendError',
        message: 'The job encountered an error during execution. Retrying the job may solve the problem.',
      }),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'a table briefly unavailable',
      cause: apiError(
        400,
        'tableUnavailable',
        'Table cbi-v14-prod:predictions.zl_predictions is temporarily unavailable',
      ),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'a DML statement aborted by another on the same table',
      cause: new JobFailed('j1', {
        reason: 'invalidQuery',
        message:
          'Could not serialize access to table cbi-v14-prod:predictions.zl_predictions due to concurrent update',
      }),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: '502 bad gateway',
      cause: apiError(502, 'badGateway', 'Bad gateway'),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: '403 access denied',
      cause: apiError(
        403,
        'accessDenied',
        'Access Denied: Table cbi-v14-prod:training.zl_training_prod_allhistory_1m: Permission bigquery.tables.getData denied',
      ),
      kind: 'permission',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /Data Viewer on dataset training/,
    },
    {
      name: '403 billing',
      cause: apiError(403, 'billingNotEnabled', 'Billing has not been enabled for this project.'),
      kind: 'permission',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /Job User/,
    },
    {
      name: '404',
      cause: apiError(404, 'notFound', 'Not found: Dataset cbi-v14-prod:training'),
      kind: 'not_found',
      transient: false,
      type: WarehouseQueryError,
      hint: /warehouse\.datasets/,
    },
    {
      name: 'the byte cap',
      cause: apiError(
        400,
        'bytesBilledLimitExceeded',
        'Query exceeded limit for bytes billed: 1000. 10485760 or higher required.',
      ),
      kind: 'bytes_billed',
      transient: false,
      type: WarehouseQueryError,
      hint: /maximumBytesBilled/,
    },
    {
      name: 'a bad query',
      cause: apiError(400, 'invalidQuery', 'Syntax error: Unexpected identifier'),
      kind: 'rejected',
      transient: false,
      type: WarehouseQueryError,
      hint: undefined,
    },
    {
      name: '500',
      cause: apiError(500, 'backendError', 'Backend error'),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: '503 without a reason',
      cause: Object.assign(new common.util.ApiError('Service Unavailable'), { code: 503 }),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'a socket timeout',
      cause: networkTimeout,
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'a refused connection',
      cause: refused,
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'no answer in time',
      cause: new RequestTimeout('a query job', 60_000),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'a job that timed out',
      cause: new JobFailed('j1', { reason: 'timeout', message: 'Operation timed out after 6.0 hours.' }),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'gRPC UNAUTHENTICATED',
      cause: grpcError(16, 'Request had invalid authentication credentials.'),
      kind: 'credentials',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /GOOGLE_APPLICATION_CREDENTIALS/,
    },
    {
      name: 'gRPC PERMISSION_DENIED',
      cause: grpcError(7, 'BigQuery Storage API has not been used in project 123 before or it is disabled.'),
      kind: 'permission',
      transient: false,
      type: WarehouseUnavailableError,
      hint: /Job User/,
    },
    {
      name: 'gRPC NOT_FOUND',
      cause: grpcError(5, 'Not found: Table cbi-v14-prod:_anon.t'),
      kind: 'not_found',
      transient: false,
      type: WarehouseQueryError,
      hint: /warehouse\.datasets/,
    },
    {
      name: 'gRPC UNAVAILABLE',
      cause: grpcError(14, 'Connection dropped'),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'gRPC DEADLINE_EXCEEDED',
      cause: grpcError(4, 'Deadline exceeded'),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
    {
      name: 'gRPC RESOURCE_EXHAUSTED',
      cause: grpcError(8, 'Quota exceeded for quota metric read requests'),
      kind: 'transient',
      transient: true,
      type: WarehouseUnavailableError,
      hint: /tries again/,
    },
  ])('$name: $kind, transient $transient', ({ cause, kind, transient, type, hint }) => {
    expect(classify(cause).kind).toBe(kind);
    const error = warehouseError(cause, 'reading training.zl_training_prod_allhistory_1m', context);
    expect(error).toBeInstanceOf(type);
    expect(error.transient).toBe(transient);
    expect(error.message).not.toContain('\n');
    expect(error.cause).toBe(cause);
    if (hint === undefined) expect(error.hint).toBeUndefined();
    else expect(error.hint).toMatch(hint);
  });

  it('keeps an error the adapter already made', () => {
    const made = new WarehouseQueryError('training table training.x does not exist');
    expect(warehouseError(made, 'reading', context)).toBe(made);
  });
});
