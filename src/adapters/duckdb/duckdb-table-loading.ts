import type { DuckDBConnection } from '@duckdb/node-api';
import { SourceInvalidError } from '../../domain/errors.js';
import { HORIZONS, horizonPeriods, type Frequency } from '../../domain/horizon.js';
import { inferFrequency } from '../../domain/data/series.js';
import type { TableFile } from '../../domain/data/table-file.js';
import { discoverRoles, type RoleSettings } from '../../domain/data/table-roles.js';
import { trainingTableName, type TrainingTableInfo } from '../../domain/data/warehouse-types.js';
import { columnKind, describeTable } from './duckdb-columns.js';
import { TABLES_TABLE, sqlIdent, sqlString } from './duckdb-schema.js';

/**
 * Makes each file the horizon's training table as it is (the caller holds the transaction):
 * every column kept, rows ordered by the date column the roles find. The frequency is read from
 * the dates (daily for a table with a row per trading day). A horizon with no file loses its
 * table, so the warehouse holds what the folder holds.
 */
export async function loadTables(
  connection: DuckDBConnection,
  files: readonly TableFile[],
  roles: RoleSettings,
): Promise<readonly TrainingTableInfo[]> {
  const loaded: TrainingTableInfo[] = [];
  for (const file of files) {
    const source = `read_parquet(${sqlString(file.path)})`;
    let described;
    try {
      described = await describeTable(connection, `SELECT * FROM ${source}`);
    } catch (cause) {
      throw new SourceInvalidError(`${file.name} cannot be read as a Parquet table`, {
        cause,
        hint: 'replace it with a Parquet export of the training table',
      });
    }
    const schema = described.map((c) => ({ name: c.name, type: c.type, kind: columnKind(c.type) }));
    const dateColumn = discoverRoles(schema, file.horizon, roles).dateColumn;
    if (dateColumn === null) {
      throw new SourceInvalidError(
        `${file.name} has no date column (${schema
          .map((c) => `${c.name} ${c.type}`)
          .slice(0, 6)
          .join(', ')}, ...)`,
        { hint: 'set source.columns.date to the column that dates its rows' },
      );
    }
    const table = trainingTableName(file.horizon);
    await connection.run(
      `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM ${source} ORDER BY ${sqlIdent(dateColumn)}`,
    );
    const frequency = await frequencyOf(connection, table, dateColumn);
    // a horizon the table's frequency cannot express (1w in a monthly table) keeps its table
    // but is reported as unsupported by the stages, like the embedded build's
    const periods = horizonPeriods(file.horizon, frequency) ?? 0;
    loaded.push({ horizon: file.horizon, table, frequency, periods, dateColumn });
  }
  for (const horizon of HORIZONS.filter((h) => !files.some((f) => f.horizon === h))) {
    await connection.run(`DROP TABLE IF EXISTS ${trainingTableName(horizon)}`);
  }
  await connection.run(`DELETE FROM ${TABLES_TABLE}`);
  for (const info of loaded) {
    await connection.run(
      `INSERT INTO ${TABLES_TABLE} (horizon, table_name, frequency, periods, date_column) VALUES (${sqlString(info.horizon)}, ${sqlString(info.table)}, ${sqlString(info.frequency)}, ${info.periods}, ${sqlString(info.dateColumn)})`,
    );
  }
  return loaded;
}

async function frequencyOf(
  connection: DuckDBConnection,
  table: string,
  dateColumn: string,
): Promise<Frequency> {
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT CAST(CAST(${sqlIdent(dateColumn)} AS DATE) AS VARCHAR) AS d FROM ${table} WHERE ${sqlIdent(dateColumn)} IS NOT NULL ORDER BY d`,
  );
  const dates = (reader.getColumnsJS()[0] ?? []).flatMap((d) => (typeof d === 'string' ? [d] : []));
  return inferFrequency(dates);
}
