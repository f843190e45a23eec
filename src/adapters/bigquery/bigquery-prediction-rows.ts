import type { Horizon } from '../../domain/horizon.js';
import type { MetricRow, PredictionRow } from '../../domain/data/warehouse-types.js';
import type { JsonRow } from './bigquery-batches.js';
import type { BigQueryField } from './bigquery-columns.js';

/** `predictions.zl_predictions`: the seed's columns, then the champion flag, the skill gate's and the prediction interval. */
export const PREDICTION_FIELDS: readonly BigQueryField[] = [
  { name: 'as_of_date', type: 'DATE', mode: 'REQUIRED' },
  { name: 'horizon', type: 'STRING', mode: 'REQUIRED' },
  { name: 'target_date', type: 'DATE', mode: 'REQUIRED' },
  { name: 'current_price', type: 'FLOAT64', mode: 'REQUIRED' },
  { name: 'predicted_price', type: 'FLOAT64', mode: 'REQUIRED' },
  { name: 'predicted_return', type: 'FLOAT64', mode: 'REQUIRED' },
  { name: 'model_name', type: 'STRING', mode: 'REQUIRED' },
  { name: 'model_version', type: 'STRING', mode: 'REQUIRED' },
  { name: 'surface', type: 'STRING', mode: 'REQUIRED' },
  { name: 'is_champion', type: 'BOOL', mode: 'NULLABLE' },
  { name: 'run_id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'created_at', type: 'STRING', mode: 'REQUIRED' },
  { name: 'has_skill', type: 'BOOL', mode: 'NULLABLE' },
  { name: 'interval_low', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'interval_high', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'interval_level', type: 'FLOAT64', mode: 'NULLABLE' },
];
/** A forecast: the same as-of date, horizon, model, version and surface (the DuckDB adapter's key). */
export const PREDICTION_KEY = ['as_of_date', 'horizon', 'model_name', 'model_version', 'surface'] as const;

/** `predictions.evaluation_metrics`. */
export const METRIC_FIELDS: readonly BigQueryField[] = [
  { name: 'run_id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'horizon', type: 'STRING', mode: 'REQUIRED' },
  { name: 'model_name', type: 'STRING', mode: 'REQUIRED' },
  { name: 'metric', type: 'STRING', mode: 'REQUIRED' },
  { name: 'value', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'created_at', type: 'STRING', mode: 'REQUIRED' },
];
export const METRIC_KEY = ['run_id', 'horizon', 'model_name', 'metric'] as const;

export const PREDICTIONS_TABLE = 'zl_predictions';
export const METRICS_TABLE = 'evaluation_metrics';
export const latestViewName = (horizon: Horizon): string => `vw_zl_${horizon}_latest`;

/** A schema as the client takes it (plain, mutable field objects). */
export function schemaOf(fields: readonly BigQueryField[]): {
  fields: { name: string; type: string; mode?: string }[];
} {
  return {
    fields: fields.map((f) => ({
      name: f.name,
      type: f.type,
      ...(f.mode === undefined ? {} : { mode: f.mode }),
    })),
  };
}

const TYPE_ALIASES: Readonly<Record<string, string>> = {
  FLOAT: 'FLOAT64',
  INTEGER: 'INT64',
  BOOLEAN: 'BOOL',
};
export function sameType(type: string): string {
  const upper = type.toUpperCase();
  return TYPE_ALIASES[upper] ?? upper;
}

export function predictionJson(row: PredictionRow): Record<string, unknown> {
  return {
    as_of_date: row.as_of_date,
    horizon: row.horizon,
    target_date: row.target_date,
    current_price: row.current_price,
    predicted_price: row.predicted_price,
    predicted_return: row.predicted_return,
    model_name: row.model_name,
    model_version: row.model_version,
    surface: row.surface,
    is_champion: row.is_champion,
    run_id: row.run_id,
    created_at: row.created_at,
    has_skill: row.has_skill ?? null,
    interval_low: row.interval_low ?? null,
    interval_high: row.interval_high ?? null,
    interval_level: row.interval_level ?? null,
  };
}

export function metricJson(row: MetricRow): Record<string, unknown> {
  // JSON has no NaN or infinity: a non-finite figure is stored as NULL and read back as NaN
  return { ...row, value: Number.isFinite(row.value) ? row.value : null };
}

/** Rows of a REST page as plain values by field name (DATE stays YYYY-MM-DD text). */
export function decodeRows(
  fields: readonly BigQueryField[],
  rows: readonly JsonRow[],
): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const value = row.f[i]?.v ?? null;
      const type = sameType(field.type);
      out[field.name] =
        value === null
          ? null
          : type === 'FLOAT64' || type === 'INT64' || type === 'NUMERIC'
            ? Number(value)
            : type === 'BOOL'
              ? value === true || value === 'true'
              : value;
    });
    return out;
  });
}
