import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BigQueryWarehouse, type BigQuerySettings } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { CbiError, WarehouseQueryError, WarehouseUnavailableError } from '../../src/domain/errors.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

/**
 * How the adapter reacts to what BigQuery does wrong, each fault injected by the local server.
 * Several reads of real tables per case: a loaded machine needs more than the default 30 s.
 */
describe('BigQueryWarehouse: faults', { timeout: 90_000 }, () => {
  let server: BigQueryServer;
  let logger: FakeLogger;
  const open = (overrides: Partial<BigQuerySettings> = {}) =>
    BigQueryWarehouse.open(localSettings(server, overrides), { logger, clock: new SystemClock() });
  /** The error `work` fails with (it must fail). */
  async function failure(work: () => Promise<unknown>): Promise<CbiError> {
    const error = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof CbiError)) throw new Error(`expected a CbiError, got ${String(error)}`);
    expect(error.message).not.toContain('\n');
    return error;
  }
  const calls = (api: string) => server.requests.filter((r) => r.api === api).length;

  beforeAll(async () => {
    server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['1m', '3m']) });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    logger = new FakeLogger();
  });

  it('401: bad credentials fail at once, saying where credentials come from', async () => {
    server.faults.add('tables.list', {
      kind: 'http',
      status: 401,
      reason: 'authError',
      message: 'Request had invalid authentication credentials. Expected OAuth 2 access token.',
    });
    const warehouse = await open();
    const error = await failure(() => warehouse.trainingTables());
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(
      /^BigQuery did not accept the credentials while listing the training tables of dataset training: Request had invalid authentication credentials/,
    );
    expect(error.hint).toMatch(/GOOGLE_APPLICATION_CREDENTIALS or warehouse\.keyFile/);
    expect(calls('tables.list')).toBe(1);
  });

  it("403 quota: a rate limit is transient and the client does not retry it behind the run's back", async () => {
    server.faults.add('jobs.insert', {
      kind: 'http',
      status: 403,
      reason: 'rateLimitExceeded',
      message: 'Exceeded rate limits: too many api requests per user per method for this user_method.',
    });
    const warehouse = await open();
    const error = await failure(() => warehouse.latestDataDate('1m'));
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(true);
    expect(calls('jobs.insert')).toBe(1);
    // the run's next attempt goes through
    await expect(warehouse.latestDataDate('1m')).resolves.toBe('2025-11-06');
    await warehouse.close();
  });

  it('403 access denied: a permission error fails at once and names the roles', async () => {
    server.faults.add('tables.get', {
      kind: 'http',
      status: 403,
      reason: 'accessDenied',
      message:
        'Access Denied: Table cbi-test:training.zl_training_prod_allhistory_1m: Permission bigquery.tables.get denied on table',
    });
    const warehouse = await open();
    const error = await failure(() => warehouse.trainingTables());
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(false);
    expect(error.hint).toBe(
      'grant the account BigQuery Job User on project cbi-test, Data Viewer on dataset training and Data Editor on dataset predictions (docs/bigquery.md, "Roles")',
    );
  });

  it('404: a missing dataset is a permanent query error naming the settings to check', async () => {
    const warehouse = await open({ datasets: { training: 'trainig', predictions: 'predictions' } });
    const error = await failure(() => warehouse.readTrainingTable('1m'));
    expect(error).toBeInstanceOf(WarehouseQueryError);
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      'BigQuery found nothing while listing the training tables of dataset trainig: Not found: Dataset cbi-test:trainig',
    );
    expect(error.hint).toMatch(/warehouse\.datasets/);
  });

  it('404: a table the template does not find is missing, permanently', async () => {
    const warehouse = await open({ tableTemplate: 'zl_training_dev_allhistory_{h}' });
    expect(await warehouse.trainingTables()).toEqual([]);
    const error = await failure(() =>
      warehouse.exportTrainingTable('1m', {
        key: 'k',
        localPath: '/nonexistent/x',
        commit: async () => undefined,
        discard: async () => undefined,
      }),
    );
    expect(error).toBeInstanceOf(WarehouseQueryError);
    expect(error.message).toBe(
      'training table training.zl_training_dev_allhistory_1m does not exist in project cbi-test',
    );
  });

  it('500 then success: the failure is transient and the next attempt succeeds, with no retry inside the client', async () => {
    server.faults.add('jobs.getQueryResults', {
      kind: 'http',
      status: 500,
      reason: 'backendError',
      message: 'Backend error',
    });
    const warehouse = await open();
    const error = await failure(() => warehouse.readTrainingTable('3m'));
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/Backend error$/);
    const failedPolls = calls('jobs.getQueryResults');
    expect(failedPolls).toBe(1);
    const table = await warehouse.readTrainingTable('3m');
    expect(table.numRows).toBe(1475);
    await warehouse.close();
  });

  it('a hung response: no answer within the request timeout is transient', async () => {
    server.faults.add('jobs.insert', { kind: 'hang' });
    const warehouse = await open({ requestTimeoutMs: 1_500 });
    const started = Date.now();
    const error = await failure(() => warehouse.latestDataDate('1m'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(/timeout|no answer/);
  });

  it('a hung Storage Read API stream, before its first row, is read through REST pages instead', async () => {
    server.faults.add('storage.ReadRows', { kind: 'hang' });
    // long enough that the query job itself answers in time on a loaded machine (1.5 s did not)
    const warehouse = await open({ requestTimeoutMs: 6_000 });
    expect((await warehouse.readTrainingTable('1m')).numRows).toBe(1404);
    expect(logger.entries.filter((e) => e.level === 'warn').map((e) => e.fields['detail'])).toEqual([
      'no answer to reading a Storage Read API stream within 6000 ms',
    ]);
    await warehouse.close();
  });

  it('gRPC UNAVAILABLE or INTERNAL before the first row: that read goes through REST, the next tries Storage again', async () => {
    server.faults.add('storage.ReadRows', { kind: 'grpc', code: 14, message: 'Connection reset by peer' });
    server.faults.add('storage.CreateReadSession', { kind: 'grpc', code: 13, message: 'Internal error' });
    const warehouse = await open();
    expect((await warehouse.readTrainingTable('1m')).numRows).toBe(1404);
    expect((await warehouse.readTrainingTable('3m')).numRows).toBe(1475);
    expect((await warehouse.readTrainingTable('1m')).numRows).toBe(1404);
    // the session fails first, then the stream of the second read; gax retried neither; the third read is Storage's
    expect(calls('storage.ReadRows')).toBe(2);
    expect(calls('storage.CreateReadSession')).toBe(3);
    expect(
      logger.entries.filter((e) => e.level === 'warn').map((e) => [e.message, e.fields['reason']]),
    ).toEqual([
      [
        'BigQuery Storage Read API failed before the first row: reading this result through REST pages',
        'INTERNAL',
      ],
      [
        'BigQuery Storage Read API failed before the first row: reading this result through REST pages',
        'UNAVAILABLE',
      ],
    ]);
    await warehouse.close();
  });

  it('403 quotaExceeded is a quota, not a busy service: not retried, told as a quota with what to do', async () => {
    server.faults.add('jobs.insert', {
      kind: 'http',
      status: 403,
      reason: 'quotaExceeded',
      message:
        'Quota exceeded: Your project exceeded quota for free query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
    });
    const warehouse = await open();
    const error = await failure(() => warehouse.latestDataDate('1m'));
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(false);
    expect(error.message).toBe(
      'BigQuery refused listing the training tables of dataset training: a quota of project cbi-test is used up: Quota exceeded: Your project exceeded quota for free query bytes scanned. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
    );
    expect(error.hint).toMatch(/^a quota lasts until it resets/);
    expect(error.hint).not.toMatch(/busy/);
  });

  it("a 404 for a job just inserted is polled again, as Google's clients do", async () => {
    server.faults.add(
      'jobs.getQueryResults',
      { kind: 'http', status: 404, reason: 'notFound', message: 'Not found: Job cbi-test:US.job_1' },
      2,
    );
    const warehouse = await open();
    await expect(warehouse.latestDataDate('1m')).resolves.toBe('2025-11-06');
    expect(calls('jobs.insert')).toBe(2);
    await warehouse.close();
  });

  it('a project without the Storage Read API reads through REST pages instead, and says so once', async () => {
    server.faults.add('storage.CreateReadSession', {
      kind: 'grpc',
      code: 7,
      message: 'BigQuery Storage API has not been used in project cbi-test before or it is disabled.',
    });
    const warehouse = await open();
    expect((await warehouse.readTrainingTable('1m')).numRows).toBe(1404);
    expect((await warehouse.readTrainingTable('3m')).numRows).toBe(1475);
    await warehouse.close();
    expect(calls('storage.CreateReadSession')).toBe(1);
    // pages of at most 100,000 cells: 225 of the 1m table's 444-column rows, 7 pages for 1,404
    expect(
      server.requests.filter((r) => r.api === 'jobs.getQueryResults' && r.query['maxResults'] === '225')
        .length,
    ).toBe(7);
    expect(
      logger.entries.filter((e) => e.level === 'warn').map((e) => [e.message, e.fields['reason']]),
    ).toEqual([
      ['BigQuery Storage Read API refused: reading through REST pages instead', 'PERMISSION_DENIED'],
    ]);
  });

  it('maximumBytesBilled: a query billing more is refused by BigQuery, permanently, with what to raise', async () => {
    const warehouse = await open({ maximumBytesBilled: 5 * 1024 * 1024 });
    const error = await failure(() => warehouse.latestDataDate('1m'));
    expect(error).toBeInstanceOf(WarehouseQueryError);
    expect(error.transient).toBe(false);
    // the two tables' facts are one query: at least 10 MB billed for each table it reads
    expect(error.message).toBe(
      'BigQuery refused listing the training tables of dataset training: it would bill more than 5242880 bytes: Query exceeded limit for bytes billed: 5242880. 20971520 or higher required.',
    );
    expect(error.hint).toMatch(/raise warehouse\.maximumBytesBilled/);
  });

  it('ping dry-runs the export queries: free, labelled, and a WarehouseUnavailableError when it fails', async () => {
    const warehouse = await open();
    await warehouse.ping();
    expect(server.queryJobs()).toMatchObject(
      ['1m', '3m'].map((h) => ({
        sql: `SELECT * FROM \`cbi-test.training.zl_training_prod_allhistory_${h}\` ORDER BY \`date\``,
        dryRun: true,
        labels: { cbi_operation: 'doctor' },
      })),
    );
    server.faults.add('jobs.insert', {
      kind: 'http',
      status: 404,
      reason: 'notFound',
      message: 'Not found: Project cbi-tset',
    });
    const error = await failure(() => warehouse.ping());
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect(error.transient).toBe(false);
  });
});
