import { describe, expect, it } from 'vitest';
import { tonneFactor, USD_PER_TONNE } from '../../../../src/domain/data/price-units.js';

// Arithmetic vectors: 1 lb = 0.45359237 kg exactly; a soybean bushel is 60 lb.
describe('USD_PER_TONNE', () => {
  it.each([
    { unit: 'USD/t', factor: 1 },
    { unit: 'USD/short_ton', factor: 1.10231131 },
    { unit: 'USD/cwt', factor: 22.0462262 },
    { unit: 'USD/lb', factor: 2204.6226218 },
    { unit: 'cents/lb', factor: 22.0462262 },
    { unit: 'USD/bu', factor: 36.7437104 },
    { unit: 'cents/bu', factor: 0.367437104 },
  ] as const)('$unit is $factor USD/t', ({ unit, factor }) => {
    expect(USD_PER_TONNE[unit]).toBeCloseTo(factor, 6);
  });
});

describe('tonneFactor', () => {
  it.each([
    { input: 'oil', unit: 'cents/lb', expected: { factor: USD_PER_TONNE['cents/lb'] } },
    { input: 'beans', unit: 'cents/bu', expected: { factor: USD_PER_TONNE['cents/bu'] } },
    {
      input: 'meal',
      unit: 'USD/bu',
      expected: {
        problem:
          'meal (ZM) is in USD/bu, and only soybeans have a standard weight per bushel: quote it per weight (USD/t, USD/short_ton, cents/lb...)',
      },
    },
    {
      input: 'oil',
      unit: undefined,
      expected: {
        problem: 'oil (ZM) has no unit: set source.units.meal to one of USD/t, USD/short_ton, USD/cwt, USD/lb, cents/lb, USD/bu, cents/bu',
      },
    },
  ] as const)('$input in $unit', ({ input, unit, expected }) => {
    expect(tonneFactor(input, { key: 'meal', series: 'ZM', unit })).toEqual(expected);
  });
});
