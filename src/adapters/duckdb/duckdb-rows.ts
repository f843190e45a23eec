import { WarehouseQueryError } from '../../domain/errors.js';
import { isHorizon, type Horizon } from '../../domain/horizon.js';
import type { IngestRecord } from '../../domain/data/series.js';
import type { MetricRow, PredictionRow } from '../../domain/data/warehouse-types.js';

type Row = Readonly<Record<string, unknown>>;

function text(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== 'string')
    throw new WarehouseQueryError(`column ${key} holds ${typeof value}, expected text`);
  return value;
}

function optionalText(row: Row, key: string): string | null {
  return row[key] === null || row[key] === undefined ? null : text(row, key);
}

function number(row: Row, key: string): number {
  const value = row[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new WarehouseQueryError(`column ${key} holds ${typeof value}, expected a number`);
}

function horizon(row: Row): Horizon {
  const value = text(row, 'horizon');
  if (!isHorizon(value)) throw new WarehouseQueryError(`unknown horizon "${value}" in the warehouse`);
  return value;
}

export function predictionFromRow(row: Row): PredictionRow {
  return {
    as_of_date: text(row, 'as_of_date'),
    horizon: horizon(row),
    target_date: text(row, 'target_date'),
    current_price: number(row, 'current_price'),
    predicted_price: number(row, 'predicted_price'),
    predicted_return: number(row, 'predicted_return'),
    model_name: text(row, 'model_name'),
    model_version: text(row, 'model_version'),
    surface: text(row, 'surface'),
    is_champion: row['is_champion'] === true,
    run_id: text(row, 'run_id'),
    created_at: text(row, 'created_at'),
    ...(typeof row['has_skill'] === 'boolean' ? { has_skill: row['has_skill'] } : {}),
  };
}

export function metricFromRow(row: Row): MetricRow {
  return {
    run_id: text(row, 'run_id'),
    horizon: horizon(row),
    model_name: text(row, 'model_name'),
    metric: text(row, 'metric'),
    value: number(row, 'value'),
    created_at: text(row, 'created_at'),
  };
}

export function ingestRecordFromRow(row: Row): IngestRecord {
  const frequency = text(row, 'frequency');
  return {
    seriesId: text(row, 'series_id'),
    source: text(row, 'source'),
    rows: number(row, 'rows'),
    nonEmpty: number(row, 'non_empty'),
    firstDate: optionalText(row, 'first_date'),
    lastDate: optionalText(row, 'last_date'),
    fileHash: text(row, 'file_hash'),
    frequency: frequency === 'daily' ? 'daily' : 'monthly',
    ingestedAt: text(row, 'ingested_at'),
  };
}
