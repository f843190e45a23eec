import { describe, expect, it } from 'vitest';
import { forecastBand, withinBand } from '../../../../src/domain/model/forecast-band.js';

describe('forecastBand', () => {
  // arithmetic vectors: a price doubling once (log move ln 2 over 2 rows), otherwise flat
  const prices = Float64Array.from([100, 100, 200, 200, 200, 200]);
  const trusted = [true, true, true, true, true, true];

  it('is the largest move over the horizon in the history, times the factor', () => {
    const band = forecastBand(prices, trusted, 2, { factor: 1.5 });
    expect(band?.largestMove).toBeCloseTo(Math.log(2), 12);
    expect(band?.high).toBeCloseTo(2 ** 1.5, 12);
    expect(band?.low).toBeCloseTo(2 ** -1.5, 12);
  });

  it('learns only from trusted rows', () => {
    const band = forecastBand(prices, [true, true, false, true, true, true], 1, { factor: 1 });
    expect(band?.largestMove).toBe(0); // the doubling row is not trusted
  });

  it('takes a fixed move when configured', () => {
    expect(forecastBand(prices, trusted, 2, { factor: 1.5, maxMove: 0.5 })).toMatchObject({
      high: 1.5,
      largestMove: null,
    });
  });

  it.each([
    { predicted: 280, within: true },
    { predicted: 290, within: false }, // 2.9x > 2^1.5 = 2.83x
    { predicted: 36, within: true },
    { predicted: 35, within: false },
    { predicted: -2.5e37, within: false },
    { predicted: Number.POSITIVE_INFINITY, within: false },
  ])('a forecast of $predicted from 100 is within the band: $within', ({ predicted, within }) => {
    const band = forecastBand(prices, trusted, 2, { factor: 1.5 });
    if (band === undefined) throw new Error('no band');
    expect(withinBand(100, predicted, band)).toBe(within);
  });
});
