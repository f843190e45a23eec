import type { Horizon } from '../../domain/horizon.js';
import type { ColumnPlan } from './bigquery-columns.js';

/** Where a table lives. */
export interface TableRef {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId: string;
}

/** `project.dataset.table` quoted for GoogleSQL. */
export function tablePath(table: TableRef): string {
  return `\`${table.projectId}.${table.datasetId}.${table.tableId}\``;
}

/** A quoted GoogleSQL identifier (a column of a user's table may be named anything). */
export function ident(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/** A GoogleSQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The day a date column's value falls on (a TIMESTAMP's in UTC). */
function dayOf(column: string, bigQueryType: string): string {
  return bigQueryType === 'DATE' ? ident(column) : `DATE(${ident(column)})`;
}

/**
 * The predicate a table that requires a partition filter is read with, every partition in it:
 * BigQuery refuses a query of such a table without a filter on its partitioning column that it
 * can prune by, so a constant bound below every value of the column's type. A row whose
 * partitioning column is NULL has no partition of a time and is left out (a training row
 * without a date is of no use to the night). Undefined: the table requires none.
 */
export function partitionFilter(partitioning: {
  readonly required: boolean;
  /** The partitioning column and its BigQuery type; undefined: partitioned by ingestion time. */
  readonly column?: { readonly name: string; readonly type: string } | undefined;
}): string | undefined {
  if (!partitioning.required) return undefined;
  const column = partitioning.column;
  if (column === undefined) return "_PARTITIONTIME >= TIMESTAMP '0001-01-01 00:00:00+00'";
  const lowest: Readonly<Record<string, string>> = {
    DATE: "DATE '0001-01-01'",
    TIMESTAMP: "TIMESTAMP '0001-01-01 00:00:00+00'",
    DATETIME: "DATETIME '0001-01-01 00:00:00'",
    INTEGER: '-9223372036854775808',
    INT64: '-9223372036854775808',
  };
  return `${ident(column.name)} >= ${lowest[column.type.toUpperCase()] ?? lowest['TIMESTAMP'] ?? ''}`;
}

function where(filter: string | undefined, and?: string): string {
  const parts = [filter, and].filter((p) => p !== undefined);
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}

/** The statement an export and a read run: the whole table, ordered by its date column. */
export function wholeTableSql(table: TableRef, dateColumn: string, filter?: string): string {
  return `SELECT * FROM ${tablePath(table)}${where(filter)} ORDER BY ${ident(dateColumn)}`;
}

/** The distinct days of each table's date column (their frequency is read from them), in one job. */
export function tableDatesSql(
  tables: readonly {
    readonly horizon: Horizon;
    readonly table: TableRef;
    readonly dateColumn: string;
    readonly dateType: string;
    readonly partitionFilter?: string | undefined;
  }[],
): string {
  const parts = tables.map(
    ({ horizon, table, dateColumn, dateType, partitionFilter: filter }) =>
      `SELECT ${literal(horizon)} AS horizon, CAST(d AS STRING) AS d FROM (SELECT DISTINCT ${dayOf(dateColumn, dateType)} AS d FROM ${tablePath(table)}${where(filter, `${ident(dateColumn)} IS NOT NULL`)})`,
  );
  return `${parts.join('\nUNION ALL\n')}\nORDER BY horizon, d`;
}

/** The newest day of a table's date column, or NULL for an empty table. */
export function latestDateSql(
  table: TableRef,
  dateColumn: string,
  dateType: string,
  filter?: string,
): string {
  return `SELECT CAST(MAX(${dayOf(dateColumn, dateType)}) AS STRING) AS latest FROM ${tablePath(table)}${where(filter)}`;
}

/**
 * Moves a run's rows from its staging table into the target in one statement: a row whose key
 * matches is replaced (the same forecast made again, by this run or a later one), a new row is
 * inserted, and a row of this run that the run no longer writes is deleted. So writing a run
 * twice, or the same forecast from two runs, never leaves a duplicate.
 */
export function mergeSql(options: {
  readonly target: TableRef;
  readonly staging: TableRef;
  readonly columns: readonly string[];
  readonly key: readonly string[];
  /**
   * The DATE partitioning column of the target and the first and last day the run writes: the
   * MERGE then reads and bills those partitions only. Every row the staging table brings is in
   * that range, so matching is unchanged; a row of the run outside it is not deleted (a run
   * forecasts from one day's data).
   */
  readonly partitions?:
    { readonly column: string; readonly first: string; readonly last: string } | undefined;
}): string {
  const { target, staging, columns, key, partitions } = options;
  const range =
    partitions === undefined
      ? undefined
      : `T.${ident(partitions.column)} BETWEEN DATE ${literal(partitions.first)} AND DATE ${literal(partitions.last)}`;
  const on = [
    ...(range === undefined ? [] : [range]),
    ...key.map((c) => `T.${ident(c)} = S.${ident(c)}`),
  ].join(' AND ');
  const set = columns
    .filter((c) => !key.includes(c))
    .map((c) => `${ident(c)} = S.${ident(c)}`)
    .join(', ');
  return [
    `MERGE INTO ${tablePath(target)} AS T`,
    `USING ${tablePath(staging)} AS S`,
    `ON ${on}`,
    `WHEN MATCHED THEN UPDATE SET ${set}`,
    `WHEN NOT MATCHED BY TARGET THEN INSERT (${columns.map(ident).join(', ')}) VALUES (${columns.map((c) => `S.${ident(c)}`).join(', ')})`,
    `WHEN NOT MATCHED BY SOURCE AND T.run_id = @run_id${range === undefined ? '' : ` AND ${range}`} THEN DELETE`,
  ].join('\n');
}

/** Removes every row a run wrote (a run that writes nothing this time). */
export function deleteRunSql(target: TableRef): string {
  return `DELETE FROM ${tablePath(target)} WHERE run_id = @run_id`;
}

/**
 * `created_at` in time order: a row of the original system may hold text BigQuery cannot read as
 * a time (`TIMESTAMP(created_at)` failed the whole query on it), so such a row sorts as oldest,
 * by its text.
 */
function createdAt(direction: 'ASC' | 'DESC'): string {
  const nulls = direction === 'DESC' ? 'NULLS LAST' : 'NULLS FIRST';
  return `SAFE_CAST(created_at AS TIMESTAMP) ${direction} ${nulls}, created_at ${direction}`;
}

/**
 * The latest view of a horizon: per as_of_date, the newest champion forecast. A row of the
 * original system has no champion flag (NULL): it published what it wrote, so it counts.
 */
export function latestViewSql(predictions: TableRef, horizon: Horizon): string {
  return [
    'SELECT * EXCEPT (newest) FROM (',
    `  SELECT *, ROW_NUMBER() OVER (PARTITION BY as_of_date ORDER BY ${createdAt('DESC')}, run_id DESC) AS newest`,
    `  FROM ${tablePath(predictions)} WHERE horizon = ${literal(horizon)} AND COALESCE(is_champion, TRUE))`,
    'WHERE newest = 1',
  ].join('\n');
}

/** Every stored prediction of a horizon, oldest first. */
export function predictionsSql(predictions: TableRef): string {
  return `SELECT * FROM ${tablePath(predictions)} WHERE horizon = @horizon ORDER BY as_of_date, ${createdAt('ASC')}, model_name`;
}

/** The rows of a latest view. */
export function latestPredictionsSql(view: TableRef): string {
  return `SELECT * FROM ${tablePath(view)} ORDER BY as_of_date`;
}

/** Metric rows, of one run (`@run_id`) or all. */
export function metricsSql(metrics: TableRef, oneRun: boolean): string {
  const where = oneRun ? ' WHERE run_id = @run_id' : '';
  return `SELECT * FROM ${tablePath(metrics)}${where} ORDER BY ${createdAt('ASC')}, horizon, model_name, metric`;
}

/** The columns a plan reads, for messages. */
export function describeColumns(plans: readonly ColumnPlan[]): string {
  return plans.map((p) => `${p.name} ${p.bigQueryType}`).join(', ');
}
