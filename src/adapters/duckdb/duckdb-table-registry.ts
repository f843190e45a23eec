import type { DuckDBConnection } from '@duckdb/node-api';
import { HORIZONS, isHorizon } from '../../domain/horizon.js';
import type { ExportSummary, TrainingTableInfo } from '../../domain/data/warehouse-types.js';
import { describeTable } from './duckdb-columns.js';
import { TABLES_TABLE, sqlIdent } from './duckdb-schema.js';

/** The training tables `training._tables` lists, shortest horizon first. */
export async function readTableInfos(connection: DuckDBConnection): Promise<readonly TrainingTableInfo[]> {
  const reader = await connection.runAndReadAll(
    `SELECT horizon, table_name, frequency, periods, date_column FROM ${TABLES_TABLE}`,
  );
  const infos = reader.getRowObjectsJS().flatMap((row): TrainingTableInfo[] => {
    const horizon = String(row['horizon']);
    const frequency = String(row['frequency']);
    if (!isHorizon(horizon) || (frequency !== 'daily' && frequency !== 'monthly')) return [];
    return [
      {
        horizon,
        table: String(row['table_name']),
        frequency,
        periods: Number(row['periods']),
        dateColumn: String(row['date_column'] ?? 'date'),
      },
    ];
  });
  return infos.sort((a, b) => HORIZONS.indexOf(a.horizon) - HORIZONS.indexOf(b.horizon));
}

/** A table's rows, columns and date range, as an export manifest records them. */
export async function tableShape(
  connection: DuckDBConnection,
  table: string,
  dateColumn: string,
): Promise<Pick<ExportSummary, 'rows' | 'columns' | 'firstDate' | 'lastDate'>> {
  const date = sqlIdent(dateColumn);
  const reader = await connection.runAndReadAll(
    `SELECT CAST(count(*) AS INTEGER) AS n, CAST(CAST(min(${date}) AS DATE) AS VARCHAR) AS first, CAST(CAST(max(${date}) AS DATE) AS VARCHAR) AS last FROM ${table}`,
  );
  const [rows, first, last] = reader.getColumnsJS().map((c) => c[0]);
  return {
    rows: Number(rows ?? 0),
    columns: await describeTable(connection, table),
    firstDate: typeof first === 'string' ? first : null,
    lastDate: typeof last === 'string' ? last : null,
  };
}
