import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

const TABLE = `${PROJECT}.training.zl_training_prod_allhistory_1m`;

/** CBI-V14's 1m table partitioned by day of `date`, requiring a partition filter, as a project may keep it. */
describe('BigQueryWarehouse: a training table that requires a partition filter', () => {
  let server: BigQueryServer;
  let scratch: string;

  beforeAll(async () => {
    server = await startBigQueryServer({
      projectId: PROJECT,
      tables: cbiTables(['1m']).map((t) => ({ ...t, partitioning: { column: 'date', required: true } })),
    });
    scratch = await mkdtemp(join(tmpdir(), 'cbi-bq-partitions-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('the local server refuses a query of it without a filter on its partitioning column, as BigQuery does', async () => {
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    await expect(
      client.createQueryJob({ query: `SELECT * FROM \`${TABLE}\` ORDER BY date` }),
    ).rejects.toMatchObject({
      message: `Cannot query over table '${TABLE}' without a filter over column(s) 'date' that can be used for partition elimination`,
    });
    const [job] = await client.createQueryJob({
      query: `SELECT COUNT(*) AS n FROM \`${TABLE}\` WHERE date >= DATE '2025-01-01'`,
    });
    const [rows] = await job.getQueryResults();
    expect(rows).toHaveLength(1);
  });

  it('lists, dates, reads and exports it whole, every query carrying a filter that keeps every partition', async () => {
    const facts = await CbiTableBuilder.of('1m').facts();
    const warehouse = await BigQueryWarehouse.open(localSettings(server), {
      logger: new FakeLogger(),
      clock: new SystemClock(),
    });
    try {
      expect((await warehouse.trainingTables()).map((t) => [t.horizon, t.frequency])).toEqual([
        ['1m', 'daily'],
      ]);
      expect(await warehouse.latestDataDate('1m')).toBe(facts.lastDate);
      expect((await warehouse.readTrainingTable('1m')).numRows).toBe(facts.rows);
      const summary = await warehouse.exportTrainingTable('1m', {
        key: 'k',
        localPath: join(scratch, '1m.parquet'),
        commit: async () => undefined,
        discard: async () => undefined,
      });
      expect(summary).toMatchObject({
        rows: facts.rows,
        firstDate: facts.firstDate,
        lastDate: facts.lastDate,
      });
      expect(summary.query).toBe(
        `SELECT * FROM \`${TABLE}\` WHERE \`date\` >= DATE '0001-01-01' ORDER BY \`date\``,
      );
      await warehouse.ping();
    } finally {
      await warehouse.close();
    }
  });
});
