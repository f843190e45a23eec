import type { Frequency } from '../horizon.js';

/** The rules that judge a whole table (or a column of it). */
export const TABLE_RULES = [
  'schema',
  'min_rows',
  'duplicate_dates',
  'gaps',
  'coverage',
  'freshness',
  'target_nulls',
  'feature_nulls',
  'stale_features',
  'constant_features',
  'leakage',
  'repeated_values',
  'sentinels',
  'ids',
  'intraday',
] as const;

/**
 * The rules that judge rows: each names the rows it cannot trust, so besides blocking the
 * horizon it can `trim` them (the night trains and forecasts on the other rows only).
 */
export const ROW_RULES = [
  'non_finite',
  'levels',
  'jumps',
  'stale_price',
  'non_trading_days',
  'target_lead',
] as const;

/** The data-quality rules, each over a table and its rows. */
export const QUALITY_RULES = [...TABLE_RULES, ...ROW_RULES] as const;

export type TableRule = (typeof TABLE_RULES)[number];
export type RowRule = (typeof ROW_RULES)[number];
export type QualityRule = TableRule | RowRule;

/**
 * `blocking` stops the horizon (every horizon blocked: the run fails), `trim` leaves what the
 * rule names out (a row rule: its rows, out of training, validation and forecasting;
 * `stale_features`: its columns, out of the features), `warning` is recorded, `off` is not
 * checked.
 */
export type RuleSeverity = 'blocking' | 'trim' | 'warning' | 'off';

export function isRowRule(rule: QualityRule): rule is RowRule {
  return (ROW_RULES as readonly string[]).includes(rule);
}

/** The rules that can name rows to leave out: the row rules, and `gaps` (every row before the last gap). */
export type RowTrimRule = RowRule | 'gaps';

/** Whether `trim` is honoured by the rule (rows: the row rules and `gaps`; columns: `stale_features`). */
export function canTrim(rule: QualityRule): boolean {
  return isRowRule(rule) || rule === 'gaps' || rule === 'stale_features';
}

/** Thresholds of the quality rules; counts of periods are per frequency of the table. */
export interface QualitySettings {
  /** `trim` is honoured by the row rules, `gaps` and `stale_features` (`canTrim`); another table rule set to `trim` acts as `warning`. */
  readonly severity: Readonly<Record<QualityRule, RuleSeverity>>;
  /** min_rows: fewer rows than this fail; also the least trusted rows with a known target after trimming. */
  readonly minRows: Readonly<Record<Frequency, number>>;
  /** gaps: missing periods in a row that count as a gap (daily: business days, so holidays pass). */
  readonly gapPeriods: Readonly<Record<Frequency, number>>;
  /** coverage: a month of a daily table holding fewer than this share of its business days is reported. */
  readonly minCoverage: number;
  /** freshness: the newest row may be this many periods older than now. */
  readonly maxAgePeriods: Readonly<Record<Frequency, number>>;
  /** stale_features: a feature's last value may be this many periods before the table's last date. */
  readonly maxStalePeriods: Readonly<Record<Frequency, number>>;
  /** feature_nulls: share of null rows (0..1) above which a feature is reported. */
  readonly maxNullShare: number;
  /** repeated_values: runs of one value this long (periods) look like a placeholder. */
  readonly maxRepeatRun: Readonly<Record<Frequency, number>>;
  /** sentinels: values that stand for "missing" in some publishers' files. */
  readonly sentinels: readonly number[];
  /** leakage: a feature equal to the target (or the price ahead) on this share of rows or more. */
  readonly leakageShare: number;
  /** leakage: compare with the price up to this many periods ahead. */
  readonly leakageMaxLead: number;
  /**
   * leakage beyond equality: a feature whose |correlation| with the price's log move over the
   * next 1..leakageMaxLead periods (or the target's lead) reaches this sees the future (0 or 1: off).
   */
  readonly leakageCorrelation: number;
  /** stale_price: the price unchanged on this many rows in a row is a placeholder carried forward. */
  readonly maxStalePriceRun: Readonly<Record<Frequency, number>>;
  /**
   * jumps: a move between trusted rows larger than this many robust standard deviations of the
   * series' own moves (log moves for a positive series) is not a market move.
   */
  readonly jumpScale: number;
  /**
   * levels: a value further than this many robust standard deviations (of the log level for a
   * positive series) from the series' median is outside its plausible range.
   */
  readonly levelScale: number;
  /** levels, jumps: feature columns checked besides the price and the target (`*` matches any text). */
  readonly levelColumns: readonly string[];
  /** target_lead: the lead of a target the table brings is searched up to this many rows. */
  readonly maxTargetLead: number;
}

export const DEFAULT_QUALITY_SETTINGS: QualitySettings = {
  severity: {
    schema: 'blocking',
    min_rows: 'blocking',
    duplicate_dates: 'blocking',
    gaps: 'blocking',
    coverage: 'warning',
    freshness: 'warning',
    target_nulls: 'blocking',
    feature_nulls: 'warning',
    stale_features: 'trim',
    constant_features: 'warning',
    leakage: 'blocking',
    repeated_values: 'warning',
    sentinels: 'blocking',
    ids: 'warning',
    intraday: 'warning',
    non_finite: 'blocking',
    levels: 'blocking',
    jumps: 'trim',
    stale_price: 'trim',
    non_trading_days: 'trim',
    target_lead: 'trim',
  },
  minRows: { monthly: 120, daily: 500 },
  gapPeriods: { monthly: 1, daily: 5 },
  minCoverage: 0.8,
  maxAgePeriods: { monthly: 3, daily: 5 },
  maxStalePeriods: { monthly: 3, daily: 10 },
  maxNullShare: 0.5,
  maxRepeatRun: { monthly: 12, daily: 20 },
  sentinels: [-999, -9999, -99999, 9999, 99999],
  leakageShare: 0.98,
  leakageMaxLead: 12,
  leakageCorrelation: 0.8,
  maxStalePriceRun: { monthly: 3, daily: 5 },
  jumpScale: 12,
  levelScale: 12,
  levelColumns: [],
  maxTargetLead: 400,
};
