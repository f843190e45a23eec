import { meanAbsolutePercentageError } from './forecast-error.js';
import { intervalCoverage, type IntervalCoverage } from './prediction-interval.js';

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
  /** The forecast's prediction interval, when it was given one. */
  readonly interval_low?: number | undefined;
  readonly interval_high?: number | undefined;
  readonly interval_level?: number | undefined;
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
  /** Per nominal level, how many matured published forecasts' outcomes fell inside their band. */
  readonly intervals: readonly IntervalCoverage[];
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
    intervals: coverageOf(champion, actuals),
  };
}

/** The bands of the matured published forecasts against what came, per nominal level (ascending). */
function coverageOf(
  rows: readonly StoredForecast[],
  actuals: ReadonlyMap<string, number>,
): IntervalCoverage[] {
  const bands = rows.flatMap((f) =>
    f.interval_low === undefined || f.interval_high === undefined || f.interval_level === undefined
      ? []
      : [
          {
            low: f.interval_low,
            high: f.interval_high,
            level: f.interval_level,
            actual: actuals.get(f.target_date) ?? Number.NaN,
          },
        ],
  );
  return [...new Set(bands.map((b) => b.level))]
    .sort((a, b) => a - b)
    .map((level) => intervalCoverage(bands, level));
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
