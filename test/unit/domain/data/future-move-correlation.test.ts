import { describe, expect, it } from 'vitest';
import {
  futureMoveLeads,
  futureMoves,
  pearson,
  strongestFutureCorrelation,
} from '../../../../src/domain/data/future-move-correlation.js';

describe('pearson', () => {
  it('matches numpy.corrcoef on a hand vector, leaving out rows where either is missing', () => {
    // numpy.corrcoef([1,2,3,4,5], [2,1,4,3,6])[0,1] = 0.8219949365267863
    const r = pearson(new Float64Array([1, 2, Number.NaN, 3, 4, 5]), new Float64Array([2, 1, 7, 4, 3, 6]));
    expect(r?.pairs).toBe(5);
    expect(r?.correlation).toBeCloseTo(0.8219949365267863, 12);
    expect(pearson(new Float64Array([1, 1, 1]), new Float64Array([1, 2, 3]))).toBeNull();
  });
});

describe('futureMoveLeads', () => {
  it('checks every lead up to the limit and the target lead itself', () => {
    expect(futureMoveLeads(5, 12)).toEqual([1, 2, 3, 4, 5]);
    expect(futureMoveLeads(63, 3)).toEqual([1, 2, 3, 63]);
  });
});

describe('strongestFutureCorrelation', () => {
  const price = new Float64Array(Array.from({ length: 200 }, (_, i) => 100 * Math.exp(0.1 * Math.sin(i * 1.7))));
  const nextTwo = new Float64Array(price.length).fill(Number.NaN);
  for (let i = 0; i + 2 < price.length; i += 1) nextTwo[i] = Math.log((price[i + 2] ?? 1) / (price[i] ?? 1));

  it('finds a feature that is the move two rows ahead, at lead 2', () => {
    const best = strongestFutureCorrelation(nextTwo, futureMoves('p', price, futureMoveLeads(5, 12)));
    expect(best).toMatchObject({ lead: 2, against: 'p move 2 ahead' });
    expect(best?.correlation).toBeCloseTo(1, 12);
  });

  it('says nothing on fewer than 30 independent pairs (pairs / lead)', () => {
    expect(strongestFutureCorrelation(nextTwo.subarray(0, 59), futureMoves('p', price.subarray(0, 59), [2]))).toBeNull();
    expect(strongestFutureCorrelation(nextTwo.subarray(0, 63), futureMoves('p', price.subarray(0, 63), [2]))).not.toBeNull();
  });
});
