import { WarehouseQueryError } from '../errors.js';
import { isHorizon, type Horizon } from '../horizon.js';
import type { MetricRow, PredictionRow } from './warehouse-types.js';

// What a row read back from a warehouse must hold to be a forecast or a metric: the same decision
// for every warehouse, whatever its driver hands back (DuckDB's bigints, BigQuery's nulls).

/** One row as a warehouse driver returns it, by column name. */
export type WarehouseRow = Readonly<Record<string, unknown>>;

/** The text in `key`; throws WarehouseQueryError for anything else. */
export function textIn(row: WarehouseRow, key: string): string {
  const value = row[key];
  if (typeof value !== 'string')
    throw new WarehouseQueryError(`column ${key} holds ${typeof value}, expected text`);
  return value;
}

/** The text in `key`, or null for SQL NULL. */
export function optionalTextIn(row: WarehouseRow, key: string): string | null {
  return row[key] === null || row[key] === undefined ? null : textIn(row, key);
}

/** The number in `key` (a bigint converted, SQL NULL as NaN); throws WarehouseQueryError for anything else. */
export function numberIn(row: WarehouseRow, key: string): number {
  const value = row[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null) return Number.NaN;
  throw new WarehouseQueryError(`column ${key} holds ${typeof value}, expected a number`);
}

function horizonIn(row: WarehouseRow): Horizon {
  const value = textIn(row, 'horizon');
  if (!isHorizon(value)) throw new WarehouseQueryError(`unknown horizon "${value}" in the warehouse`);
  return value;
}

/** A row of the predictions table; `has_skill` only when the row has it (rows before the skill gate do not). */
export function predictionFromRow(row: WarehouseRow): PredictionRow {
  const skill = row['has_skill'];
  return {
    as_of_date: textIn(row, 'as_of_date'),
    horizon: horizonIn(row),
    target_date: textIn(row, 'target_date'),
    current_price: numberIn(row, 'current_price'),
    predicted_price: numberIn(row, 'predicted_price'),
    predicted_return: numberIn(row, 'predicted_return'),
    model_name: textIn(row, 'model_name'),
    model_version: textIn(row, 'model_version'),
    surface: textIn(row, 'surface'),
    is_champion: row['is_champion'] === true,
    run_id: textIn(row, 'run_id'),
    created_at: textIn(row, 'created_at'),
    ...(typeof skill === 'boolean' ? { has_skill: skill } : {}),
    ...intervalIn(row),
  };
}

/** The prediction interval's columns, when the row has all three (rows before intervals have none). */
function intervalIn(row: WarehouseRow): Pick<PredictionRow, 'interval_low' | 'interval_high' | 'interval_level'> {
  const low = row['interval_low'];
  const high = row['interval_high'];
  const level = row['interval_level'];
  return typeof low === 'number' && typeof high === 'number' && typeof level === 'number'
    ? { interval_low: low, interval_high: high, interval_level: level }
    : {};
}

/** A row of the metrics table. */
export function metricFromRow(row: WarehouseRow): MetricRow {
  return {
    run_id: textIn(row, 'run_id'),
    horizon: horizonIn(row),
    model_name: textIn(row, 'model_name'),
    metric: textIn(row, 'metric'),
    value: numberIn(row, 'value'),
    created_at: textIn(row, 'created_at'),
  };
}
