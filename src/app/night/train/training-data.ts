import { Type, type Table, type Vector } from 'apache-arrow';
import { WarehouseQueryError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import type { FeatureMatrix } from '../../../domain/model/model.js';
import { DATE_COLUMN, PRICE_COLUMN, targetColumn } from '../../../domain/data/training-features.js';

/**
 * A horizon's training table as typed arrays, one entry per row, oldest first. The label is the
 * simple return over the horizon (target / current - 1): boosted trees cannot extrapolate price
 * levels, and the predicted price is current x (1 + predicted return).
 */
export interface TrainingData {
  readonly dates: readonly string[];
  /** `zl_price`: the target's value at the row's date. NaN where missing. */
  readonly prices: Float64Array;
  /** `target_<h>`: the value h periods later; NaN where not yet known. */
  readonly targets: Float64Array;
  /** target / price - 1; NaN where either is missing. */
  readonly labels: Float64Array;
  /** Whether the row's label is known (finite). */
  readonly labelKnown: readonly boolean[];
  /** Every feature column: all numeric columns except the date, the price and the target_* columns. */
  readonly features: FeatureMatrix;
  readonly targetColumn: string;
  readonly priceColumn: string;
}

/** Reads the Arrow table column by column into typed arrays (no per-row objects). */
export function toTrainingData(table: Table, horizon: Horizon): TrainingData {
  const target = targetColumn(horizon);
  const dateVector = table.getChild(DATE_COLUMN);
  const priceVector = table.getChild(PRICE_COLUMN);
  const targetVector = table.getChild(target);
  if (dateVector === null || priceVector === null || targetVector === null) {
    const missing = [DATE_COLUMN, PRICE_COLUMN, target].filter((name) => table.getChild(name) === null);
    throw new WarehouseQueryError(`training table of ${horizon} lacks column(s) ${missing.join(', ')}`);
  }
  const rows = table.numRows;
  const dates = readDates(dateVector, rows);
  const prices = readNumbers(priceVector, rows);
  const targets = readNumbers(targetVector, rows);
  const labels = new Float64Array(rows);
  const labelKnown: boolean[] = [];
  for (let i = 0; i < rows; i += 1) {
    const price = prices[i] ?? Number.NaN;
    const value = targets[i] ?? Number.NaN;
    const label = price > 0 && Number.isFinite(value) ? value / price - 1 : Number.NaN;
    labels[i] = label;
    labelKnown.push(Number.isFinite(label));
  }
  const featureNames = table.schema.fields
    .filter(
      (f) =>
        f.name !== DATE_COLUMN &&
        f.name !== PRICE_COLUMN &&
        !f.name.startsWith('target_') &&
        isNumeric(f.typeId),
    )
    .map((f) => f.name);
  const cols = featureNames.length;
  const values = new Float64Array(rows * cols);
  featureNames.forEach((name, c) => {
    const vector = table.getChild(name);
    if (vector === null) return;
    const column = readNumbers(vector, rows);
    for (let r = 0; r < rows; r += 1) values[r * cols + c] = column[r] ?? Number.NaN;
  });
  return {
    dates,
    prices,
    targets,
    labels,
    labelKnown,
    features: { rows, cols, values, featureNames },
    targetColumn: target,
    priceColumn: PRICE_COLUMN,
  };
}

/** The given rows of a matrix, in the given order (one copy of their values). */
export function selectRows(matrix: FeatureMatrix, rows: readonly number[]): FeatureMatrix {
  const { cols } = matrix;
  const values = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => values.set(matrix.values.subarray(row * cols, row * cols + cols), i * cols));
  return { rows: rows.length, cols, values, featureNames: matrix.featureNames };
}

/** The given entries of a vector. */
export function selectValues(values: Float64Array, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (row) => values[row] ?? Number.NaN);
}

function isNumeric(typeId: Type): boolean {
  return typeId === Type.Float || typeId === Type.Int || typeId === Type.Decimal;
}

function readNumbers(vector: Vector, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const raw: unknown = vector.toArray();
  const direct = raw instanceof Float64Array && raw.length === rows ? raw : undefined;
  for (let i = 0; i < rows; i += 1) {
    if (vector.nullCount > 0 && !vector.isValid(i)) {
      out[i] = Number.NaN;
      continue;
    }
    const value: unknown = direct !== undefined ? direct[i] : vector.get(i);
    out[i] = typeof value === 'number' || typeof value === 'bigint' ? Number(value) : Number.NaN;
  }
  return out;
}

function readDates(vector: Vector, rows: number): string[] {
  const dates: string[] = [];
  for (let i = 0; i < rows; i += 1) {
    const value: unknown = vector.get(i);
    if (typeof value === 'number' || typeof value === 'bigint')
      dates.push(new Date(Number(value)).toISOString().slice(0, 10));
    else if (value instanceof Date) dates.push(value.toISOString().slice(0, 10));
    else if (typeof value === 'string') dates.push(value.slice(0, 10));
    else throw new WarehouseQueryError(`training table row ${i} has no date`);
  }
  return dates;
}
