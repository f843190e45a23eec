import { createHash } from 'node:crypto';
import type { TrainingData } from './training-data.js';

/** Significant digits a value is hashed with. */
const HASH_DIGITS = 12;

/**
 * sha256 of what training sees: dates, prices, targets, feature names and values, each value
 * rounded to 12 significant digits. The rounding is deliberate: a warehouse that aggregates in
 * parallel (DuckDB's AVG) can return the same data with a different last bit from one build to
 * the next, and that noise must not count as new data (it would defeat the reuse of a training).
 */
export function dataHash(data: TrainingData): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({ dates: data.dates, features: data.features.featureNames, target: data.targetColumn }),
  );
  for (const values of [data.prices, data.targets, data.features.values]) {
    const rounded = values.map((v) => (Number.isFinite(v) ? Number(v.toPrecision(HASH_DIGITS)) : Number.NaN));
    hash.update(new Uint8Array(rounded.buffer, rounded.byteOffset, rounded.byteLength));
  }
  return hash.digest('hex');
}

/** sha256 of a JSON value with its object keys sorted (the same settings give the same hash). */
export function settingsHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
