import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BigQueryWarehouse, type BigQuerySettings } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { CbiError, ConfigError, WarehouseQueryError } from '../../src/domain/errors.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { field } from '../support/bigquery/state.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';
import { NIGHT_RUN, nightForecast } from '../support/bigquery/night-forecast.js';

const RUN = NIGHT_RUN;
const ROW = nightForecast();

/**
 * A project whose datasets live in a region (europe-west3), not in the US multi-region: the
 * local server runs a job in one location, as BigQuery does, and answers a job sent elsewhere
 * with a 404 for the dataset.
 */
describe('BigQueryWarehouse: the location of the datasets', () => {
  let server: BigQueryServer;
  const open = (overrides: Partial<BigQuerySettings> = {}) =>
    BigQueryWarehouse.open(localSettings(server, overrides), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    });
  const other = () =>
    new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });

  beforeAll(async () => {
    server = await startBigQueryServer({
      projectId: PROJECT,
      tables: cbiTables(['1m'], 1, 'europe-west3'),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  it('runs every job where the training dataset is, read from BigQuery, with no location configured', async () => {
    const warehouse = await open({ datasets: { training: 'training', predictions: 'predictions_eu' } });
    try {
      expect((await warehouse.readTrainingTable('1m')).numRows).toBe(1404);
      await warehouse.writePredictions(RUN, [ROW]);
      expect(await warehouse.readLatestPredictions('1m')).toEqual([ROW]);
      await warehouse.ping();
    } finally {
      await warehouse.close();
    }
    const locations = new Set(server.queryJobs().map((j) => j.location));
    expect(locations).toEqual(new Set(['europe-west3']));
    const loads = server.requests.filter((r) => r.api === 'jobs.upload');
    expect(loads.map((r) => field(field(r.body, 'jobReference'), 'location'))).toEqual(['europe-west3']);
    // the predictions dataset is made beside the training tables
    const created = server.requests.find((r) => r.api === 'datasets.insert');
    expect(field(created?.body, 'location')).toBe('europe-west3');
    // jobs are polled where they run: a region's job is not found without its location
    const polls = server.requests.filter((r) => r.api === 'jobs.getQueryResults' || r.api === 'jobs.get');
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(poll.query['location']).toBe('europe-west3');
  });

  it("refuses a configured location that is not the dataset's, in one line naming both", async () => {
    const warehouse = await open({ location: 'US' });
    const error = await warehouse.readTrainingTable('1m').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as CbiError).message).toBe(
      'warehouse.location is "US" but dataset cbi-test:training is in europe-west3',
    );
    expect((error as CbiError).hint).toBe(
      'remove warehouse.location (the product reads it from the dataset) or set it to "europe-west3"',
    );
    // nothing ran in the wrong place
    expect(server.queryJobs()).toEqual([]);
    await warehouse.close();
  });

  it("takes a configured location that is the dataset's, whatever its case", async () => {
    const warehouse = await open({ location: 'EUROPE-WEST3' });
    await expect(warehouse.latestDataDate('1m')).resolves.toBe('2025-11-06');
    await warehouse.close();
  });

  it('refuses a predictions dataset in another location than the training tables, saying how to fix it', async () => {
    await other().createDataset('predictions_us', { location: 'US' });
    const warehouse = await open({ datasets: { training: 'training', predictions: 'predictions_us' } });
    const error = await warehouse.writePredictions(RUN, [ROW]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WarehouseQueryError);
    expect((error as CbiError).message).toBe(
      'dataset cbi-test:predictions_us is in US, the training tables in europe-west3: BigQuery runs a job in one location',
    );
    expect((error as CbiError).hint).toMatch(
      /^point warehouse\.datasets\.predictions at a dataset in europe-west3/,
    );
    await warehouse.close();
  });

  it("the local server refuses a job in the wrong location, and a region's job looked up without it, as BigQuery does", async () => {
    const client = other();
    const sql = `SELECT COUNT(*) AS n FROM \`${PROJECT}.training.zl_training_prod_allhistory_1m\``;
    // the job is made and fails, as BigQuery's does: its errorResult says notFound
    await expect(client.createQueryJob({ query: sql, location: 'US' })).rejects.toMatchObject({
      errors: [{ reason: 'notFound' }],
      message: 'Not found: Dataset cbi-test:training was not found in location US',
    });
    const [job] = await client.createQueryJob({ query: sql });
    expect(job.location).toBe('europe-west3');
    await expect(client.job(job.id ?? '').getMetadata()).rejects.toMatchObject({ code: 404 });
    const [metadata] = await client.job(job.id ?? '', { location: 'europe-west3' }).getMetadata();
    expect(field(metadata, 'jobReference')).toMatchObject({ location: 'europe-west3' });
  });
});
