import type { Horizon } from '../horizon.js';
import type { QualityRule } from './quality-settings.js';
import type { TargetKind } from './target-lead.js';

/** Consecutive rows of a table, by date. */
export interface RowRange {
  readonly from: string;
  readonly to: string;
  readonly rows: number;
}

/** Which rows a row rule flagged: the count and the date ranges they form. */
export interface FlaggedRows {
  readonly count: number;
  readonly ranges: readonly RowRange[];
}

/** One thing a rule found. `value` and `limit` are the numbers the message names. */
export interface QualityFinding {
  readonly rule: QualityRule;
  /**
   * `trim`: the rows are left out of training, validation and forecasting (a column rule: the
   * columns are left out of the features); the horizon goes on.
   */
  readonly severity: 'blocking' | 'trim' | 'warning';
  readonly column: string | null;
  /** A table rule that found many columns: all of them (`column` is null then). */
  readonly columns?: readonly string[];
  readonly message: string;
  readonly value: number | null;
  readonly limit: number | null;
  /** Row rules: the rows found. */
  readonly rows?: FlaggedRows;
  /** Row rules: further rows whose target looks into the rows found (their targets cannot be trusted either). */
  readonly targetRows?: FlaggedRows;
}

/** What the target of a table that brings its own targets really is. */
export interface TargetReport {
  readonly column: string;
  readonly kind: TargetKind;
  /** Rows between a row and the row whose price its target is. */
  readonly lead: number;
  /** The horizon's periods at the table's frequency (1w = 5 trading days, ...). */
  readonly nominal: number;
  readonly exact: boolean;
  readonly exact_share: number;
  readonly median_error: number;
}

/**
 * A horizon's verdict: `passed` (nothing blocks, no row left out), `trimmed` (the night goes on
 * without the rows the trim rules name), `blocked` (a blocking finding: the horizon neither
 * trains nor forecasts tonight).
 */
export type QualityVerdict = 'passed' | 'trimmed' | 'blocked';

/** The verdict on one training table. */
export interface QualityReport {
  readonly table: string;
  readonly horizon: Horizon;
  readonly rows: number;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** False when any blocking finding exists. */
  readonly passed: boolean;
  readonly verdict: QualityVerdict;
  /** Rows the rules trust, and those with a trusted target (what training may use). */
  readonly trustedRows: number;
  readonly trustedTargets: number;
  /** The newest trusted row (the date a forecast is made from). */
  readonly lastTrustedDate: string | null;
  readonly roles: {
    readonly date: string | null;
    readonly price: string | null;
    readonly target: string | null;
    readonly other_targets: readonly string[];
    readonly features: number;
    readonly categorical: readonly string[];
    readonly excluded: readonly string[];
    /** Text columns unique on every row (ids), left out of the features. */
    readonly ids: readonly string[];
  };
  readonly target: TargetReport | null;
  /** Features left out tonight by a column rule set to `trim` (a feature that stopped). */
  readonly droppedFeatures: readonly string[];
  readonly findings: readonly QualityFinding[];
}

/** The first blocking finding of the reports, to name in the failure. */
export function firstBlocking(
  reports: readonly QualityReport[],
): { readonly report: QualityReport; readonly finding: QualityFinding } | undefined {
  for (const report of reports) {
    const finding = report.findings.find((f) => f.severity === 'blocking');
    if (finding) return { report, finding };
  }
  return undefined;
}

/** Row indexes (ascending) as date ranges of consecutive rows. */
export function flaggedRows(rows: readonly number[], dates: readonly string[]): FlaggedRows {
  const ranges: RowRange[] = [];
  let start = -1;
  let previous = -2;
  const close = (): void => {
    if (start >= 0)
      ranges.push({ from: dates[start] ?? '?', to: dates[previous] ?? '?', rows: previous - start + 1 });
  };
  for (const row of rows) {
    if (row !== previous + 1) {
      close();
      start = row;
    }
    previous = row;
  }
  close();
  return { count: rows.length, ranges };
}
