import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { readAuditedTable } from '../../src/app/night/table/audit-horizon.js';
import { DEFAULT_QUALITY_SETTINGS } from '../../src/domain/data/quality-settings.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';

/**
 * A user's table dated by timestamps (the broad dollar index, DTWEXBGS, stamped 17:00 UTC: the
 * Fed's noon rates in New York), loaded into the embedded warehouse as it is: the times of day
 * reach the audit, which reports them (the warehouse used to read every timestamp as its day).
 */
describe('a table dated by timestamps, through the embedded warehouse', () => {
  let dir: string;
  let warehouse: DuckDbWarehouse;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-intraday-'));
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const csv = join(FRED_DIR, 'DTWEXBGS.csv').replaceAll("'", "''");
    const out = join(dir, 'zl_training_prod_allhistory_1w.parquet').replaceAll("'", "''");
    await connection.run(
      `COPY (SELECT CAST(observation_date AS TIMESTAMP) + INTERVAL 17 HOUR AS date, DTWEXBGS AS zl_price,
         lead(DTWEXBGS, 5) OVER (ORDER BY observation_date) AS target_1w
       FROM read_csv('${csv}') WHERE DTWEXBGS IS NOT NULL) TO '${out}' (FORMAT parquet)`,
    );
    connection.closeSync();
    warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
  });
  afterAll(async () => {
    warehouse.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the times of day and dates each row by its day', async () => {
    const [info] = await warehouse.loadTrainingTables(
      [
        {
          horizon: '1w',
          name: 'zl_training_prod_allhistory_1w.parquet',
          path: join(dir, 'zl_training_prod_allhistory_1w.parquet'),
          fileHash: 'unused',
          bytes: 0,
        },
      ],
      { roles: DEFAULT_ROLE_SETTINGS },
    );
    if (info === undefined) throw new Error('no table loaded');
    const audited = await readAuditedTable(
      warehouse,
      info,
      { quality: DEFAULT_QUALITY_SETTINGS, roles: DEFAULT_ROLE_SETTINGS },
      new Date('2025-12-29T12:00:00Z'),
    );
    expect(info.frequency).toBe('daily');
    expect(audited.audit.dates[0]).toBe('2006-01-02');
    const found = audited.audit.report.findings.filter((f) => f.rule === 'intraday');
    expect(found.map((f) => f.message)).toEqual([
      `intraday: date holds times of day on ${audited.audit.dates.length} rows (e.g. 2006-01-02T17:00:00.000Z): each row is dated by its UTC day, so a time near midnight can land on the next or previous day, and several times a day are duplicate dates (give one row per day, dated in the market's time zone)`,
    ]);
  });
});
