import { describe, expect, it } from 'vitest';
import { evaluateMatured, type StoredForecast } from '../../../../src/domain/model/matured-forecasts.js';

const forecast = (
  as_of_date: string,
  target_date: string,
  current_price: number,
  predicted_price: number,
  model_name = 'lightgbm',
  is_champion = true,
  created_at = `${as_of_date}T23:59:00Z`,
  model_version = 'v1',
): StoredForecast => ({
  model_version,
  as_of_date,
  target_date,
  current_price,
  predicted_price,
  model_name,
  is_champion,
  created_at,
});

// Arithmetic vectors: actual values 100 (2025-02) and 200 (2025-03); 2025-04 not known yet.
const actuals = new Map([
  ['2025-02-01', 100],
  ['2025-03-01', 200],
]);

describe('evaluateMatured', () => {
  it('scores only forecasts whose target date has a real value, next to the naive forecast', () => {
    const result = evaluateMatured(
      [
        forecast('2025-01-01', '2025-02-01', 90, 110), // 10 %; naive |100 - 90| / 100 = 10 %
        forecast('2025-02-01', '2025-03-01', 100, 190), // 5 %; naive 50 %
        forecast('2025-03-01', '2025-04-01', 200, 210), // not matured
      ],
      actuals,
    );
    expect(result.champion.count).toBe(2);
    expect(result.champion.mape).toBeCloseTo(7.5, 12);
    expect(result.naive.mape).toBeCloseTo(30, 12);
    expect(result.newestMatured).toBe('2025-02-01');
  });

  it('counts only the newest forecast of an as_of_date that was forecast twice', () => {
    const result = evaluateMatured(
      [
        forecast('2025-01-01', '2025-02-01', 90, 150, 'lightgbm', true, '2025-01-02T00:00:00Z'), // replaced
        forecast('2025-01-01', '2025-02-01', 90, 104, 'lightgbm', true, '2025-01-03T00:00:00Z'), // 4 %
      ],
      actuals,
    );
    expect(result.champion).toEqual({ count: 1, mape: 4 });
  });

  it("prefers a library's newer version over its kept champion version made in the same run", () => {
    const made = '2025-01-20T23:59:00Z';
    const result = evaluateMatured(
      [
        forecast('2025-01-01', '2025-02-01', 90, 110, 'lightgbm', true, made, '20241220_235900'), // champion: 10 %
        forecast('2025-01-01', '2025-02-01', 90, 103, 'lightgbm', false, made, '20250120_235900'), // newest: 3 %
      ],
      actuals,
    );
    expect(result.champion).toEqual({ count: 1, mape: 10 });
    expect(result.models['lightgbm']).toEqual({ count: 1, mape: 3 });
  });

  it('scores every model on its own forecasts, the champion only on champion forecasts', () => {
    const result = evaluateMatured(
      [
        forecast('2025-01-01', '2025-02-01', 90, 110, 'lightgbm', true), // 10 %
        forecast('2025-01-01', '2025-02-01', 90, 98, 'xgboost', false), // 2 %
        forecast('2025-02-01', '2025-03-01', 100, 220, 'xgboost', true), // 10 %
        forecast('2025-02-01', '2025-03-01', 100, 170, 'lightgbm', false), // 15 %
      ],
      actuals,
    );
    expect(result.champion).toEqual({ count: 2, mape: 10 });
    expect(result.models['lightgbm']?.mape).toBeCloseTo(12.5, 12);
    expect(result.models['xgboost']?.mape).toBeCloseTo(6, 12);
  });

  it('reports nothing matured as a count of 0 and no MAPE', () => {
    const result = evaluateMatured([forecast('2025-03-01', '2025-04-01', 200, 210)], actuals);
    expect(result).toEqual({
      champion: { count: 0, mape: undefined },
      naive: { count: 0, mape: undefined },
      models: {},
      newestMatured: undefined,
      intervals: [],
    });
  });

  it("measures the published forecasts' band coverage on the matured ones, per nominal level", () => {
    const banded = (f: StoredForecast, low: number, high: number, level = 0.8): StoredForecast => ({
      ...f,
      interval_low: low,
      interval_high: high,
      interval_level: level,
    });
    const result = evaluateMatured(
      [
        banded(forecast('2025-01-01', '2025-02-01', 90, 110), 95, 120), // 100 inside
        banded(forecast('2025-02-01', '2025-03-01', 100, 190), 150, 199), // 200 outside
        banded(forecast('2025-02-01', '2025-03-01', 100, 190, 'xgboost', false), 150, 250), // not published
        banded(forecast('2025-03-01', '2025-04-01', 200, 210), 190, 230), // not matured
      ],
      actuals,
    );
    expect(result.intervals).toEqual([{ level: 0.8, matured: 2, covered: 1, coverage: 0.5 }]);
    expect(evaluateMatured([forecast('2025-01-01', '2025-02-01', 90, 110)], actuals).intervals).toEqual([]);
  });
});
