import { describe, expect, it } from 'vitest';
import { WarehouseQueryError } from '../../../../src/domain/errors.js';
import { metricFromRow, numberIn, predictionFromRow } from '../../../../src/domain/data/warehouse-rows.js';

describe('numberIn', () => {
  it.each([
    { value: 3.5, expected: 3.5 },
    { value: 42n, expected: 42 }, // DuckDB's BIGINT
    { value: null, expected: Number.NaN }, // BigQuery's NULL FLOAT64
  ])('reads $value as $expected', ({ value, expected }) => {
    expect(numberIn({ x: value }, 'x')).toEqual(expected);
  });

  it('refuses text where a number belongs', () => {
    expect(() => numberIn({ x: '3.5' }, 'x')).toThrow(WarehouseQueryError);
  });
});

describe('predictionFromRow', () => {
  const row = {
    as_of_date: '2026-11-27',
    horizon: '1m',
    target_date: '2026-12-28',
    current_price: 1021.5,
    predicted_price: 1040.25,
    predicted_return: 0.0184,
    model_name: 'lightgbm',
    model_version: '20261129_235900',
    surface: 'prod',
    is_champion: true,
    run_id: '20261129_235900',
    created_at: '2026-11-30T00:10:00.000Z',
  };

  it('keeps has_skill only when the row has it', () => {
    expect(predictionFromRow(row)).not.toHaveProperty('has_skill');
    expect(predictionFromRow({ ...row, has_skill: false }).has_skill).toBe(false);
  });

  it('refuses a horizon the product does not know', () => {
    expect(() => predictionFromRow({ ...row, horizon: '2y' })).toThrow(WarehouseQueryError);
    expect(() => metricFromRow({ ...row, metric: 'mape', value: 3, horizon: '2y' })).toThrow(WarehouseQueryError);
  });
});
