import { studentTUpperTail } from './student-t.js';

/**
 * The Diebold-Mariano test of equal forecast accuracy (Diebold & Mariano 1995), one-sided: does
 * the model's loss fall below the benchmark's by more than noise? As Hyndman's forecast::dm.test
 * does it, with the Harvey-Leybourne-Newbold (1997) small-sample correction and Student's t with
 * n - 1 degrees of freedom; the long-run variance is Newey-West's (Bartlett weights, lag h - 1),
 * which covers the overlap of h-step forecasts (their errors share h - 1 periods) and, unlike
 * dm.test's truncated rectangular kernel, is never negative. docs/models.md ("The skill gate").
 */
export interface DieboldMarianoResult {
  /** Forecasts with both losses defined. */
  readonly forecasts: number;
  /** Mean loss differential, benchmark minus model: positive when the model's loss is lower. */
  readonly meanDifference: number;
  /** The Newey-West lag used: h - 1, at most forecasts - 1. */
  readonly lag: number;
  /** HLN-corrected statistic; positive when the model is better. */
  readonly statistic: number;
  /** P(T > statistic), T ~ Student t with forecasts - 1 degrees of freedom. */
  readonly pValue: number;
}

/**
 * The test on paired losses (`model[i]` and `benchmark[i]` for the same forecast, in time order;
 * a pair with a non-finite value is left out). `horizon` is h, the forecast's lead in periods of
 * the series the forecasts are one period apart in. Undefined when fewer than 3 pairs, a long-run
 * variance of 0 (every differential the same), or a correction factor that is not positive
 * (h too long for so few forecasts): the data cannot support a verdict.
 */
export function dieboldMariano(
  model: readonly number[],
  benchmark: readonly number[],
  horizon: number,
): DieboldMarianoResult | undefined {
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new RangeError(`the horizon must be a positive integer, got ${horizon}`);
  const d: number[] = [];
  const n0 = Math.min(model.length, benchmark.length);
  for (let i = 0; i < n0; i += 1) {
    const m = model[i] ?? Number.NaN;
    const b = benchmark[i] ?? Number.NaN;
    if (Number.isFinite(m) && Number.isFinite(b)) d.push(b - m);
  }
  const n = d.length;
  if (n < 3) return undefined;
  const mean = d.reduce((s, v) => s + v, 0) / n;
  const lag = Math.min(horizon - 1, n - 1);
  const autocovariance = (k: number): number => {
    let sum = 0;
    for (let t = k; t < n; t += 1) sum += ((d[t] ?? 0) - mean) * ((d[t - k] ?? 0) - mean);
    return sum / n;
  };
  let variance = autocovariance(0);
  for (let k = 1; k <= lag; k += 1) variance += 2 * (1 - k / (lag + 1)) * autocovariance(k);
  if (!(variance > 0)) return undefined;
  const correction = (n + 1 - 2 * horizon + (horizon * (horizon - 1)) / n) / n;
  if (!(correction > 0)) return undefined;
  const statistic = (mean / Math.sqrt(variance / n)) * Math.sqrt(correction);
  return { forecasts: n, meanDifference: mean, lag, statistic, pValue: studentTUpperTail(statistic, n - 1) };
}
