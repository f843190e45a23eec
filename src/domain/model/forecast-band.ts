/**
 * The sanity band of a forecast: how far from the current price a forecast over the horizon may
 * land before it is refused as absurd (a model fed a damaged value can forecast anything).
 */
export interface ForecastBandSettings {
  /** The band is this many times the largest move over the horizon seen in the history. */
  readonly factor: number;
  /** When set, a fixed band instead: up by at most this share, down by as much in log terms (0.5: +50 % / -33 %). */
  readonly maxMove?: number | undefined;
}

/** A band around the current price, as multipliers. */
export interface ForecastBand {
  readonly low: number;
  readonly high: number;
  /** The largest |log move| over the horizon in the history the band was learned from; null with a fixed band. */
  readonly largestMove: number | null;
}

/**
 * The band for forecasts `lead` rows ahead: from the largest |log(price[i + lead] / price[i])|
 * over the trusted rows of the history, times `factor` (or the fixed `maxMove`). Undefined when
 * the history has no such pair.
 */
export function forecastBand(
  prices: Float64Array,
  trusted: readonly boolean[],
  lead: number,
  settings: ForecastBandSettings,
): ForecastBand | undefined {
  if (settings.maxMove !== undefined) {
    const limit = Math.log1p(settings.maxMove);
    return { low: Math.exp(-limit), high: Math.exp(limit), largestMove: null };
  }
  let largest = -1;
  for (let i = 0; i + lead < prices.length; i += 1) {
    if (trusted[i] !== true || trusted[i + lead] !== true) continue;
    const now = prices[i] ?? Number.NaN;
    const later = prices[i + lead] ?? Number.NaN;
    if (!(now > 0) || !(later > 0)) continue;
    largest = Math.max(largest, Math.abs(Math.log(later / now)));
  }
  if (largest < 0) return undefined;
  const limit = largest * settings.factor;
  return { low: Math.exp(-limit), high: Math.exp(limit), largestMove: largest };
}

/** Whether a forecast price lies within the band around the current price (a non-finite one never does). */
export function withinBand(current: number, predicted: number, band: ForecastBand): boolean {
  if (!Number.isFinite(predicted) || !(current > 0)) return false;
  const ratio = predicted / current;
  return ratio >= band.low && ratio <= band.high;
}
