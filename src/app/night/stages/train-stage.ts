import {
  CbiError,
  TrainingFailedError,
  WarehouseQueryError,
  summarizeError,
} from '../../../domain/errors.js';
import { horizonPeriods, PERIODS_PER_YEAR, type Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import type { BoosterParams, ModelLibrary } from '../../../domain/model/model.js';
import { modelFileName, summarizeFolds, type ModelMetadata } from '../../../domain/model/model-metadata.js';
import { planWalkForward } from '../../../domain/model/walk-forward.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { readExportHash } from '../train/export-hash.js';
import { trainSummary, type LibraryOutcome } from '../train/train-summary.js';
import { ModelRegistry } from '../train/model-registry.js';
import { championDetails, promoteChampion } from '../train/promote-champion.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';
import { trainLibrary } from '../train/train-library.js';
import { dataHash, settingsHash } from '../train/training-fingerprint.js';
import { toTrainingData, type TrainingData } from '../train/training-data.js';

/** Rounds and parameters of one library (from the configured preset). */
export interface LibrarySettings {
  readonly rounds: number;
  readonly params: BoosterParams;
}

export interface TrainStageSettings {
  /** K: the newest K rows with a known target are the walk-forward folds. */
  readonly folds: number;
  /** A fold with fewer training rows is dropped. */
  readonly minTrainRows: number;
  /** Relative margin a challenger must beat the champion's MAPE by (0.01 = 1 %). */
  readonly promotionTolerance: number;
  /** Training jobs (folds, final model) run at once. */
  readonly parallelJobs: number;
  /** Threads all concurrent jobs share (already resolved: at least 1). */
  readonly threads: number;
  readonly jobTimeoutMs: number;
  readonly seed: number;
  /** Rounds and parameters per library; a trainer whose library has none is not used. */
  readonly libraries: Readonly<Partial<Record<ModelLibrary, LibrarySettings>>>;
  /** A horizon trained on the same data with the same settings less than this long ago is not retrained (0: always train). */
  readonly reuseWithinMs: number;
}

export interface TrainStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly trainers: readonly ModelTrainer[];
  readonly clock: Clock;
  readonly settings: TrainStageSettings;
}

/**
 * The train stage of one horizon (`context.horizon`): walk-forward validation and a final model
 * for every configured library, each saved as a new version with its metrics next to the naive
 * forecast, then champion/challenger promotion. A horizon the data's frequency cannot express is
 * skipped; when every library fails, the first failure is thrown (the stage fails, the run goes
 * on to the next horizon). Same data and settings trained recently: reused, not repeated.
 */
export function createTrainStage(deps: TrainStageDeps): StageBody {
  const registry = new ModelRegistry(deps.artifacts);
  return async (context: StageContext): Promise<StageResult> => {
    const horizon = context.horizon;
    if (horizon === null) throw new TrainingFailedError(`stage ${context.stage} has no horizon`);
    const tables = await deps.warehouse.trainingTables();
    const info = tables.find((t) => t.horizon === horizon);
    const frequency = info?.frequency ?? tables[0]?.frequency;
    const periods = frequency === undefined ? undefined : horizonPeriods(horizon, frequency);
    if (frequency !== undefined && periods === undefined)
      return { status: 'skipped', reason: `not supported at ${frequency} resolution` };
    if (info === undefined || periods === undefined)
      throw new WarehouseQueryError(`no training table for horizon ${horizon}`);

    const data = toTrainingData(await deps.warehouse.readTrainingTable(horizon), horizon);
    const plan = planWalkForward({
      dates: data.dates,
      labelKnown: data.labelKnown,
      horizonPeriods: periods,
      folds: deps.settings.folds,
      minTrainRows: deps.settings.minTrainRows,
    });
    if (plan.folds.length === 0) {
      throw new TrainingFailedError(
        `${horizon}: ${data.dates.length} rows leave no walk-forward fold with ${deps.settings.minTrainRows} training rows`,
      );
    }
    const trainers = deps.trainers.filter((t) => deps.settings.libraries[t.library] !== undefined);
    if (trainers.length === 0) throw new TrainingFailedError('no model library is configured');
    const hash = dataHash(data);
    const exportHash = await readExportHash(deps.artifacts, horizon);
    const common = {
      horizon,
      frequency: info.frequency,
      periods,
      data,
      plan,
      hash,
      exportHash,
      context,
    };

    const configs = await Promise.all(
      trainers.map(async (trainer) => ({
        trainer,
        version: await trainer.version().catch((e: unknown) => e),
      })),
    );
    // A library trained on the same data with the same settings recently (a catch-up run of the
    // same night) is reused; only the others train.
    const outcomes: LibraryOutcome[] = [];
    for (const { trainer, version } of configs) {
      const reusable = await findReusable(deps, registry, common, trainer.library, version);
      outcomes.push(
        reusable === undefined
          ? await trainOne(deps, registry, common, trainer, version)
          : { library: trainer.library, metadata: reusable, reused: true },
      );
    }
    if (outcomes.every((o) => o.reused === true)) {
      context.logger.info('training reused: same data and settings trained recently', {
        horizon,
        versions: outcomes.map((o) => o.metadata?.version),
      });
      const champion = await registry.championRecord(horizon);
      return {
        status: 'succeeded',
        details: { ...trainSummary(common, outcomes), reused: true, champion: championDetails(champion) },
      };
    }
    const trained = outcomes.flatMap((o) => (o.metadata === undefined ? [] : [o.metadata]));
    if (trained.length === 0) {
      const first = outcomes[0]?.error;
      if (first instanceof CbiError) throw first;
      throw new TrainingFailedError(`${horizon}: every library failed: ${summarizeError(first).message}`, {
        cause: first,
      });
    }
    const promotion = await promoteChampion(
      { registry, clock: deps.clock, tolerance: deps.settings.promotionTolerance, logger: context.logger },
      { horizon, runId: context.runId },
      trained,
    );
    const details = { ...trainSummary(common, outcomes), reused: false, ...promotion };
    // A library that failed while another trained leaves the horizon forecast, but the night is
    // only partly done: say which library failed, so a library that fails every night is seen.
    const failed = outcomes.filter((o) => o.metadata === undefined);
    if (failed.length > 0) {
      const first = summarizeError(failed[0]?.error);
      return {
        status: 'partial',
        problem: {
          ...first,
          message: failed
            .map((o) => `${o.library} failed for ${horizon}: ${summarizeError(o.error).message}`)
            .join('; '),
        },
        details,
      };
    }
    return { status: 'succeeded', details };
  };
}

