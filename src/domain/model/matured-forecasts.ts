import { meanAbsolutePercentageError } from './forecast-error.js';

/** The fields of a stored forecast the evaluation needs (a PredictionRow has them all). */
export interface StoredForecast {
  readonly as_of_date: string;
  readonly target_date: string;
  readonly current_price: number;
  readonly predicted_price: number;
  readonly model_name: string;
  readonly model_version: string;
  readonly is_champion: boolean;
  readonly created_at: string;
}

export interface MaturedScore {
  /** Forecasts whose target date now has a real value. */
  readonly count: number;
  /** Percent; undefined when none matured. */
  readonly mape: number | undefined;
}

export interface MaturedEvaluation {
  /** The champion's forecasts (the one marked champion when it was made). */
  readonly champion: MaturedScore;
  /** The naive forecast (no change from the current price) on the same matured champion forecasts. */
  readonly naive: MaturedScore;
  /** Per model name, each model's own forecasts. */
  readonly models: Readonly<Record<string, MaturedScore>>;
  /** Newest as_of_date among the matured champion forecasts. */
  readonly newestMatured: string | undefined;
}

/**
 * Scores earlier forecasts whose target date now has a real value (`actuals`: date -> value).
 * Where one as_of_date was forecast more than once (a re-run, a catch-up run; or a kept champion
 * and the newer version of its library in one run), only the newest forecast counts (by
 * created_at, then model_version), so no forecast is scored twice.
 */
export function evaluateMatured(
  forecasts: readonly StoredForecast[],
  actuals: ReadonlyMap<string, number>,
): MaturedEvaluation {
  const matured = forecasts.filter((f) => Number.isFinite(actuals.get(f.target_date) ?? Number.NaN));
  const champion = newestPerDate(matured.filter((f) => f.is_champion));
  const score = (
    rows: readonly StoredForecast[],
    predicted: (f: StoredForecast) => number,
  ): MaturedScore => ({
    count: rows.length,
    mape: meanAbsolutePercentageError(
      rows.map((f) => ({ actual: actuals.get(f.target_date) ?? Number.NaN, predicted: predicted(f) })),
    ),
  });
  const models: Record<string, MaturedScore> = {};
  for (const name of [...new Set(matured.map((f) => f.model_name))].sort()) {
    models[name] = score(
      newestPerDate(matured.filter((f) => f.model_name === name)),
      (f) => f.predicted_price,
    );
  }
  return {
    champion: score(champion, (f) => f.predicted_price),
    naive: score(champion, (f) => f.current_price),
    models,
    newestMatured: champion
      .map((f) => f.as_of_date)
      .sort()
      .pop(),
  };
}

function newestPerDate(rows: readonly StoredForecast[]): StoredForecast[] {
  const newest = new Map<string, StoredForecast>();
  for (const row of rows) {
    const current = newest.get(row.as_of_date);
    const newer =
      current === undefined ||
      row.created_at > current.created_at ||
      (row.created_at === current.created_at && row.model_version > current.model_version);
    if (newer) newest.set(row.as_of_date, row);
  }
  return [...newest.values()];
}
