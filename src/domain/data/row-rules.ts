import type { Frequency } from '../horizon.js';
import { flaggedRows, type QualityFinding } from './quality-report.js';
import type { QualitySettings, RowRule, RowTrimRule, RuleSeverity } from './quality-settings.js';
import { findGaps, gapUnit } from './calendar-rules.js';
import { jumpRows, levelOutliers, nonFiniteRows, nonTradingRows, staleRuns } from './row-checks.js';
import { pct } from './rule-draft.js';

/**
 * The row rules' findings as they accumulate, and the rows they take out: a row flagged by a
 * rule set to `trim` or `blocking` is no longer trusted (later rules neither look at it nor
 * learn from it); `warning` reports the rows and keeps them.
 */
export class RowVerdicts {
  readonly findings: QualityFinding[] = [];
  /** 1 for a row a trim or blocking rule took out. */
  readonly removed: Uint8Array;
  /** The rule that took each removed row out (for the targets that look into it). */
  readonly removedBy: (RowTrimRule | undefined)[];

  constructor(
    readonly dates: readonly string[],
    private readonly settings: QualitySettings,
  ) {
    this.removed = new Uint8Array(dates.length);
    this.removedBy = new Array<RowTrimRule | undefined>(dates.length);
  }

  /** Rows no trim or blocking rule took out (1) so far. */
  usable(): Uint8Array {
    return this.removed.map((r) => (r === 1 ? 0 : 1));
  }

  /**
   * Records a finding on `rows` and returns the rule's severity (`off`: nothing recorded). Rows
   * flagged by a trim or blocking rule are taken out; with `targets`, the rows keep their place
   * and only their targets are untrusted (the caller drops them), reported as `targetRows`.
   */
  flag(
    rule: RowTrimRule,
    column: string | null,
    rows: readonly number[],
    message: string,
    options: {
      readonly value?: number | null;
      readonly limit?: number | null;
      readonly targets?: boolean;
    } = {},
  ): RuleSeverity {
    const severity = this.settings.severity[rule];
    if (severity === 'off' || rows.length === 0) return severity;
    const flagged = flaggedRows(rows, this.dates);
    this.findings.push({
      rule,
      severity,
      column,
      message: `${rule}: ${message}`,
      value: options.value ?? rows.length,
      limit: options.limit ?? null,
      ...(options.targets === true ? { targetRows: flagged } : { rows: flagged }),
    });
    if (severity === 'warning' || options.targets === true) return severity;
    for (const row of rows) {
      if (this.removed[row] === 1) continue;
      this.removed[row] = 1;
      this.removedBy[row] = rule;
    }
    return severity;
  }

  /** A finding that names no rows (e.g. a target whose lead is not its horizon's). */
  note(rule: RowRule, column: string | null, message: string, value: number | null, limit: number | null): void {
    const severity = this.settings.severity[rule];
    if (severity === 'off') return;
    this.findings.push({ rule, severity, column, message: `${rule}: ${message}`, value, limit });
  }
}

/**
 * `gaps` set to `trim`: a table with gaps in its dates is trained from the row after its last
 * gap on, so one old gap no longer blocks a long history; the rows before it are left out and
 * the finding says where training starts.
 */
export function trimBeforeLastGap(verdicts: RowVerdicts, frequency: Frequency, settings: QualitySettings): void {
  if (settings.severity.gaps !== 'trim') return;
  const limit = settings.gapPeriods[frequency];
  const gaps = findGaps(verdicts.dates, frequency, limit);
  const last = gaps.at(-1);
  if (last === undefined) return;
  verdicts.flag(
    'gaps',
    null,
    range(0, last.toRow - 1),
    `${gaps.length} gaps in the dates (a gap is ${limit} or more ${gapUnit(frequency)}); the last misses ${last.missing} ${gapUnit(frequency)} between ${last.from} and ${last.to}: training starts at ${last.to}, the ${last.toRow} rows before it are left out`,
    { value: gaps.length, limit },
  );
}

/** A numeric column the row rules look at. */
export interface CheckedColumn {
  readonly name: string;
  readonly values: Float64Array;
}

/**
 * The row rules that need no target: non-finite values (every numeric column), rows dated on
 * days without trading (daily tables), a price carried forward unchanged, and levels and jumps
 * no market makes (the price and the configured level columns).
 */
