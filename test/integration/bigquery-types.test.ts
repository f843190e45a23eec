import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

/**
 * NUMERIC and TIME columns, which BigQuery's Storage Read API sends as decimal128(38, 9) and
 * time64[us] and its REST pages as text: CBI-V14's 1m price as NUMERIC, and a CBOT close time
 * (13:20, and 13:20:00.25 on odd days, so a fraction is read too).
 */
describe('BigQueryWarehouse: NUMERIC and TIME by either read path', () => {
  let server: BigQueryServer;
  let scratch: string;

  beforeAll(async () => {
    server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['1m']) });
    await server.createTableAs(
      { datasetId: 'training', tableId: 'zl_types_1m' },
      `SELECT date, zl_price_current, CAST(zl_price_current AS DECIMAL(38, 9)) AS zl_price_numeric,
         CASE WHEN day(date) % 2 = 0 THEN TIME '13:20:00' ELSE TIME '13:20:00.25' END AS cbot_close
       FROM "training"."zl_training_prod_allhistory_1m"`,
    );
    scratch = await mkdtemp(join(tmpdir(), 'cbi-bq-types-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  async function exported(readApi: 'storage' | 'rest'): Promise<Record<string, unknown>[]> {
    const warehouse = await BigQueryWarehouse.open(
      localSettings(server, { tableTemplate: 'zl_types_{h}', readApi }),
      { logger: new FakeLogger(), clock: new SystemClock() },
    );
    const path = join(scratch, `${readApi}.parquet`);
    try {
      await warehouse.exportTrainingTable('1m', {
        key: readApi,
        localPath: path,
        commit: async () => undefined,
        discard: async () => undefined,
      });
    } finally {
      await warehouse.close();
    }
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT zl_price_current, zl_price_numeric, cbot_close FROM read_parquet('${path}') ORDER BY date`,
      );
      return reader.getRowObjectsJS();
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it('exports the same values through the Storage Read API as through REST pages', async () => {
    const storage = await exported('storage');
    const rest = await exported('rest');
    expect(server.requests.some((r) => r.api === 'storage.ReadRows')).toBe(true);
    expect(storage).toHaveLength(1404);
    expect(storage).toEqual(rest);
    // TIME as the text REST gives, not Arrow's microseconds
    expect(new Set(storage.map((r) => r['cbot_close']))).toEqual(new Set(['13:20:00', '13:20:00.250000']));
    // NUMERIC as the price it holds, decoded from the decimal's unscaled 128-bit value
    for (const row of storage)
      expect(row['zl_price_numeric']).toBeCloseTo(Number(row['zl_price_current']), 9);
  });
});
