import { describe, expect, it } from 'vitest';
import { modelFileName, scoreFold, summarizeFolds } from '../../../../src/domain/model/model-metadata.js';

const fold = (period: number, current: number, actual: number, predictedReturn: number) =>
  scoreFold({
    cutDate: `c${period}`,
    targetDate: `t${period}`,
    period,
    trainRows: 100,
    currentPrice: current,
    actualPrice: actual,
    predictedReturn,
  });

describe('scoreFold', () => {
  it('turns the predicted return into a price and scores it next to the naive forecast', () => {
    const scored = fold(0, 100, 110, 0.05); // predicted 105: |110 - 105| / 110; naive 100: 10 / 110
    expect(scored.predicted_price).toBeCloseTo(105, 12);
    expect(scored.ape).toBeCloseTo((100 * 5) / 110, 12);
    expect(scored.naive_ape).toBeCloseTo((100 * 10) / 110, 12);
  });
});

describe('summarizeFolds', () => {
  it('scores model and naive forecast on the same folds', () => {
    // h = 1, monthly. Actual returns +10 %, -10 %, +5 %; the model predicts +5 %, -5 %, -5 %.
    const folds = [fold(0, 100, 110, 0.05), fold(1, 110, 99, -0.05), fold(2, 99, 103.95, -0.05)];
    const metrics = summarizeFolds(folds, 1, 12);
    // model prices 105, 104.5, 94.05 -> APE 4.5454..., 5.5555..., 9.5238...
    expect(metrics.mape).toBeCloseTo((100 * (5 / 110 + 5.5 / 99 + 9.9 / 103.95)) / 3, 10);
    // naive prices 100, 110, 99 -> APE 9.0909..., 11.1111..., 4.7619...
    expect(metrics.naive_mape).toBeCloseTo((100 * (10 / 110 + 11 / 99 + 4.95 / 103.95)) / 3, 10);
    // trades +0.10, +0.10, -0.05: 2 hits of 3
    expect(metrics.backtest.trades).toBe(3);
    expect(metrics.backtest.hit_rate).toBeCloseTo(2 / 3, 12);
    expect(metrics.backtest.max_drawdown).toBeCloseTo(0.05, 12);
    expect(metrics.naive_backtest).toEqual({
      trades: 3,
      positions: 0,
      sharpe: null,
      hit_rate: null,
      max_drawdown: 0,
      total_return: 0,
    });
  });
});

describe('modelFileName', () => {
  it.each([
    { format: 'lightgbm-text' as const, expected: 'model.txt' },
    { format: 'xgboost-json' as const, expected: 'model.json' },
    { format: 'xgboost-ubj' as const, expected: 'model.ubj' },
  ])('$format -> $expected', ({ format, expected }) => {
    expect(modelFileName(format)).toBe(expected);
  });
});
