import { describe, expect, it } from 'vitest';
import { backtest, maxDrawdown, nonOverlapping, sharpeRatio } from '../../../../src/domain/model/backtest.js';

describe('sharpeRatio', () => {
  // Hand-computed: returns 0.02, -0.01, 0.03 -> mean 0.04/3 = 0.013333, sample variance
  // ((0.006667)^2 + (-0.023333)^2 + (0.016667)^2) / 2 = 0.00043333, sd 0.020817 -> 0.640513 per trade.
  it.each([
    { returns: [0.02, -0.01, 0.03], perYear: 12, expected: 0.6405126152203485 * Math.sqrt(12) },
    { returns: [0.02, -0.01, 0.03], perYear: 12 / 3, expected: 0.6405126152203485 * 2 },
    { returns: [0.1, -0.1], perYear: 1, expected: 0 },
    { returns: [0.05], perYear: 12, expected: undefined },
    { returns: [], perYear: 12, expected: undefined },
    { returns: [0.01, 0.01, 0.01], perYear: 12, expected: undefined },
  ])('returns $returns, $perYear trades a year -> $expected', ({ returns, perYear, expected }) => {
    const sharpe = sharpeRatio(returns, perYear);
    if (expected === undefined) expect(sharpe).toBeUndefined();
    else expect(sharpe).toBeCloseTo(expected, 10);
  });
});

describe('maxDrawdown', () => {
  it.each([
    // equity 1.1, 0.99, 1.0395 -> peak 1.1, trough 0.99: 0.11 / 1.1 = 0.1
    { returns: [0.1, -0.1, 0.05], expected: 0.1 },
    // equity 0.9, 0.81, 1.215 -> the starting 1 is the peak: 1 - 0.81 = 0.19
    { returns: [-0.1, -0.1, 0.5], expected: 0.19 },
    // equity 1.2, 0.96, 1.44, 0.72 -> peak 1.44, 0.72: 0.5
    { returns: [0.2, -0.2, 0.5, -0.5], expected: 0.5 },
    { returns: [0.01, 0.02], expected: 0 },
    { returns: [], expected: 0 },
  ])('returns $returns -> $expected', ({ returns, expected }) => {
    expect(maxDrawdown(returns)).toBeCloseTo(expected, 12);
  });
});

describe('nonOverlapping', () => {
  it.each([
    { periods: [10, 11, 12, 13, 14, 15, 16], h: 3, expected: [10, 13, 16] },
    { periods: [10, 11, 12], h: 1, expected: [10, 11, 12] },
    { periods: [12, 10, 11, 20], h: 6, expected: [10, 20] },
    { periods: [10, 11, 12], h: 12, expected: [10] },
  ])('periods $periods, horizon $h -> $expected', ({ periods, h, expected }) => {
    expect(
      nonOverlapping(
        periods.map((period) => ({ period })),
        h,
      ).map((f) => f.period),
    ).toEqual(expected);
  });
});

describe('backtest', () => {
  it('holds the sign of the predicted return over the horizon, non-overlapping', () => {
    const forecasts = [
      { period: 0, predictedReturn: 0.03, actualReturn: 0.05 }, // long, +0.05
      { period: 1, predictedReturn: -0.9, actualReturn: -0.5 }, // overlaps the first trade: ignored
      { period: 2, predictedReturn: -0.01, actualReturn: 0.04 }, // short, -0.04
      { period: 4, predictedReturn: 0, actualReturn: 0.1 }, // flat, 0
      { period: 6, predictedReturn: -0.02, actualReturn: -0.06 }, // short, +0.06
    ];
    const result = backtest(forecasts, 2, 12);
    // trade returns 0.05, -0.04, 0, 0.06: mean 0.0175; squared deviations sum 0.006475, / 3 ->
    // sample sd 0.0464578; Sharpe 0.0175 / 0.0464578 x sqrt(12 / 2) = 0.922687
    expect(result.trades).toBe(4);
    expect(result.positions).toBe(3);
    expect(result.hitRate).toBeCloseTo(2 / 3, 12);
    expect(result.sharpe).toBeCloseTo((0.0175 / Math.sqrt(0.006475 / 3)) * Math.sqrt(6), 12);
    expect(result.sharpe).toBeCloseTo(0.922687, 5);
    // equity 1.05, 1.008, 1.008, 1.06848: drawdown (1.05 - 1.008) / 1.05 = 0.04
    expect(result.maxDrawdown).toBeCloseTo(0.04, 12);
    expect(result.totalReturn).toBeCloseTo(0.06848, 12);
  });

  it('counts a short that the price rose against as a miss', () => {
    const result = backtest([{ period: 0, predictedReturn: -0.01, actualReturn: 0.02 }], 1, 12);
    expect(result.hitRate).toBe(0);
    expect(result.sharpe).toBeUndefined();
    expect(result.maxDrawdown).toBeCloseTo(0.02, 12);
  });

  it('gives the naive forecast (no change) no position, no hit rate and no drawdown', () => {
    const result = backtest(
      [
        { period: 0, predictedReturn: 0, actualReturn: 0.02 },
        { period: 1, predictedReturn: 0, actualReturn: -0.03 },
      ],
      1,
      12,
    );
    expect(result).toEqual({
      trades: 2,
      positions: 0,
      sharpe: undefined,
      hitRate: undefined,
      maxDrawdown: 0,
      totalReturn: 0,
    });
  });
});
