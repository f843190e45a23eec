/**
 * Prediction intervals by split conformal prediction (Vovk et al. 2005; Angelopoulos & Bates
 * 2023, section 1; the same construction as Nixtla's `ConformalIntervals`): the walk-forward
 * forecasts at a horizon are the calibration set, their nonconformity score is the absolute log
 * error |log(actual / predicted)|, and tonight's forecast carries the band predicted x
 * exp(+-q) where q is the ceil((n + 1) x level)-th smallest of the n scores. Under
 * exchangeability the band covers the outcome with probability at least `level`; overlapping
 * h-step forecasts and changing markets are not exchangeable, which is why the evaluate stage
 * measures the coverage on matured forecasts (docs/models.md, "Prediction intervals").
 */
export interface PredictionInterval {
  /** Nominal coverage, e.g. 0.8. */
  readonly level: number;
  readonly low: number;
  readonly high: number;
  /** The score quantile q: the band is predicted x exp(+-q). */
  readonly halfWidth: number;
  /** Walk-forward forecasts the band was calibrated on. */
  readonly calibration: number;
}

/** A calibration forecast: what was predicted and what came. */
export interface CalibrationForecast {
  readonly predicted: number;
  readonly actual: number;
}

/**
 * The conformal quantile of `scores` at `level`: the ceil((n + 1) x level)-th smallest. Undefined
 * when there are too few scores for the level (that rank exceeds n: the band would be infinite).
 */
export function conformalQuantile(scores: readonly number[], level: number): number | undefined {
  if (!(level > 0 && level < 1)) throw new RangeError(`the interval level must lie in (0, 1), got ${level}`);
  const sorted = scores.filter((s) => Number.isFinite(s)).sort((a, b) => a - b);
  const rank = Math.ceil((sorted.length + 1) * level);
  if (sorted.length === 0 || rank > sorted.length) return undefined;
  return sorted[rank - 1];
}

/** The band around `predicted` from the calibration forecasts; undefined when they are too few. */
export function conformalInterval(
  calibration: readonly CalibrationForecast[],
  predicted: number,
  level: number,
): PredictionInterval | undefined {
  const scores = calibration
    .filter((c) => c.predicted > 0 && c.actual > 0)
    .map((c) => Math.abs(Math.log(c.actual / c.predicted)));
  const q = conformalQuantile(scores, level);
  if (q === undefined || !(predicted > 0)) return undefined;
  return {
    level,
    low: predicted * Math.exp(-q),
    high: predicted * Math.exp(q),
    halfWidth: q,
    calibration: scores.length,
  };
}

/** A matured forecast with its band: did the outcome land inside? */
export interface MaturedInterval {
  readonly low: number;
  readonly high: number;
  readonly level: number;
  readonly actual: number;
}

/** Coverage of matured bands at one nominal level. */
export interface IntervalCoverage {
  readonly level: number;
  readonly matured: number;
  readonly covered: number;
  /** covered / matured; null without matured bands. */
  readonly coverage: number | null;
}

/** The share of matured forecasts whose outcome fell inside their band (the bands of one level). */
export function intervalCoverage(matured: readonly MaturedInterval[], level: number): IntervalCoverage {
  const same = matured.filter((m) => m.level === level && Number.isFinite(m.actual));
  const covered = same.filter((m) => m.actual >= m.low && m.actual <= m.high).length;
  return { level, matured: same.length, covered, coverage: same.length === 0 ? null : covered / same.length };
}
