import { DuckDBDateValue, type DuckDBConnection } from '@duckdb/node-api';
import { WarehouseQueryError } from '../../domain/errors.js';
import { HORIZONS, horizonPeriods, type Frequency } from '../../domain/horizon.js';
import {
  ingestRecordOf,
  type IngestOutcome,
  type IngestRecord,
  type Series,
} from '../../domain/data/series.js';
import { DATE_COLUMN, trainingFeatures, type TrainingSpec } from '../../domain/data/training-features.js';
import { trainingTableName, type TrainingTableInfo } from '../../domain/data/warehouse-types.js';
import { isoToDays } from '../shared/arrow-columns.js';
import { INGEST_LOG_TABLE, SERIES_TABLE, TABLES_TABLE, sqlString } from './duckdb-schema.js';
import { ingestRecordFromRow } from './duckdb-rows.js';
import { baseTableSql } from './training-table-sql.js';
import { dailyBaseTableSql } from './training-table-daily-sql.js';
import { BASE_TABLE, horizonTableSql } from './training-features-sql.js';

/** The ingest record of every series held, by series id. */
export async function readIngestLog(connection: DuckDBConnection): Promise<readonly IngestRecord[]> {
  const reader = await connection.runAndReadAll(
    `SELECT * REPLACE (CAST(first_date AS VARCHAR) AS first_date, CAST(last_date AS VARCHAR) AS last_date) FROM ${INGEST_LOG_TABLE} ORDER BY series_id`,
  );
  return reader.getRowObjectsJS().map(ingestRecordFromRow);
}

/** Stores the series whose file hash is new (the caller holds the transaction). */
export async function ingest(
  connection: DuckDBConnection,
  series: readonly Series[],
  now: Date,
): Promise<readonly IngestOutcome[]> {
  const known = new Map((await readIngestLog(connection)).map((r) => [r.seriesId, r]));
  const outcomes: IngestOutcome[] = [];
  for (const one of series) {
    const previous = known.get(one.id);
    if (previous !== undefined && previous.fileHash === one.fileHash) {
      outcomes.push({ record: previous, changed: false });
      continue;
    }
    const record = ingestRecordOf(one, now);
    await connection.run(`DELETE FROM ${SERIES_TABLE} WHERE series_id = ${sqlString(one.id)}`);
    const appender = await connection.createAppender('series', 'raw');
    one.dates.forEach((date, i) => {
      appender.appendVarchar(one.id);
      appender.appendDate(new DuckDBDateValue(isoToDays(date)));
      const value = one.values[i];
      if (value === null || value === undefined) appender.appendNull();
      else appender.appendDouble(value);
      appender.endRow();
    });
    appender.flushSync();
    appender.closeSync();
    await connection.run(`DELETE FROM ${INGEST_LOG_TABLE} WHERE series_id = ${sqlString(one.id)}`);
    await connection.run(
      `INSERT INTO ${INGEST_LOG_TABLE} VALUES (${sqlString(record.seriesId)}, ${sqlString(record.source)}, ${record.rows}, ${record.nonEmpty},
       ${dateLiteral(record.firstDate)}, ${dateLiteral(record.lastDate)}, ${sqlString(record.fileHash)}, ${sqlString(record.frequency)}, ${sqlString(record.ingestedAt)})`,
    );
    outcomes.push({ record, changed: true });
  }
  return outcomes;
}

/** Rebuilds every horizon's training table supported at the target's frequency (the caller holds the transaction). */
export async function buildTables(
  connection: DuckDBConnection,
  spec: TrainingSpec,
): Promise<readonly TrainingTableInfo[]> {
  const log = new Map((await readIngestLog(connection)).map((r) => [r.seriesId, r]));
  const missing = [spec.target, ...spec.drivers].filter((id) => !log.has(id));
  if (missing.length > 0) {
    throw new WarehouseQueryError(`series never ingested: ${missing.join(', ')}`, {
      hint: 'run the export stage with the source configured',
    });
  }
  const frequencies: Record<string, Frequency> = {};
  for (const [id, record] of log) frequencies[id] = record.frequency;
  // the target's frequency is the tables': monthly rows are calendar months, daily rows trading days
  const frequency = frequencies[spec.target] ?? 'monthly';
  const features = trainingFeatures(spec, frequencies, frequency);
  const supported = HORIZONS.flatMap((horizon) => {
    const periods = horizonPeriods(horizon, frequency);
    return periods === undefined
      ? []
      : [{ horizon, table: trainingTableName(horizon), frequency, periods, dateColumn: DATE_COLUMN }];
  });
  const other = spec.drivers.filter((id) => frequencies[id] !== frequency);
  const leads = supported.map((s) => s.periods);
  // One thread for the build: parallel aggregation sums doubles in a varying order, so the
  // monthly means of daily series differed in the last bit from build to build, and with them
  // the export hash and the trained models. The build takes well under a second either way.
  const threads = (
    await connection.runAndReadAll(`SELECT current_setting('threads') AS t`)
  ).getRowObjectsJS()[0]?.['t'];
  await connection.run('SET threads = 1');
  try {
    await connection.run(
      frequency === 'monthly'
        ? baseTableSql(spec, features, other, leads)
        : dailyBaseTableSql(spec, features, other, leads),
    );
  } finally {
    await connection.run(`SET threads = ${Number(threads) > 0 ? Number(threads) : 1}`);
  }
  for (const info of supported)
    await connection.run(horizonTableSql(info.table, info.horizon, info.periods, features));
  for (const horizon of HORIZONS.filter((h) => !supported.some((s) => s.horizon === h))) {
    await connection.run(`DROP TABLE IF EXISTS ${trainingTableName(horizon)}`);
  }
  await connection.run(`DROP TABLE ${BASE_TABLE}`);
  await connection.run(`DELETE FROM ${TABLES_TABLE}`);
  for (const info of supported) {
    await connection.run(
      `INSERT INTO ${TABLES_TABLE} (horizon, table_name, frequency, periods, date_column) VALUES (${sqlString(info.horizon)}, ${sqlString(info.table)}, ${sqlString(info.frequency)}, ${info.periods}, ${sqlString(DATE_COLUMN)})`,
    );
  }
  return supported;
}

function dateLiteral(date: string | null): string {
  return date === null ? 'NULL' : `DATE ${sqlString(date)}`;
}
