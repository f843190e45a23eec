import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { afterEach, describe, expect, it } from 'vitest';
import { PREDICTION_FIELDS, schemaOf } from '../../src/adapters/bigquery/bigquery-prediction-rows.js';
import { BigQueryWarehouse, type BigQuerySettings } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { WarehouseUnavailableError } from '../../src/domain/errors.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';
import { runCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/** What each case's project holds besides CBI-V14's 1m table. */
type Layout = 'no predictions dataset' | 'predictions table' | 'predictions dataset in EU';

/**
 * `cbi doctor`'s BigQuery check (the adapter's ping) against a project that lacks one thing the
 * night needs: each fails with what is missing and the fix, before any night does.
 */
describe('BigQueryWarehouse.ping: what the night needs, checked for free', () => {
  const servers: BigQueryServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  async function project(denied: readonly string[], layout: Layout): Promise<BigQueryServer> {
    const server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['1m']), denied });
    servers.push(server);
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    if (layout === 'predictions table') {
      const [dataset] = await client.createDataset('predictions', { location: 'US' });
      await dataset.createTable('zl_predictions', { schema: schemaOf(PREDICTION_FIELDS) });
    }
    if (layout === 'predictions dataset in EU') await client.createDataset('predictions', { location: 'EU' });
    server.reset();
    return server;
  }
  const ping = async (server: BigQueryServer, overrides: Partial<BigQuerySettings> = {}) => {
    const warehouse = await BigQueryWarehouse.open(localSettings(server, overrides), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    });
    try {
      await warehouse.ping();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await warehouse.close();
    }
  };

  it('passes a project that gives the night everything, writing nothing and billing nothing', async () => {
    const server = await project([], 'predictions table');
    expect(await ping(server)).toBeUndefined();
    expect(server.queryJobs().map((j) => [j.dryRun, j.sql])).toEqual([
      [true, 'SELECT * FROM `cbi-test.training.zl_training_prod_allhistory_1m` ORDER BY `date`'],
    ]);
    expect(
      server.requests.filter((r) => /insert|patch|delete|upload/.test(r.api) && r.api !== 'jobs.insert'),
    ).toEqual([]);
    expect(server.requests.filter((r) => r.api === 'storage.ReadRows')).toEqual([]);
  });

  it.each([
    {
      missing: 'bigquery.jobs.create',
      denied: ['bigquery.jobs.create'],
      layout: 'predictions table' as const,
      says: 'no bigquery.jobs.create on project cbi-test (every query and load of the night)',
      fix: 'grant the account BigQuery Job User on project cbi-test',
    },
    {
      missing: 'read access to the training tables',
      denied: ['bigquery.tables.getData@training'],
      layout: 'predictions table' as const,
      says: 'no bigquery.tables.getData on table training.zl_training_prod_allhistory_1m (the export reads it)',
      fix: 'grant the account BigQuery Data Viewer on dataset training',
    },
    {
      missing: 'write access to the predictions table',
      denied: ['bigquery.tables.updateData@predictions', 'bigquery.tables.update@predictions'],
      layout: 'predictions table' as const,
      says: 'no bigquery.tables.updateData, bigquery.tables.update on table predictions.zl_predictions (the upload MERGEs into it)',
      fix: 'grant the account BigQuery Data Editor on dataset predictions',
    },
    {
      missing: 'the right to create the predictions dataset',
      denied: ['bigquery.datasets.create'],
      layout: 'no predictions dataset' as const,
      says: 'dataset cbi-test:predictions does not exist and the account may not create it (bigquery.datasets.create)',
      fix: 'create it once: bq --location=US mk --dataset cbi-test:predictions',
    },
    {
      missing: 'the Storage Read API',
      denied: ['bigquery.readsessions.create'],
      layout: 'predictions table' as const,
      says: 'the Storage Read API refused a read session (PERMISSION_DENIED',
      fix: 'grant the account BigQuery Read Session User, or set warehouse.readApi to "rest"',
    },
    {
      missing: 'the location (the predictions dataset elsewhere)',
      denied: [],
      layout: 'predictions dataset in EU' as const,
      says: 'dataset predictions is in EU, the training tables in US: BigQuery runs a job in one location',
      fix: 'point warehouse.datasets.predictions at a dataset in US',
    },
  ])('fails without $missing, saying what and how to fix it', async ({ denied, layout, says, fix }) => {
    const server = await project(denied, layout);
    const error = await ping(server);
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    const { message, hint, transient } = error as WarehouseUnavailableError;
    expect(message).toMatch(/^BigQuery cannot serve the night: /);
    expect(message).toContain(says);
    expect(message).not.toContain('\n');
    expect(hint).toContain(fix);
    expect(transient).toBe(false);
  });

  it("fails a configured location that is not the training dataset's", async () => {
    const server = await project([], 'predictions table');
    const error = await ping(server, { location: 'EU' });
    expect(error).toBeInstanceOf(WarehouseUnavailableError);
    expect((error as WarehouseUnavailableError).message).toContain(
      'warehouse.location is "EU" but dataset cbi-test:training is in US',
    );
  });

  it('cbi doctor prints the failure and its fix on the warehouse line', async () => {
    const server = await project(['bigquery.tables.getData@training'], 'predictions table');
    const { home, dispose } = await tempHome();
    try {
      await writeFile(
        join(home, 'cbi.config.json'),
        JSON.stringify({
          warehouse: {
            kind: 'bigquery',
            projectId: PROJECT,
            emulator: { apiEndpoint: server.apiEndpoint, storageEndpoint: server.storageEndpoint },
          },
        }),
      );
      const result = await runCbi(['doctor', '--home', home]);
      expect(result.stdout).toMatch(
        /^FAIL {2}warehouse: BigQuery project cbi-test: BigQuery cannot serve the night: no bigquery\.tables\.getData on table training\.zl_training_prod_allhistory_1m \(the export reads it\)\n {6}fix: grant the account BigQuery Data Viewer on dataset training/m,
      );
    } finally {
      await dispose();
    }
  });
});
