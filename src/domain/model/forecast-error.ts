/** One forecast next to what happened. Prices in the target's units. */
export interface ScoredForecast {
  readonly actual: number;
  readonly predicted: number;
}

/**
 * Mean absolute percentage error, in percent: 100 / n * sum(|actual - predicted| / |actual|).
 * Pairs whose actual is 0 or whose values are not finite are left out (their error is undefined);
 * undefined when no pair is left.
 */
export function meanAbsolutePercentageError(forecasts: readonly ScoredForecast[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const { actual, predicted } of forecasts) {
    if (!Number.isFinite(actual) || !Number.isFinite(predicted) || actual === 0) continue;
    sum += Math.abs(actual - predicted) / Math.abs(actual);
    count += 1;
  }
  return count === 0 ? undefined : (100 * sum) / count;
}

/** The absolute percentage error of one forecast, in percent; undefined where MAPE leaves the pair out. */
export function absolutePercentageError({ actual, predicted }: ScoredForecast): number | undefined {
  if (!Number.isFinite(actual) || !Number.isFinite(predicted) || actual === 0) return undefined;
  return (100 * Math.abs(actual - predicted)) / Math.abs(actual);
}

/**
 * The naive forecast: no change from the current value. Its predicted price is the current price
 * and its predicted return 0; it is scored on exactly the same rows as the models.
 */
export function naiveForecast(currentPrice: number): {
  readonly predictedPrice: number;
  readonly predictedReturn: number;
} {
  return { predictedPrice: currentPrice, predictedReturn: 0 };
}
