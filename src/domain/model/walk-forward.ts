import type { Frequency } from '../horizon.js';

/**
 * Walk-forward validation over a training table with one row per period, oldest first, purged
 * for overlapping targets, its folds anchored to the calendar.
 *
 * Row `i`'s target is the value `h` rows later (row `i + h`): its target window is [i, i + h].
 * On daily data the windows of neighbouring rows overlap (a 3-month target spans 63 rows), so a
 * random or a plain time split would train on the very moves it is scored on. Each fold is a
 * block of consecutive validation rows forecast by one model, trained only on rows whose target
 * window ends by the block's first row, the cut (`i + h <= cut`): every training label was
 * known at the cut, and no training window reaches into a validation window beyond the cut's
 * own instant. Never a random split.
 *
 * The blocks are calendar periods (`foldMonths` months, anchored to the year: 3 is the quarters
 * starting January, April, July and October), not row counts from the table's end: a fold's cut
 * is the first validated row of its period, so a day added to the table moves no cut and leaves
 * every fold's training rows as they were. The newest period grows by the new day's validation
 * row; once the newest K x foldRows validated rows no longer reach into the oldest period, it is
 * dropped. The validation covers every period holding one of the newest K x foldRows rows with a
 * known target (the oldest period whole), so it holds at least as many forecasts as K blocks of
 * foldRows would, in K or K + 1 folds.
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
  /** K: the validation covers the periods holding the newest K x foldRows rows with a known target. */
  readonly folds: number;
  /** Validation rows per fold, nominally (1 on monthly data: each fold forecasts one month). */
  readonly foldRows: number;
  /** Calendar months one fold spans (calendarFoldMonths). */
  readonly foldMonths: number;
  /** A fold with fewer training rows than this is dropped (the oldest ones, when history is short). */
  readonly minTrainRows: number;
}

/** Trading days in a month, nominally: how many months a daily fold of `foldRows` rows spans. */
const TRADING_DAYS_PER_MONTH = 21;

/**
 * The calendar months one fold spans: `foldRows` months on monthly data; on daily data the whole
 * months closest to `foldRows` trading days (21 -> a month, 63 -> a quarter, 252 -> a year), at
 * least one.
 */
export function calendarFoldMonths(frequency: Frequency, foldRows: number): number {
  const rows = Math.max(1, Math.floor(foldRows));
  if (frequency === 'monthly') return rows;
  return Math.max(1, Math.round(rows / TRADING_DAYS_PER_MONTH));
}

/** The calendar period a date falls in: months since year 0, divided by the months of a fold. */
export function calendarPeriod(date: string, foldMonths: number): number {
  const month = Number(date.slice(5, 7));
  if (!/^\d{4}-\d{2}/.test(date) || month < 1 || month > 12)
    throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const year = Number(date.slice(0, 4));
  return Math.floor((year * 12 + month - 1) / foldMonths);
}

/** The folds of an expanding-window, purged walk-forward cut on calendar periods; none when history is too short. */
export function planWalkForward(options: WalkForwardOptions): WalkForwardPlan {
  const { dates, labelKnown, horizonPeriods: h, folds: k, minTrainRows } = options;
  if (!Number.isInteger(h) || h < 1)
    throw new RangeError(`horizon periods must be a positive integer, got ${h}`);
  const size = Math.max(1, Math.floor(options.foldRows));
  const months = Math.max(1, Math.floor(options.foldMonths));
  if (labelKnown.length !== dates.length) throw new RangeError('dates and labelKnown differ in length');
  // A row's target is `h` rows later, so only rows with a row h periods after them can have one.
  const known: number[] = [];
  for (let i = 0; i + h < dates.length; i += 1) if (labelKnown[i] === true) known.push(i);
  const finalTrainEnd = known.length === 0 ? 0 : (known[known.length - 1] ?? -1) + 1;
  const oldestWanted = known[Math.max(0, known.length - Math.max(1, k) * size)];
  if (oldestWanted === undefined) return { folds: [], finalTrainEnd };
  const firstPeriod = calendarPeriod(dateAt(dates, oldestWanted), months);
  const blocks: number[][] = [];
  let current: number | undefined;
  for (const row of known) {
    const period = calendarPeriod(dateAt(dates, row), months);
    if (period < firstPeriod) continue;
    if (period !== current) blocks.push([]);
    current = period;
    blocks[blocks.length - 1]?.push(row);
  }
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
