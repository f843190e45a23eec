import { median, robustScale } from './robust-scale.js';
import { isWeekend } from './trading-calendar.js';

/**
 * The row checks a trader would ask for, each returning the row indexes it cannot trust. Values
 * are NaN where missing; `usable[i]` is 1 for the rows earlier checks left (what a check learns
 * its limits from and looks at).
 */

/** Rows holding +-Infinity (a NaN is a missing value, not a defect). */
export function nonFiniteRows(values: Float64Array): number[] {
  const rows: number[] = [];
  values.forEach((v, i) => {
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) rows.push(i);
  });
  return rows;
}

/** Rows of a daily table dated on a Saturday or Sunday: no exchange trades then. */
export function nonTradingRows(dates: readonly string[]): number[] {
  const rows: number[] = [];
  dates.forEach((date, i) => {
    if (date !== '' && isWeekend(date)) rows.push(i);
  });
  return rows;
}

/** A run of one value over consecutive rows. */
export interface StaleRun {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/** Runs of `minRun` or more consecutive rows holding exactly the same value (a missing value ends a run). */
export function staleRuns(values: Float64Array, minRun: number): StaleRun[] {
  const runs: StaleRun[] = [];
  let start = 0;
  for (let i = 1; i <= values.length; i += 1) {
    const previous = values[i - 1] ?? Number.NaN;
    if (i < values.length && values[i] === previous && Number.isFinite(previous)) continue;
    if (i - start >= minRun && Number.isFinite(values[start] ?? Number.NaN))
      runs.push({ start, end: i - 1, value: values[start] ?? Number.NaN });
    start = i;
  }
  return runs;
}

/** What a range or jump check found: the rows, and the limit learned from the series. */
export interface OutlierRows {
  readonly rows: readonly number[];
  /** The plausible range (levels) or the largest plausible move (jumps), in the series' units. */
  readonly low: number;
  readonly high: number;
  /** True when the limits are in log terms (a positive series). */
  readonly logScale: boolean;
}

/**
 * Rows whose value lies further than `scale` robust standard deviations from the median of the
 * usable rows: of the log value for a strictly positive series (prices), of the value otherwise.
 * Undefined when the series has no spread to learn a range from.
 */
export function levelOutliers(
  values: Float64Array,
  usable: Uint8Array,
  scale: number,
): OutlierRows | undefined {
  const known = pick(values, usable);
  if (known.length < 10) return undefined;
  const logScale = known.every((v) => v > 0);
  const transform = logScale ? Math.log : (v: number): number => v;
  const learned = known.map(transform);
  const centre = median(learned);
  const spread = robustScale(learned);
  if (!(spread > 0)) return undefined;
  const [low, high] = [centre - scale * spread, centre + scale * spread];
  const rows: number[] = [];
  values.forEach((v, i) => {
    if (usable[i] !== 1 || !Number.isFinite(v)) return;
    const x = logScale ? (v > 0 ? Math.log(v) : Number.NEGATIVE_INFINITY) : v;
    if (x < low || x > high) rows.push(i);
  });
  return {
    rows,
    low: logScale ? Math.exp(low) : low,
    high: logScale ? Math.exp(high) : high,
    logScale,
  };
}

/** How many rows a spike may last: a series back within the limit by then was a spike, else a new level. */
const MAX_EXCURSION = 5;

/**
 * Rows reached by a move (between consecutive usable rows) larger than `scale` robust standard
 * deviations of the series' own moves around no move: log moves for a positive series. A spike
 * (the series comes back within five rows) is flagged up to its return; a shift to a new level
 * (no return: a crash, or a placeholder to the end) flags the row of the move only, and the new
 * level is taken from there. Undefined when the series has no moves to learn from.
 */
export function jumpRows(values: Float64Array, usable: Uint8Array, scale: number): OutlierRows | undefined {
  const order: number[] = [];
  values.forEach((v, i) => {
    if (usable[i] === 1 && Number.isFinite(v)) order.push(i);
  });
  if (order.length < 10) return undefined;
  const logScale = order.every((i) => (values[i] ?? 0) > 0);
  const value = (k: number): number => values[order[k] ?? -1] ?? Number.NaN;
  const move = (from: number, to: number): number => (logScale ? Math.log(to / from) : to - from);
  const moves: number[] = [];
  for (let k = 1; k < order.length; k += 1) moves.push(move(value(k - 1), value(k)));
  // the typical size of a move, around no move (a trend is not a jump): 1.4826 x median |move|
  const spread = 1.4826 * median(moves.map(Math.abs));
  if (!(spread > 0)) return undefined;
  const limit = scale * spread;
  const rows: number[] = [];
  let reference = value(0);
  for (let k = 1; k < order.length; k += 1) {
    if (Math.abs(move(reference, value(k))) <= limit) {
      reference = value(k);
      continue;
    }
    let back = -1;
    for (let j = k + 1; j < Math.min(order.length, k + 1 + MAX_EXCURSION); j += 1) {
      if (Math.abs(move(reference, value(j))) <= limit) {
        back = j;
        break;
      }
    }
    const end = back < 0 ? k : back - 1;
    for (let j = k; j <= end; j += 1) rows.push(order[j] ?? -1);
    if (back < 0) reference = value(k);
    k = end;
  }
  return { rows, low: -limit, high: limit, logScale };
}

function pick(values: Float64Array, usable: Uint8Array): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (usable[i] === 1 && Number.isFinite(v)) out.push(v);
  });
  return out;
}
