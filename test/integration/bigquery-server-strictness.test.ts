import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import { openClient } from '../../src/adapters/bigquery/bigquery-client.js';
import { BigQueryJobs } from '../../src/adapters/bigquery/bigquery-jobs.js';
import { PREDICTION_FIELDS, schemaOf } from '../../src/adapters/bigquery/bigquery-prediction-rows.js';
import { BigQueryWarehouse } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { nightForecast } from '../support/bigquery/night-forecast.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

/** Where the local server is as strict as BigQuery, so a leniency cannot hide a bug of the adapter. */
describe('the local BigQuery: as strict as BigQuery', () => {
  const servers: BigQueryServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  const start = async (options: { jobMs?: number } = {}) => {
    const server = await startBigQueryServer({
      projectId: PROJECT,
      tables: cbiTables(['1m']),
      pendingPolls: 0,
      ...options,
    });
    servers.push(server);
    return server;
  };

  it('a job takes its time: getQueryResults holds the call until it is done, and the adapter waits without spinning', async () => {
    const server = await start({ jobMs: 1_500 });
    const warehouse = await BigQueryWarehouse.open(localSettings(server), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    });
    const started = Date.now();
    try {
      expect(await warehouse.latestDataDate('1m')).toBe('2025-11-06');
    } finally {
      await warehouse.close();
    }
    // two jobs (the tables' dates, the newest date), each 1.5 s
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    const jobs = server.requests.filter((r) => r.api === 'jobs.insert').length;
    const waits = server.requests.filter(
      (r) => r.api === 'jobs.getQueryResults' && r.query['maxResults'] === '0',
    ).length;
    expect(jobs).toBe(2);
    // one held call a job, not a poll loop
    expect(waits).toBe(2);
  });

  it("a job not done within the call's wait is answered jobComplete: false, and done later", async () => {
    const server = await start({ jobMs: 1_500 });
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    const [job] = await client.createQueryJob({
      query: `SELECT COUNT(*) AS n FROM \`${PROJECT}.training.zl_training_prod_allhistory_1m\``,
    });
    // the client turns jobComplete: false after its timeoutMs into this error
    await expect(job.getQueryResults({ timeoutMs: 200 })).rejects.toThrow(
      'The query did not complete before 200ms',
    );
    const [metadata] = await job.getMetadata();
    expect(metadata).toMatchObject({ status: { state: 'RUNNING' } });
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ n: 1404 }]);
  });

  it("a load job is refused when its schema is not the table's, or a value does not parse as its field's type", async () => {
    const server = await start();
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    const [dataset] = await client.createDataset('staging', { location: 'US' });
    await dataset.createTable('forecasts', { schema: schemaOf(PREDICTION_FIELDS) });
    const jobs = new BigQueryJobs(
      openClient(
        { projectId: PROJECT, requestTimeoutMs: 20_000, emulator: { apiEndpoint: server.apiEndpoint } },
        undefined,
      ),
      {
        projectId: PROJECT,
        location: async () => 'US',
        maximumBytesBilled: 1024 ** 3,
        requestTimeoutMs: 20_000,
        queryTimeoutMs: 60_000,
      },
      new SystemClock(),
      undefined,
    );
    const table = { projectId: PROJECT, datasetId: 'staging', tableId: 'forecasts' };
    const row = nightForecast({ model_version: 'v1', run_id: 'r1' });
    const retyped = PREDICTION_FIELDS.map((f) => (f.name === 'current_price' ? { ...f, type: 'STRING' } : f));
    await expect(jobs.load(table, retyped, `${JSON.stringify(row)}\n`, 'test')).rejects.toMatchObject({
      message:
        'Provided Schema does not match Table cbi-test:staging.forecasts. Field current_price has changed type from FLOAT to STRING',
    });
    await expect(
      jobs.load(table, PREDICTION_FIELDS, `${JSON.stringify({ ...row, current_price: 'fifty' })}\n`, 'test'),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/Could not parse 'fifty' as FLOAT for field current_price/),
    });
    await jobs.load(table, PREDICTION_FIELDS, `${JSON.stringify(row)}\n`, 'test');
    expect(await server.rows('SELECT count(*)::INTEGER AS n FROM "staging"."forecasts"')).toEqual([{ n: 1 }]);
  });

  it('a function BigQuery does not have is refused, though DuckDB would run it', async () => {
    const server = await start();
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    const table = `\`${PROJECT}.training.zl_training_prod_allhistory_1m\``;
    await expect(
      client.createQueryJob({ query: `SELECT strlen('zl') AS n FROM ${table}` }),
    ).rejects.toMatchObject({
      message: 'Function not found: strlen',
    });
    const [job] = await client.createQueryJob({
      query: `SELECT LENGTH('zl(') AS n, COUNT(*) AS rows FROM ${table}`,
    });
    const [rows] = await job.getQueryResults();
    expect(rows).toEqual([{ n: 3, rows: 1404 }]);
  });

  it('two MERGEs into one table at once conflict as on BigQuery, and the one aborted is transient: its retry succeeds', async () => {
    // jobs of 4 s: the two loads end within the adapter's 2 s poll of each other, so the MERGEs overlap
    const server = await start({ jobMs: 4_000 });
    const open = () =>
      BigQueryWarehouse.open(localSettings(server), { logger: new FakeLogger(), clock: new SystemClock() });
    const [a, b] = [await open(), await open()];
    const forecast = (runId: string) => ({
      as_of_date: '2025-11-06',
      horizon: '1m' as const,
      target_date: '2025-12-05',
      current_price: 50.89,
      predicted_price: 51.2,
      predicted_return: 0.00609,
      model_name: 'lightgbm',
      model_version: runId,
      surface: 'prod',
      is_champion: true,
      run_id: runId,
      created_at: '2026-11-30T00:12:00.000+00:00',
    });
    try {
      // the predictions dataset and table exist before the two runs race
      await a.readPredictions('1m');
      await b.readPredictions('1m');
      const outcomes = await Promise.allSettled([
        a.writePredictions('run_a', [forecast('run_a')]),
        b.writePredictions('run_b', [forecast('run_b')]),
      ]);
      const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({
        transient: true,
        message: expect.stringMatching(/due to concurrent update$/),
      });
      // the run's retry policy tries again once the other MERGE is done
      const [lost] = outcomes.map((o, i) => (o.status === 'rejected' ? i : -1)).filter((i) => i >= 0);
      if (lost === 0) await a.writePredictions('run_a', [forecast('run_a')]);
      else await b.writePredictions('run_b', [forecast('run_b')]);
      expect(await server.rows('SELECT run_id FROM "predictions"."zl_predictions" ORDER BY run_id')).toEqual([
        { run_id: 'run_a' },
        { run_id: 'run_b' },
      ]);
    } finally {
      await a.close();
      await b.close();
    }
    // six jobs of 4 s each with the adapter's polls: about 25 s idle, more on a loaded machine
  }, 90_000);
});
