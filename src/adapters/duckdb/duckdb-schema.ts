import { HORIZONS } from '../../domain/horizon.js';
import { latestPredictionsView } from '../../domain/data/warehouse-types.js';

export const SERIES_TABLE = 'raw.series';
export const INGEST_LOG_TABLE = 'raw._ingest_log';
export const TABLES_TABLE = 'training._tables';
export const PREDICTIONS_TABLE = 'predictions.zl_predictions';
export const METRICS_TABLE = 'predictions.evaluation_metrics';

/** The layout of the embedded warehouse, created when missing (idempotent). */
export function schemaStatements(): readonly string[] {
  return [
    'CREATE SCHEMA IF NOT EXISTS raw',
    'CREATE SCHEMA IF NOT EXISTS training',
    'CREATE SCHEMA IF NOT EXISTS predictions',
    `CREATE TABLE IF NOT EXISTS ${SERIES_TABLE} (series_id VARCHAR NOT NULL, date DATE NOT NULL, value DOUBLE, PRIMARY KEY (series_id, date))`,
    `CREATE TABLE IF NOT EXISTS ${INGEST_LOG_TABLE} (
      series_id VARCHAR PRIMARY KEY, source VARCHAR NOT NULL, rows INTEGER NOT NULL, non_empty INTEGER NOT NULL,
      first_date DATE, last_date DATE, file_hash VARCHAR NOT NULL, frequency VARCHAR NOT NULL, ingested_at VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${TABLES_TABLE} (horizon VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, frequency VARCHAR NOT NULL, periods INTEGER NOT NULL)`,
    // added with the user's own tables, whose date column may be named otherwise
    `ALTER TABLE ${TABLES_TABLE} ADD COLUMN IF NOT EXISTS date_column VARCHAR DEFAULT 'date'`,
    `CREATE TABLE IF NOT EXISTS ${PREDICTIONS_TABLE} (
      as_of_date DATE NOT NULL, horizon VARCHAR NOT NULL, target_date DATE NOT NULL, current_price DOUBLE NOT NULL,
      predicted_price DOUBLE NOT NULL, predicted_return DOUBLE NOT NULL, model_name VARCHAR NOT NULL,
      model_version VARCHAR NOT NULL, surface VARCHAR NOT NULL, is_champion BOOLEAN NOT NULL, run_id VARCHAR NOT NULL,
      created_at VARCHAR NOT NULL)`,
    // added with the skill gate: whether the forecast's model beats the naive forecast
    `ALTER TABLE ${PREDICTIONS_TABLE} ADD COLUMN IF NOT EXISTS has_skill BOOLEAN`,
    // added with prediction intervals: the band and its nominal level
    `ALTER TABLE ${PREDICTIONS_TABLE} ADD COLUMN IF NOT EXISTS interval_low DOUBLE`,
    `ALTER TABLE ${PREDICTIONS_TABLE} ADD COLUMN IF NOT EXISTS interval_high DOUBLE`,
    `ALTER TABLE ${PREDICTIONS_TABLE} ADD COLUMN IF NOT EXISTS interval_level DOUBLE`,
    `CREATE TABLE IF NOT EXISTS ${METRICS_TABLE} (
      run_id VARCHAR NOT NULL, horizon VARCHAR NOT NULL, model_name VARCHAR NOT NULL, metric VARCHAR NOT NULL,
      value DOUBLE, created_at VARCHAR NOT NULL)`,
    // one view per horizon: the newest champion forecast of each as_of_date
    ...HORIZONS.map(
      (h) => `CREATE OR REPLACE VIEW ${latestPredictionsView(h)} AS
        SELECT * EXCLUDE (newest) FROM (
          SELECT *, row_number() OVER (PARTITION BY as_of_date ORDER BY CAST(created_at AS TIMESTAMPTZ) DESC, run_id DESC) AS newest
          FROM ${PREDICTIONS_TABLE} WHERE horizon = '${h}' AND is_champion)
        WHERE newest = 1`,
    ),
  ];
}

/** A SQL string literal. */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
