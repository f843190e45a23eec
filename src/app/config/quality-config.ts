import { z } from 'zod';
import {
  DEFAULT_QUALITY_SETTINGS as D,
  type QualityRule,
  type QualitySettings,
} from '../../domain/data/quality-settings.js';

const severity = z.enum(['blocking', 'warning', 'off']);
const perFrequency = (fallback: { readonly monthly: number; readonly daily: number }) =>
  z
    .object({
      monthly: z.number().int().min(0).default(fallback.monthly),
      daily: z.number().int().min(0).default(fallback.daily),
    })
    .prefault({});

const s = (rule: QualityRule) => severity.default(D.severity[rule]);

const severityShape = {
  schema: s('schema'),
  min_rows: s('min_rows'),
  duplicate_dates: s('duplicate_dates'),
  gaps: s('gaps'),
  freshness: s('freshness'),
  target_nulls: s('target_nulls'),
  feature_nulls: s('feature_nulls'),
  stale_features: s('stale_features'),
  constant_features: s('constant_features'),
  leakage: s('leakage'),
  repeated_values: s('repeated_values'),
  sentinels: s('sentinels'),
};

/**
 * The data-quality gate: each rule's severity (`blocking` fails the run, `warning` is recorded,
 * `off`) and thresholds. docs/data.md explains every rule and its default.
 */
export const qualityConfigSchema = z
  .object({
    severity: z.object(severityShape).strict().prefault({}),
    minRows: perFrequency(D.minRows),
    gapPeriods: perFrequency(D.gapPeriods),
    maxAgePeriods: perFrequency(D.maxAgePeriods),
    maxStalePeriods: perFrequency(D.maxStalePeriods),
    maxNullShare: z.number().min(0).max(1).default(D.maxNullShare),
    maxRepeatRun: perFrequency(D.maxRepeatRun),
    sentinels: z.array(z.number()).default([...D.sentinels]),
    leakageShare: z.number().min(0).max(1).default(D.leakageShare),
    leakageMaxLead: z.number().int().min(0).max(300).default(D.leakageMaxLead),
  })
  .strict()
  .prefault({});

export type QualityConfig = z.infer<typeof qualityConfigSchema>;

// the parsed config is exactly the domain's settings (checked here by the compiler)
const _sameShape: (config: QualityConfig) => QualitySettings = (config) => config;
void _sameShape;
