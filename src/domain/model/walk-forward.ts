/**
 * Walk-forward validation over a training table with one row per period, oldest first, purged
 * for overlapping targets.
 *
 * Row `i`'s target is the value `h` rows later (row `i + h`): its target window is [i, i + h].
 * On daily data the windows of neighbouring rows overlap (a 3-month target spans 63 rows), so a
 * random or a plain time split would train on the very moves it is scored on. Each fold is a
 * block of consecutive validation rows forecast by one model, trained only on rows whose target
 * window ends by the block's first row, the cut (`i + h <= cut`): every training label was
 * known at the cut, and no training window reaches into a validation window beyond the cut's
 * own instant. The blocks tile the newest labelled rows; the window expands from fold to fold.
 * Never a random split.
 */
export interface WalkForwardFold {
  /** 0 for the oldest fold. */
  readonly index: number;
  /** The fold's validation rows, oldest first; the first is the cut. */
  readonly testRows: readonly number[];
  /** Row index of the cut: the first validation row. */
  readonly cutRow: number;
  /** The cut's date: everything the fold's model learned from was known then. */
  readonly cutDate: string;
  /** Training rows are those with a known label below this (`trainEnd - 1 + h === cutRow`). */
  readonly trainEnd: number;
}

export interface WalkForwardPlan {
  readonly folds: readonly WalkForwardFold[];
  /** Rows 0 .. finalTrainEnd - 1 with a known label train the final model. */
  readonly finalTrainEnd: number;
}

export interface WalkForwardOptions {
  /** Row dates, oldest first, one row per period (YYYY-MM-DD). */
  readonly dates: readonly string[];
  /** Whether each row's target is known and trusted. */
  readonly labelKnown: readonly boolean[];
  /** The target's lead in rows (`h`). */
  readonly horizonPeriods: number;
  /** K: how many folds. */
  readonly folds: number;
  /** Validation rows per fold (1 on monthly data: each fold forecasts one month). */
  readonly foldRows: number;
  /** A fold with fewer training rows than this is dropped (the oldest ones, when history is short). */
  readonly minTrainRows: number;
}

/** The folds of an expanding-window, purged walk-forward; fewer than K when history is too short. */
export function planWalkForward(options: WalkForwardOptions): WalkForwardPlan {
  const { dates, labelKnown, horizonPeriods: h, folds: k, minTrainRows } = options;
  if (!Number.isInteger(h) || h < 1)
    throw new RangeError(`horizon periods must be a positive integer, got ${h}`);
  const size = Math.max(1, Math.floor(options.foldRows));
  if (labelKnown.length !== dates.length) throw new RangeError('dates and labelKnown differ in length');
  // A row's target is `h` rows later, so only rows with a row h periods after them can have one.
  const known: number[] = [];
  for (let i = 0; i + h < dates.length; i += 1) if (labelKnown[i] === true) known.push(i);
  const finalTrainEnd = known.length === 0 ? 0 : (known[known.length - 1] ?? -1) + 1;
  const validation = known.slice(Math.max(0, known.length - k * size));
  const blocks: number[][] = [];
  // the newest block is whole; a short history leaves the oldest one shorter
  for (let end = validation.length; end > 0; end -= size)
    blocks.unshift(validation.slice(Math.max(0, end - size), end));
  const folds: WalkForwardFold[] = [];
  for (const block of blocks) {
    const cutRow = block[0];
    if (cutRow === undefined) continue;
    const trainEnd = cutRow - h + 1;
    if (trainEnd <= 0 || countKnown(labelKnown, trainEnd) < minTrainRows) continue;
    folds.push({ index: folds.length, testRows: block, cutRow, cutDate: dateAt(dates, cutRow), trainEnd });
  }
  return { folds, finalTrainEnd };
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
