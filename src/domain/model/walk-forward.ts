/**
 * Walk-forward validation over a training table with one row per period, oldest first.
 *
 * Row `i` is dated `dates[i]`; its target is the value `h` periods later, i.e. the value of row
 * `i + h`. A fold is a forecast made at its cut: the cut is the test row's own date, when every
 * value dated up to the cut is known. The fold trains only on rows whose target is dated on or
 * before the cut (`i + h <= cut`), so no training label comes from after the cut, and it is
 * tested on the cut row, whose target lies `h` periods after the cut. The window expands: each
 * later fold trains on everything the earlier one did, plus the rows that matured since.
 * The folds are the last K rows whose target is known; never a random split.
 */
export interface WalkForwardFold {
  /** 0 for the oldest fold. */
  readonly index: number;
  /** Row index of the cut, which is also the test row. */
  readonly testRow: number;
  /** The cut date (the test row's date): everything dated up to it is known. */
  readonly cutDate: string;
  /** Row index whose value is the test row's target (`testRow + h`). */
  readonly targetRow: number;
  readonly targetDate: string;
  /** Training rows are 0 .. trainEnd - 1 (those with a known label), the newest `trainEnd - 1 + h === testRow`. */
  readonly trainEnd: number;
}

export interface WalkForwardPlan {
  readonly folds: readonly WalkForwardFold[];
  /** Rows 0 .. finalTrainEnd - 1 train the final model: every row whose target is known. */
  readonly finalTrainEnd: number;
  /** The newest row: the one forecast in production (its target is not yet known). */
  readonly latestRow: number;
}

export interface WalkForwardOptions {
  /** Row dates, oldest first, one row per period (YYYY-MM-DD). */
  readonly dates: readonly string[];
  /** Whether each row's target is known (not null). */
  readonly labelKnown: readonly boolean[];
  /** Periods of the horizon (`h`). */
  readonly horizonPeriods: number;
  /** K: how many of the newest rows with a known target become folds. */
  readonly folds: number;
  /** A fold with fewer training rows than this is dropped (the oldest ones, when history is short). */
  readonly minTrainRows: number;
}

/** The folds of an expanding-window walk-forward; fewer than K when history is too short. */
export function planWalkForward(options: WalkForwardOptions): WalkForwardPlan {
  const { dates, labelKnown, horizonPeriods: h, folds: k, minTrainRows } = options;
  if (!Number.isInteger(h) || h < 1)
    throw new RangeError(`horizon periods must be a positive integer, got ${h}`);
  if (labelKnown.length !== dates.length) throw new RangeError('dates and labelKnown differ in length');
  // A row's target is `h` rows later, so only rows with a row h periods after them can have one.
  const known: number[] = [];
  for (let i = 0; i + h < dates.length; i += 1) if (labelKnown[i] === true) known.push(i);
  const finalTrainEnd = known.length === 0 ? 0 : (known[known.length - 1] ?? -1) + 1;
  const candidates = known.slice(Math.max(0, known.length - k));
  const folds: WalkForwardFold[] = [];
  for (const testRow of candidates) {
    const trainEnd = testRow - h + 1;
    if (trainEnd <= 0) continue;
    if (countKnown(labelKnown, trainEnd) < minTrainRows) continue;
    folds.push({
      index: folds.length,
      testRow,
      cutDate: dateAt(dates, testRow),
      targetRow: testRow + h,
      targetDate: dateAt(dates, testRow + h),
      trainEnd,
    });
  }
  return { folds, finalTrainEnd, latestRow: dates.length - 1 };
}

/** The rows a fold (or the final model, with `finalTrainEnd`) trains on: known labels below `trainEnd`. */
export function trainingRows(labelKnown: readonly boolean[], trainEnd: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < trainEnd; i += 1) if (labelKnown[i] === true) rows.push(i);
  return rows;
}

function countKnown(labelKnown: readonly boolean[], end: number): number {
  let count = 0;
  for (let i = 0; i < end; i += 1) if (labelKnown[i] === true) count += 1;
  return count;
}

function dateAt(dates: readonly string[], row: number): string {
  const date = dates[row];
  if (date === undefined) throw new RangeError(`no row ${row}`);
  return date;
}
