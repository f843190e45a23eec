import { summarizeError } from '../../../domain/errors.js';
import { PERIODS_PER_YEAR, type Frequency, type Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import type { BoosterParams, ModelLibrary } from '../../../domain/model/model.js';
import { modelFileName, summarizeFolds, type ModelMetadata } from '../../../domain/model/model-metadata.js';
import { judgeSkill, type SkillJudgement, type SkillPolicy } from '../../../domain/model/skill-gate.js';
import { mostCorrelatedFeature } from '../../../domain/data/future-move-correlation.js';
import type { WalkForwardPlan } from '../../../domain/model/walk-forward.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { FoldModelCache } from '../../../ports/fold-model-cache.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { StageContext } from '../stage.js';
import type { ModelRegistry } from './model-registry.js';
import type { JobSlots } from './job-slots.js';
import { trainLibrary } from './train-library.js';
import type { LibraryOutcome } from './train-summary.js';
import type { TrainingData } from './training-data.js';

/** What every library of a horizon trains on tonight. */
export interface HorizonTraining {
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  /** The target's lead in rows (the walk-forward's h). */
  readonly periods: number;
  readonly data: TrainingData;
  readonly plan: WalkForwardPlan;
  readonly hash: string;
  readonly exportHash: string | null;
  readonly context: StageContext;
}

/** One library's settings for tonight. */
export interface LibraryJob {
  readonly trainer: ModelTrainer;
  readonly libraryVersion: string;
  readonly rounds: number;
  readonly params: BoosterParams;
  readonly seed: number;
  readonly configHash: string;
  readonly parallelJobs: number;
  readonly threadsPerJob: number;
  readonly jobTimeoutMs: number;
  readonly skill: SkillPolicy;
  /** The run's places, shared with the other library and the other horizons. */
  readonly slots?: JobSlots;
  /** The jobs' rank for a place (lower first). */
  readonly rank?: number;
  /** Trained models kept from night to night (none: every job trains). */
  readonly cache?: FoldModelCache;
  /** A training job's limit by its rows; default `jobTimeoutMs`. */
  readonly jobTimeoutFor?: (rows: number) => number;
}

/**
 * The parameters a library gets for this data: LightGBM is told which features are categories
 * (their codes are not magnitudes); XGBoost reads the codes as ordered numbers, which its trees
 * split just as well on a handful of categories.
 */
export function paramsForData(
  library: ModelLibrary,
  params: BoosterParams,
  data: TrainingData,
): BoosterParams {
  const names = data.features.featureNames;
  const categorical = names.flatMap((name, i) => (data.categories[name] === undefined ? [] : [i]));
  if (library !== 'lightgbm' || categorical.length === 0) return params;
  return { ...params, categorical_feature: categorical.join(',') };
}

/**
 * Trains one library over the walk-forward plan and saves the version with its metrics, next to
 * the naive forecast and the skill gate's verdict. A failure is returned, not thrown (the other
 * library still counts), unless the stage was stopped.
 */
export async function trainOneLibrary(
  deps: { readonly registry: ModelRegistry; readonly clock: Clock },
  training: HorizonTraining,
  job: LibraryJob,
): Promise<LibraryOutcome> {
  const { context, data, plan, horizon } = training;
  const library = job.trainer.library;
  const started = deps.clock.now();
  try {
    const result = await trainLibrary({
      trainer: job.trainer,
      data,
      plan,
      params: job.params,
      rounds: job.rounds,
      seed: job.seed,
      parallelJobs: job.parallelJobs,
      threadsPerJob: job.threadsPerJob,
      jobTimeoutMs: job.jobTimeoutMs,
      signal: context.signal,
      jobName: `horizon ${horizon}`,
      onProgress: (progress) => context.progress?.({ library, ...progress }),
      ...(job.slots === undefined ? {} : { slots: job.slots }),
      ...(job.rank === undefined ? {} : { rank: job.rank }),
      ...(job.jobTimeoutFor === undefined ? {} : { jobTimeoutFor: job.jobTimeoutFor }),
      clock: deps.clock,
      ...(job.cache === undefined
        ? {}
        : {
            cache: {
              store: job.cache,
              libraryVersion: job.libraryVersion,
              logger: context.logger,
            },
          }),
    });
    const finished = deps.clock.now();
    const metrics = summarizeFolds(result.folds, training.periods, PERIODS_PER_YEAR[training.frequency]);
    const judged = nameTheSuspect(judgeSkill(library, result.folds, training.periods, job.skill), data);
    const metadata: ModelMetadata = {
      schema_version: 1,
      model_name: library,
      library,
      library_version: result.model.libraryVersion,
      format: result.model.format,
      model_file: modelFileName(result.model.format),
      horizon,
      surface: SURFACE,
      version: context.runId,
      frequency: training.frequency,
      horizon_periods: training.periods,
      params: job.params,
      rounds: job.rounds,
      seed: job.seed,
      feature_names: [...result.model.featureNames],
      categories: data.categories,
      label: 'return',
      target_column: data.targetColumn,
      price_column: data.priceColumn,
      target_kind: data.targetKind,
      export_hash: training.exportHash,
      data_hash: training.hash,
      config_hash: job.configHash,
      train_rows: result.trainRows.length,
      first_date: data.dates[result.trainRows[0] ?? 0] ?? '',
      last_date: data.dates[result.trainRows[result.trainRows.length - 1] ?? 0] ?? '',
      folds: result.folds,
      metrics,
      skill: {
        has_skill: judged.has_skill,
        margin: job.skill.margin,
        verdict: judged.verdict,
        test: judged.test,
      },
      run_id: context.runId,
      started_at: started.toISOString(),
      finished_at: finished.toISOString(),
      duration_seconds: (finished.getTime() - started.getTime()) / 1000,
      job_costs: result.jobs.flatMap((j) =>
        j.trained_seconds > 0 ? [{ train_rows: j.train_rows, seconds: j.trained_seconds }] : [],
      ),
    };
    const saved = await deps.registry.saveVersion(result.model, metadata);
    context.logger.info('model trained', {
      horizon,
      library,
      version: saved.version,
      forecasts: saved.metrics.folds,
      mape: saved.metrics.mape,
      naive_mape: saved.metrics.naive_mape,
      has_skill: saved.skill?.has_skill ?? null,
      p_value: saved.skill?.test?.p_value ?? null,
      sharpe: saved.metrics.backtest.sharpe,
    });
    return { library, metadata: saved, jobs: result.jobs };
  } catch (error) {
    if (context.signal.aborted) throw error;
    context.logger.error('training failed', { horizon, library, error: summarizeError(error).message });
    return { library, error };
  }
}

/**
 * A verdict of suspected leakage names the feature most correlated with the move to the target
 * on the training rows: the column to look at first.
 */
function nameTheSuspect(judged: SkillJudgement, data: TrainingData): SkillJudgement {
  if (!judged.test.suspected_leakage) return judged;
  const known = Float64Array.from(data.labels, (label, i) =>
    data.labelKnown[i] === true ? label : Number.NaN,
  );
  const suspect = mostCorrelatedFeature(data.features, known);
  if (suspect === undefined) return judged;
  return {
    ...judged,
    verdict: `${judged.verdict}; the feature most correlated with the move ahead is ${suspect.name} (r ${suspect.correlation.toFixed(3)}): check it is known at the row's date`,
    test: { ...judged.test, suspect_feature: suspect },
  };
}
