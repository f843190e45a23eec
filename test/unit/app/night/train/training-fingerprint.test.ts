import { describe, expect, it } from 'vitest';
import { dataHash, settingsHash } from '../../../../../src/app/night/train/training-fingerprint.js';
import type { TrainingData } from '../../../../../src/app/night/train/training-data.js';

// Arithmetic vectors: 2 rows x 1 feature.
const data = (feature: readonly number[], price = [100, 101]): TrainingData => ({
  dates: ['2025-01-01', '2025-02-01'],
  prices: Float64Array.from(price),
  targets: Float64Array.from([101, Number.NaN]),
  labels: Float64Array.from([0.01, Number.NaN]),
  labelKnown: [true, false],
  rowTrusted: [true, true],
  features: { rows: 2, cols: 1, values: Float64Array.from(feature), featureNames: ['x'] },
  categories: {},
  targetColumn: 'target_1m',
  priceColumn: 'zl_price',
  lead: 1,
  targetKind: 'price',
});

describe('dataHash', () => {
  it('ignores last-bit noise of a parallel aggregate (0.2779999999999999 vs 0.278)', () => {
    expect(dataHash(data([0.2779999999999999, 1]))).toBe(dataHash(data([0.278, 1])));
  });

  it('changes with a real change of a value, a price or a feature name', () => {
    const base = dataHash(data([0.278, 1]));
    expect(dataHash(data([0.279, 1]))).not.toBe(base);
    expect(dataHash(data([0.278, 1], [100, 102]))).not.toBe(base);
    expect(
      dataHash({ ...data([0.278, 1]), features: { ...data([0.278, 1]).features, featureNames: ['y'] } }),
    ).not.toBe(base);
  });
});

describe('settingsHash', () => {
  it('does not depend on the order of object keys', () => {
    expect(settingsHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      settingsHash({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
    expect(settingsHash({ a: 1 })).not.toBe(settingsHash({ a: 2 }));
  });
});
