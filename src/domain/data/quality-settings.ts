import type { Frequency } from '../horizon.js';

/** The data-quality rules, each over a TableProfile. */
export const QUALITY_RULES = [
  'schema',
  'min_rows',
  'duplicate_dates',
  'gaps',
  'freshness',
  'target_nulls',
  'feature_nulls',
  'stale_features',
  'constant_features',
  'leakage',
  'repeated_values',
  'sentinels',
] as const;

export type QualityRule = (typeof QUALITY_RULES)[number];

/** `blocking` fails the run, `warning` is recorded, `off` is not checked. */
export type RuleSeverity = 'blocking' | 'warning' | 'off';

/** Thresholds of the quality rules; counts of periods are per frequency of the table. */
export interface QualitySettings {
  readonly severity: Readonly<Record<QualityRule, RuleSeverity>>;
  /** min_rows: fewer rows than this fail. */
  readonly minRows: Readonly<Record<Frequency, number>>;
  /** gaps: missing periods in a row that count as a gap (daily: business days, so holidays pass). */
  readonly gapPeriods: Readonly<Record<Frequency, number>>;
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
}

export const DEFAULT_QUALITY_SETTINGS: QualitySettings = {
  severity: {
    schema: 'blocking',
    min_rows: 'blocking',
    duplicate_dates: 'blocking',
    gaps: 'blocking',
    freshness: 'warning',
    target_nulls: 'blocking',
    feature_nulls: 'warning',
    stale_features: 'blocking',
    constant_features: 'warning',
    leakage: 'blocking',
    repeated_values: 'warning',
    sentinels: 'blocking',
  },
  minRows: { monthly: 120, daily: 500 },
  gapPeriods: { monthly: 1, daily: 5 },
  maxAgePeriods: { monthly: 3, daily: 5 },
  maxStalePeriods: { monthly: 3, daily: 10 },
  maxNullShare: 0.5,
  maxRepeatRun: { monthly: 12, daily: 20 },
  sentinels: [-999, -9999, -99999, 9999, 99999],
  leakageShare: 0.98,
  leakageMaxLead: 12,
};
