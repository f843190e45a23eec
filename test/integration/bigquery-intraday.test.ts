import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { readAuditedTable } from '../../src/app/night/table/audit-horizon.js';
import { DEFAULT_QUALITY_SETTINGS } from '../../src/domain/data/quality-settings.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

/**
 * CBI-V14's 1m table dated by timestamps, as a user's BigQuery table may be: a TIMESTAMP at
 * 17:00 UTC (DuckDB's TIMESTAMPTZ, which the local server reports as TIMESTAMP), a DATETIME at
 * 13:20 (CBOT's close, wall time; DuckDB's TIMESTAMP), and a TIMESTAMP at midnight UTC (a day
 * stored as a timestamp, which carries no time of day). The times of day reach the audit by
 * either read path, as they do through the embedded warehouse (the adapter used to hand every
 * timestamp over as its day, so the audit never saw them).
 */
describe('BigQueryWarehouse: a table dated by timestamps', () => {
  let server: BigQueryServer;

  beforeAll(async () => {
    server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['1m']) });
    const source = '"training"."zl_training_prod_allhistory_1m"';
    await server.createTableAs(
      { datasetId: 'training', tableId: 'zl_timestamp_1m' },
      `SELECT * REPLACE (to_timestamp(epoch(date) + 17 * 3600) AS date) FROM ${source}`,
    );
    await server.createTableAs(
      { datasetId: 'training', tableId: 'zl_datetime_1m' },
      `SELECT * REPLACE (CAST(date AS TIMESTAMP) + INTERVAL 13 HOUR + INTERVAL 20 MINUTE AS date) FROM ${source}`,
    );
    await server.createTableAs(
      { datasetId: 'training', tableId: 'zl_midnight_1m' },
      `SELECT * REPLACE (to_timestamp(epoch(date)) AS date) FROM ${source}`,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  async function audited(template: string, readApi: 'storage' | 'rest') {
    const warehouse = await BigQueryWarehouse.open(
      localSettings(server, { tableTemplate: template, readApi }),
      {
        logger: new FakeLogger(),
        clock: new SystemClock(),
      },
    );
    try {
      const [info] = await warehouse.trainingTables();
      if (info === undefined) throw new Error(`no table under ${template}`);
      return await readAuditedTable(
        warehouse,
        info,
        { quality: DEFAULT_QUALITY_SETTINGS, roles: DEFAULT_ROLE_SETTINGS },
        new Date('2025-12-29T12:00:00Z'),
      );
    } finally {
      await warehouse.close();
    }
  }

  const cases = [
    { template: 'zl_timestamp_{h}', readApi: 'storage', example: 'T17:00:00.000Z' },
    { template: 'zl_timestamp_{h}', readApi: 'rest', example: 'T17:00:00.000Z' },
    { template: 'zl_datetime_{h}', readApi: 'storage', example: 'T13:20:00.000Z' },
    { template: 'zl_datetime_{h}', readApi: 'rest', example: 'T13:20:00.000Z' },
  ] as const;

  it.each(cases)(
    '$template read by $readApi: the times of day are reported, each row dated by its day',
    async (c) => {
      const table = await audited(c.template, c.readApi);
      const { dates } = table.audit;
      expect(table.info.frequency).toBe('daily');
      expect(dates).toHaveLength(1404);
      expect(dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))).toBe(true);
      const found = table.audit.report.findings.filter((f) => f.rule === 'intraday');
      expect(found.map((f) => f.message)).toEqual([
        `intraday: date holds times of day on 1404 rows (e.g. ${dates[0] ?? ''}${c.example}): each row is dated by its UTC day, so a time near midnight can land on the next or previous day, and several times a day are duplicate dates (give one row per day, dated in the market's time zone)`,
      ]);
      expect(found[0]?.severity).toBe('warning');
    },
  );

  it('a TIMESTAMP at midnight UTC carries no time of day: no finding, the same days', async () => {
    const midnight = await audited('zl_midnight_{h}', 'storage');
    const timed = await audited('zl_timestamp_{h}', 'storage');
    expect(midnight.audit.report.findings.filter((f) => f.rule === 'intraday')).toEqual([]);
    expect(midnight.audit.dates).toEqual(timed.audit.dates);
  });
});
