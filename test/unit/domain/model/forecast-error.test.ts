import { describe, expect, it } from 'vitest';
import {
  absolutePercentageError,
  meanAbsolutePercentageError,
  naiveForecast,
} from '../../../../src/domain/model/forecast-error.js';

describe('meanAbsolutePercentageError', () => {
  it.each([
    // |100-110|/100 = 0.1, |200-190|/200 = 0.05 -> 7.5 %
    {
      pairs: [
        [100, 110],
        [200, 190],
      ],
      expected: 7.5,
    },
    // 0.5, 0.25, 0 -> 25 %
    {
      pairs: [
        [2, 1],
        [4, 5],
        [3, 3],
      ],
      expected: 25,
    },
    // a negative actual uses its absolute value: |-50 - -40| / 50 = 20 %
    { pairs: [[-50, -40]], expected: 20 },
    // an actual of 0 has no percentage error: left out
    {
      pairs: [
        [0, 1],
        [10, 11],
      ],
      expected: 10,
    },
    {
      pairs: [
        [Number.NaN, 1],
        [10, Number.NaN],
      ],
      expected: undefined,
    },
    { pairs: [], expected: undefined },
  ])('$pairs -> $expected', ({ pairs, expected }) => {
    const forecasts = pairs.map(([actual, predicted]) => ({
      actual: actual ?? 0,
      predicted: predicted ?? 0,
    }));
    const mape = meanAbsolutePercentageError(forecasts);
    if (expected === undefined) expect(mape).toBeUndefined();
    else expect(mape).toBeCloseTo(expected, 12);
  });
});

describe('absolutePercentageError', () => {
  it.each([
    { actual: 80, predicted: 100, expected: 25 },
    { actual: 0, predicted: 100, expected: undefined },
  ])('$actual vs $predicted -> $expected', ({ actual, predicted, expected }) => {
    expect(absolutePercentageError({ actual, predicted })).toBe(expected);
  });
});

describe('naiveForecast', () => {
  it('predicts no change from the current price', () => {
    expect(naiveForecast(1234.5)).toEqual({ predictedPrice: 1234.5, predictedReturn: 0 });
  });
});
