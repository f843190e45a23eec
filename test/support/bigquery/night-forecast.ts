import type { PredictionRow } from '../../../src/domain/data/warehouse-types.js';

/** The run the BigQuery tests write forecasts for. */
export const NIGHT_RUN = '20261129_235900';

/**
 * One model's forecast of that night, as the upload writes it (arithmetic values: the warehouse
 * stores and returns them, it does not read them); `overrides` change any field.
 */
export function nightForecast(overrides: Partial<PredictionRow> = {}): PredictionRow {
  return {
    as_of_date: '2025-11-06',
    horizon: '1m',
    target_date: '2025-12-05',
    current_price: 50.89,
    predicted_price: 51.2,
    predicted_return: 0.00609,
    model_name: 'lightgbm',
    model_version: NIGHT_RUN,
    surface: 'prod',
    is_champion: true,
    run_id: NIGHT_RUN,
    created_at: '2026-11-30T00:12:00.000+00:00',
    has_skill: true,
    ...overrides,
  };
}
