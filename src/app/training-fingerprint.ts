import { createHash } from 'node:crypto';
import type { TrainingData } from './training-data.js';

/** sha256 of exactly what training sees: dates, prices, targets, feature names and values. */
export function dataHash(data: TrainingData): string {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({ dates: data.dates, features: data.features.featureNames, target: data.targetColumn }),
  );
  for (const values of [data.prices, data.targets, data.features.values]) {
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
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
