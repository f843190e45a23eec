import { z } from 'zod';
import {
  DEFAULT_QUALITY_SETTINGS as D,
  type QualityRule,
  type QualitySettings,
} from '../../domain/data/quality-settings.js';

const severity = z.enum(['blocking', 'warning', 'off']);
/** The rules that can leave out what they find (rows; a dead feature's column) instead of blocking. */
const trimmable = z.enum(['blocking', 'trim', 'warning', 'off']);
const perFrequency = (fallback: { readonly monthly: number; readonly daily: number }) =>
  z
    .object({
      monthly: z.number().int().min(0).default(fallback.monthly),
      daily: z.number().int().min(0).default(fallback.daily),
    })
    .prefault({});

const s = (rule: QualityRule) => {
  const fallback = D.severity[rule];
  if (fallback === 'trim') throw new RangeError(`${rule} defaults to trim: declare it with t()`);
  return severity.default(fallback);
};
const t = (rule: QualityRule) => trimmable.default(D.severity[rule]);

const severityShape = {
  schema: s('schema'),
  min_rows: s('min_rows'),
  duplicate_dates: s('duplicate_dates'),
  gaps: t('gaps'),
  coverage: s('coverage'),
  freshness: s('freshness'),
  target_nulls: s('target_nulls'),
  feature_nulls: s('feature_nulls'),
  stale_features: t('stale_features'),
  constant_features: s('constant_features'),
  leakage: s('leakage'),
  repeated_values: s('repeated_values'),
  sentinels: s('sentinels'),
  ids: s('ids'),
  intraday: s('intraday'),
  non_finite: t('non_finite'),
  levels: t('levels'),
  jumps: t('jumps'),
  stale_price: t('stale_price'),
  non_trading_days: t('non_trading_days'),
  target_lead: t('target_lead'),
};

/**
 * The data-quality gate: each rule's severity (`blocking` stops the horizon, `trim` leaves out
 * what the rule names (row rules and stale_features), `warning` is recorded, `off`) and
 * thresholds. docs/data.md explains every rule and its default.
 */
export const qualityConfigSchema = z
  .object({
    severity: z.object(severityShape).strict().prefault({}),
    minRows: perFrequency(D.minRows),
    gapPeriods: perFrequency(D.gapPeriods),
    minCoverage: z.number().min(0).max(1).default(D.minCoverage),
    maxAgePeriods: perFrequency(D.maxAgePeriods),
    maxStalePeriods: perFrequency(D.maxStalePeriods),
    maxNullShare: z.number().min(0).max(1).default(D.maxNullShare),
    maxRepeatRun: perFrequency(D.maxRepeatRun),
    sentinels: z.array(z.number()).default([...D.sentinels]),
    leakageShare: z.number().min(0).max(1).default(D.leakageShare),
    leakageMaxLead: z.number().int().min(0).max(300).default(D.leakageMaxLead),
    leakageCorrelation: z.number().min(0).max(1).default(D.leakageCorrelation),
    maxStalePriceRun: perFrequency(D.maxStalePriceRun),
    jumpScale: z.number().positive().default(D.jumpScale),
    levelScale: z.number().positive().default(D.levelScale),
    levelColumns: z.array(z.string().min(1)).default([...D.levelColumns]),
    maxTargetLead: z.number().int().min(1).max(2000).default(D.maxTargetLead),
    /**
     * The sanity band of forecasts: a forecast further from the current price than `factor` x
     * the largest move over the horizon in the history (or than `maxMove`, when set) is not
     * published.
     */
    forecastBand: z
      .object({
        factor: z.number().min(1).default(1.5),
        maxMove: z.number().positive().optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type QualityConfig = z.infer<typeof qualityConfigSchema>;

// the parsed config holds the domain's settings (checked here by the compiler)
const _sameShape: (config: QualityConfig) => QualitySettings = (config) => config;
void _sameShape;