interface Common {
  readonly horizon: Horizon;
  readonly frequency: 'daily' | 'monthly';
  readonly periods: number;
  readonly data: TrainingData;
  readonly plan: ReturnType<typeof planWalkForward>;
  readonly hash: string;
  readonly exportHash: string | null;
  readonly context: StageContext;
}

function configHash(
  deps: TrainStageDeps,
  common: Common,
  library: ModelLibrary,
  libraryVersion: string,
): string {
  const settings = deps.settings;
  return settingsHash({
    library,
    libraryVersion,
    params: settings.libraries[library]?.params,
    rounds: settings.libraries[library]?.rounds,
    seed: settings.seed,
    folds: settings.folds,
    minTrainRows: settings.minTrainRows,
    periods: common.periods,
  });
}

/** The newest version of a library when it was trained on the same data and settings within the reuse window. */
async function findReusable(
  deps: TrainStageDeps,
  registry: ModelRegistry,
  common: Common,
  library: ModelLibrary,
  version: unknown,
): Promise<ModelMetadata | undefined> {
  if (typeof version !== 'string' || deps.settings.reuseWithinMs <= 0) return undefined;
  const latest = await registry.latest(common.horizon, library).catch(() => undefined);
  if (latest === undefined) return undefined;
  const age = deps.clock.now().getTime() - Date.parse(latest.finished_at);
  const same =
    latest.data_hash === common.hash && latest.config_hash === configHash(deps, common, library, version);
  return same && age >= 0 && age < deps.settings.reuseWithinMs ? latest : undefined;
}

async function trainOne(
  deps: TrainStageDeps,
  registry: ModelRegistry,
  common: Common,
  trainer: ModelTrainer,
  version: unknown,
): Promise<LibraryOutcome> {
  const { context, data, plan, horizon } = common;
  const library = trainer.library;
  const preset = deps.settings.libraries[library];
  if (typeof version !== 'string' || preset === undefined) {
    context.logger.error('library unavailable', { horizon, library, error: summarizeError(version).message });
    return { library, error: version };
  }
  const started = deps.clock.now();
  const parallelJobs = Math.max(1, deps.settings.parallelJobs);
  try {
    const result = await trainLibrary({
      trainer,
      data,
      plan,
      params: preset.params,
      rounds: preset.rounds,
      seed: deps.settings.seed,
      parallelJobs,
      threadsPerJob: Math.max(1, Math.floor(deps.settings.threads / parallelJobs)),
      jobTimeoutMs: deps.settings.jobTimeoutMs,
      signal: context.signal,
      jobName: `horizon ${horizon}`,
    });
    const finished = deps.clock.now();
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
      frequency: common.frequency,
      horizon_periods: common.periods,
      params: preset.params,
      rounds: preset.rounds,
      seed: deps.settings.seed,
      feature_names: [...result.model.featureNames],
      label: 'return',
      target_column: data.targetColumn,
      price_column: data.priceColumn,
      export_hash: common.exportHash,
      data_hash: common.hash,
      config_hash: configHash(deps, common, library, version),
      train_rows: result.trainRows.length,
      first_date: data.dates[result.trainRows[0] ?? 0] ?? '',
      last_date: data.dates[result.trainRows[result.trainRows.length - 1] ?? 0] ?? '',
      folds: result.folds,
      metrics: summarizeFolds(result.folds, common.periods, PERIODS_PER_YEAR[common.frequency]),
      run_id: context.runId,
      started_at: started.toISOString(),
      finished_at: finished.toISOString(),
      duration_seconds: (finished.getTime() - started.getTime()) / 1000,
    };
    await registry.saveVersion(result.model, metadata);
    context.logger.info('model trained', {
      horizon,
      library,
      version: metadata.version,
      folds: metadata.metrics.folds,
      mape: metadata.metrics.mape,
      naive_mape: metadata.metrics.naive_mape,
      sharpe: metadata.metrics.backtest.sharpe,
    });
    return { library, metadata };
  } catch (error) {
    if (context.signal.aborted) throw error;
    context.logger.error('training failed', { horizon, library, error: summarizeError(error).message });
    return { library, error };
  }
}