export function checkRows(
  verdicts: RowVerdicts,
  input: {
    readonly frequency: Frequency;
    readonly price: CheckedColumn | undefined;
    readonly numeric: readonly CheckedColumn[];
    readonly levelColumns: readonly CheckedColumn[];
  },
  settings: QualitySettings,
): void {
  for (const column of input.numeric) {
    const rows = nonFiniteRows(column.values);
    verdicts.flag('non_finite', column.name, rows, `${column.name} holds an infinite value on ${rows.length} rows`);
  }
  if (input.frequency === 'daily') {
    const rows = nonTradingRows(verdicts.dates);
    verdicts.flag(
      'non_trading_days',
      null,
      rows,
      `${rows.length} rows are dated on a Saturday or Sunday, when no exchange trades (rows made up to fill the calendar)`,
    );
  }
  const price = input.price;
  if (price !== undefined) {
    const limit = settings.maxStalePriceRun[input.frequency];
    const runs = staleRuns(price.values, limit);
    const rows = runs.flatMap((run) => range(run.start, run.end));
    const shown = runs
      .slice(0, 3)
      .map((run) => `${run.value} on ${run.end - run.start + 1} rows from ${verdicts.dates[run.start] ?? '?'}`)
      .join('; ');
    verdicts.flag(
      'stale_price',
      price.name,
      rows,
      `${price.name} does not change for ${limit} rows or more (${shown}${runs.length > 3 ? '; ...' : ''}): a value carried forward, not a market price`,
      { limit },
    );
  }
  for (const column of [...(price === undefined ? [] : [price]), ...input.levelColumns]) {
    checkLevels(verdicts, column, settings);
  }
}

/**
 * The levels and jumps rules on one column, over the rows still usable (`usable` overrides
 * them). With `targets`, the column is a target: its flagged rows lose their target only.
 * Returns the rows flagged by a rule that trims or blocks.
 */
export function checkLevels(
  verdicts: RowVerdicts,
  column: CheckedColumn,
  settings: QualitySettings,
  options: { readonly targets?: boolean; readonly usable?: Uint8Array } = {},
): number[] {
  const untrusted: number[] = [];
  const targets = options.targets === true;
  const levels = levelOutliers(column.values, options.usable ?? verdicts.usable(), settings.levelScale);
  if (levels !== undefined && levels.rows.length > 0) {
    const severity = verdicts.flag(
      'levels',
      column.name,
      levels.rows,
      `${column.name} lies outside the range ${fmt(levels.low)} .. ${fmt(levels.high)} learned from its history (${settings.levelScale} robust s.d. of its ${levels.logScale ? 'log ' : ''}level) on ${levels.rows.length} rows, e.g. ${example(verdicts, column, levels.rows)}`,
      { limit: settings.levelScale, targets },
    );
    if (severity === 'trim' || severity === 'blocking') untrusted.push(...levels.rows);
  }
  const usable = (options.usable ?? verdicts.usable()).map((u, i) => (untrusted.includes(i) ? 0 : u));
  const jumps = jumpRows(column.values, usable, settings.jumpScale);
  if (jumps !== undefined && jumps.rows.length > 0) {
    const move = jumps.logScale
      ? `${pct(Math.exp(jumps.high) - 1)} (log move ${fmt(jumps.high)})`
      : fmt(jumps.high);
    const severity = verdicts.flag(
      'jumps',
      column.name,
      jumps.rows,
      `${column.name} moves by more than ${move} between trusted rows (${settings.jumpScale} robust s.d. of its moves) on ${jumps.rows.length} rows, e.g. ${example(verdicts, column, jumps.rows)}`,
      { limit: settings.jumpScale, targets },
    );
    if (severity === 'trim' || severity === 'blocking') untrusted.push(...jumps.rows);
  }
  return untrusted;
}

function example(verdicts: RowVerdicts, column: CheckedColumn, rows: readonly number[]): string {
  const row = rows[0] ?? 0;
  return `${fmt(column.values[row] ?? Number.NaN)} on ${verdicts.dates[row] ?? '?'}`;
}

function fmt(value: number): string {
  return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0)
    ? value.toExponential(2)
    : String(Number(value.toPrecision(4)));
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
