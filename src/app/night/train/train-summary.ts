import type { SkillTestFields } from '../../../domain/night/stage-details.js';
import { summarizeError } from '../../../domain/errors.js';
import type { Frequency, Horizon } from '../../../domain/horizon.js';
import type { ModelLibrary } from '../../../domain/model/model.js';
import { modelHasSkill, type ModelMetadata } from '../../../domain/model/model-metadata.js';
import type { WalkForwardPlan } from '../../../domain/model/walk-forward.js';
import type { TrainJobSummary, TrainSummary } from '../../../domain/night/stage-details.js';
import type { TrainingData } from './training-data.js';

/** How one library's training of a horizon ended: a saved version, or the error. */
export interface LibraryOutcome {
  readonly library: ModelLibrary;
  readonly metadata?: ModelMetadata;
  readonly error?: unknown;
  /** True when an earlier run's identical training was reused instead of training again. */
  readonly reused?: boolean;
  /** Each job of a library trained tonight: trained, or its model reused from the fold cache. */
  readonly jobs?: readonly TrainJobSummary[];
}

export interface SummaryInput {
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  readonly periods: number;
  readonly data: TrainingData;
  readonly plan: WalkForwardPlan;
  readonly hash: string;
  readonly exportHash: string | null;
}

/** The train stage's details as they land in the run status: data, folds and each library's metrics. */
export function trainSummary(
  common: SummaryInput,
  outcomes: readonly LibraryOutcome[],
  skillMargin: number,
): Omit<TrainSummary, 'quality'> {
  const { plan, data } = common;
  const lastFold = plan.folds[plan.folds.length - 1];
  return {
    horizon: common.horizon,
    frequency: common.frequency,
    periods: common.periods,
    rows: data.dates.length,
    trained_rows: data.labelKnown.filter(Boolean).length,
    features: data.features.cols,
    categorical: Object.keys(data.categories),
    folds: plan.folds.length,
    validation_rows: plan.folds.reduce((sum, f) => sum + f.testRows.length, 0),
    first_fold: plan.folds[0]?.cutDate ?? null,
    last_fold: lastFold?.cutDate ?? null,
    data_hash: common.hash,
    export_hash: common.exportHash,
    models: outcomes.map((o) =>
      o.metadata === undefined
        ? { model: o.library, status: 'failed' as const, error: summarizeError(o.error).message }
        : {
            model: o.library,
            status: o.reused === true ? ('reused' as const) : ('trained' as const),
            version: o.metadata.version,
            library_version: o.metadata.library_version,
            mape: o.metadata.metrics.mape,
            naive_mape: o.metadata.metrics.naive_mape,
            has_skill: modelHasSkill(o.metadata, skillMargin),
            ...skillTestDetails(o.metadata),
            sharpe: o.metadata.metrics.backtest.sharpe,
            hit_rate: o.metadata.metrics.backtest.hit_rate,
            max_drawdown: o.metadata.metrics.backtest.max_drawdown,
            seconds: o.metadata.duration_seconds,
            ...(o.jobs === undefined ? {} : { jobs: o.jobs }),
          },
    ),
  };
}

/** The skill test's figures as the run status shows them (absent for a verdict from before the test). */
export function skillTestDetails(metadata: ModelMetadata): SkillTestFields {
  const test = metadata.skill?.test;
  if (test === undefined) return {};
  return {
    skill_verdict: metadata.skill?.verdict ?? null,
    dm_statistic: test.statistic,
    p_value: test.p_value,
    forecasts: test.forecasts,
    independent_forecasts: test.independent_forecasts,
    error_ratio: test.error_ratio,
    suspected_leakage: test.suspected_leakage,
    ...(test.suspect_feature === undefined ? {} : { suspect_feature: test.suspect_feature.name }),
  };
}
