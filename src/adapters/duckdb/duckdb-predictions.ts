import { DuckDBDateValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { WarehouseQueryError } from '../../domain/errors.js';
import type { Horizon } from '../../domain/horizon.js';
import type { MetricRow, PredictionRow } from '../../domain/data/warehouse-types.js';
import { isoToDays } from '../shared/arrow-columns.js';
import { metricFromRow, predictionFromRow } from '../../domain/data/warehouse-rows.js';
import { METRICS_TABLE, PREDICTIONS_TABLE, sqlString } from './duckdb-schema.js';

/** Runs its work inside one transaction of the warehouse's connection. */
export type InTransaction = (work: () => Promise<void>) => Promise<void>;

/**
 * Replaces a run's prediction rows and any earlier row of the same forecast. A forecast is
 * (as_of_date, horizon, model, version, surface): a later run that makes the same forecast
 * again (a catch-up reusing tonight's models) replaces it instead of adding it.
 */
export async function replacePredictions(
  connection: DuckDBConnection,
  inTransaction: InTransaction,
  runId: string,
  rows: readonly PredictionRow[],
): Promise<void> {
  const sameForecast =
    rows.length === 0
      ? undefined
      : `(CAST(as_of_date AS VARCHAR), horizon, model_name, model_version, surface) IN (${rows
          .map(
            (r) =>
              `(${[r.as_of_date, r.horizon, r.model_name, r.model_version, r.surface].map(sqlString).join(', ')})`,
          )
          .join(', ')})`;
  await replaceRun(
    connection,
    inTransaction,
    PREDICTIONS_TABLE,
    runId,
    rows,
    sameForecast,
    (appender, row) => {
      appender.appendDate(new DuckDBDateValue(isoToDays(row.as_of_date)));
      appender.appendVarchar(row.horizon);
      appender.appendDate(new DuckDBDateValue(isoToDays(row.target_date)));
      appender.appendDouble(row.current_price);
      appender.appendDouble(row.predicted_price);
      appender.appendDouble(row.predicted_return);
      appender.appendVarchar(row.model_name);
      appender.appendVarchar(row.model_version);
      appender.appendVarchar(row.surface);
      appender.appendBoolean(row.is_champion);
      appender.appendVarchar(row.run_id);
      appender.appendVarchar(row.created_at);
      if (row.has_skill === undefined) appender.appendNull();
      else appender.appendBoolean(row.has_skill);
      for (const value of [row.interval_low, row.interval_high, row.interval_level]) {
        if (value === undefined) appender.appendNull();
        else appender.appendDouble(value);
      }
    },
  );
}

/** Replaces a run's metric rows. */
export async function replaceMetrics(
  connection: DuckDBConnection,
  inTransaction: InTransaction,
  runId: string,
  rows: readonly MetricRow[],
): Promise<void> {
  await replaceRun(connection, inTransaction, METRICS_TABLE, runId, rows, undefined, (appender, row) => {
    appender.appendVarchar(row.run_id);
    appender.appendVarchar(row.horizon);
    appender.appendVarchar(row.model_name);
    appender.appendVarchar(row.metric);
    appender.appendDouble(row.value);
    appender.appendVarchar(row.created_at);
  });
}

/** Every prediction of a horizon, oldest first. */
export function readPredictions(
  connection: DuckDBConnection,
  horizon: Horizon,
): Promise<readonly PredictionRow[]> {
  return readPredictionRows(
    connection,
    `${PREDICTIONS_TABLE} WHERE horizon = ${sqlString(horizon)}`,
    'as_of_date, CAST(created_at AS TIMESTAMPTZ), model_name',
  );
}

/** The rows of the horizon's latest view: the champion's newest forecast per date. */
export function readLatestPredictions(
  connection: DuckDBConnection,
  horizon: Horizon,
): Promise<readonly PredictionRow[]> {
  return readPredictionRows(connection, `predictions.vw_zl_${horizon}_latest`, 'as_of_date');
}

/** Metric rows, of one run or all. */
export async function readMetrics(
  connection: DuckDBConnection,
  runId?: string,
): Promise<readonly MetricRow[]> {
  const where = runId === undefined ? '' : ` WHERE run_id = ${sqlString(runId)}`;
  const reader = await connection.runAndReadAll(
    `SELECT * FROM ${METRICS_TABLE}${where} ORDER BY CAST(created_at AS TIMESTAMPTZ), horizon, model_name, metric`,
  );
  return reader.getRowObjectsJS().map(metricFromRow);
}

async function readPredictionRows(
  connection: DuckDBConnection,
  from: string,
  orderBy: string,
): Promise<readonly PredictionRow[]> {
  const reader = await connection.runAndReadAll(
    `SELECT * REPLACE (CAST(as_of_date AS VARCHAR) AS as_of_date, CAST(target_date AS VARCHAR) AS target_date) FROM ${from} ORDER BY ${orderBy}`,
  );
  return reader.getRowObjectsJS().map(predictionFromRow);
}

async function replaceRun<R extends { readonly run_id: string }>(
  connection: DuckDBConnection,
  inTransaction: InTransaction,
  table: string,
  runId: string,
  rows: readonly R[],
  alsoReplace: string | undefined,
  append: (appender: DuckDBAppender, row: R) => void,
): Promise<void> {
  const stranger = rows.find((row) => row.run_id !== runId);
  if (stranger) throw new WarehouseQueryError(`row of run ${stranger.run_id} written under run ${runId}`);
  const [schema, name] = table.split('.');
  await inTransaction(async () => {
    const replaced = alsoReplace === undefined ? '' : ` OR ${alsoReplace}`;
    await connection.run(`DELETE FROM ${table} WHERE run_id = ${sqlString(runId)}${replaced}`);
    const appender = await connection.createAppender(name ?? table, schema ?? null);
    for (const row of rows) {
      append(appender, row);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
  });
}
