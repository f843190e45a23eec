import type { TrainDetails } from '../../../domain/night/stage-details.js';
import { CbiError, TrainingFailedError, summarizeError } from '../../../domain/errors.js';
import { HORIZONS, horizonPeriods, type Frequency } from '../../../domain/horizon.js';
import type { BoosterParams, ModelLibrary } from '../../../domain/model/model.js';
import type { ModelMetadata } from '../../../domain/model/model-metadata.js';
import type { SkillPolicy } from '../../../domain/model/skill-gate.js';
import { calendarFoldMonths, planWalkForward } from '../../../domain/model/walk-forward.js';
import { jobTimeoutMs, type JobTimeoutPolicy } from '../../../domain/model/job-timeout.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { FoldModelCache } from '../../../ports/fold-model-cache.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { readAuditedTable, type TableSettings } from '../table/audit-horizon.js';
import { relaxHint } from './quality-verdict.js';
import { readExportHash } from '../train/export-hash.js';
import { ModelRegistry } from '../train/model-registry.js';
import { championDetails, promoteChampion } from '../train/promote-champion.js';
import { paramsForData, trainOneLibrary, type HorizonTraining } from '../train/train-one-library.js';
import { JobSlots } from '../train/job-slots.js';
import { trainSummary, type LibraryOutcome } from '../train/train-summary.js';
import { dataHash, settingsHash } from '../train/training-fingerprint.js';
import { trainingData } from '../train/training-data.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

/** Rounds and parameters of one library (from the configured preset). */
export interface LibrarySettings {
  readonly rounds: number;
  readonly params: BoosterParams;
}

export interface TrainStageSettings {
  /** K: how many walk-forward folds, by the table's frequency. */
  readonly folds: Readonly<Record<Frequency, number>>;
  /** Validation rows per fold, by the table's frequency (monthly 1, daily 21). */
  readonly foldRows: Readonly<Record<Frequency, number>>;
  /** A fold with fewer training rows is dropped. */
  readonly minTrainRows: number;
  /** Relative margin a challenger must beat the champion's MAPE by (0.01 = 1 %). */
  readonly promotionTolerance: number;
  /** Promotion and publication need skill: beating the naive forecast (docs/models.md). */
  readonly skill: SkillPolicy;
  /** Training jobs (folds, final model) run at once. */
  readonly parallelJobs: number;
  /** Threads all concurrent jobs share (already resolved: at least 1). */
  readonly threads: number;
  /** A job's limit with no earlier cost measured (and every job's without `jobTimeout`). */
  readonly jobTimeoutMs: number;
  /** Job limits from earlier nights' costs (factor, floor, ceiling); absent: `jobTimeoutMs` for every job. */
  readonly jobTimeout?: Omit<JobTimeoutPolicy, 'unmeasuredMs'>;
  readonly seed: number;
  /** Rounds and parameters per library; a trainer whose library has none is not used. */
  readonly libraries: Readonly<Partial<Record<ModelLibrary, LibrarySettings>>>;
  /** A horizon trained on the same data with the same settings less than this long ago is not retrained (0: always train). */
  readonly reuseWithinMs: number;
  /** How tables are read and judged (the same as the quality stage's). */
  readonly table: TableSettings;
}

export interface TrainStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly trainers: readonly ModelTrainer[];
  readonly clock: Clock;
  readonly settings: TrainStageSettings;
  /** Trained models kept from night to night: a fold trained before on the same rows is loaded, not trained. */
  readonly foldCache?: FoldModelCache;
}

/**
 * The train stage of one horizon (`context.horizon`): the table is audited as the quality stage
 * did (a blocked horizon is skipped with the rule's reason; trimmed rows train nothing), then a
 * purged walk-forward and a final model for every configured library, each saved as a new
 * version with its metrics next to the naive forecast and the skill gate's verdict, then
 * champion/challenger promotion (skilled challengers only). A horizon the data's frequency
 * cannot express is skipped; when every library fails, the first failure is thrown (the stage
 * fails, the run goes on to the next horizon). Same data and settings trained recently: reused.
 */
export function createTrainStage(deps: TrainStageDeps): StageBody<'train'> {
  const registry = new ModelRegistry(deps.artifacts);
  // the thread budget's places, shared by every horizon this body trains (a run's train stages
  // run side by side: run.sideBySide), the shorter horizons' jobs served first
  const slots = new JobSlots(Math.max(1, deps.settings.parallelJobs));
  return async (context: StageContext): Promise<StageResult<TrainDetails>> => {
    const horizon = context.horizon;
    if (horizon === null) throw new TrainingFailedError(`stage ${context.stage} has no horizon`);
    const tables = await deps.warehouse.trainingTables();
    const info = tables.find((t) => t.horizon === horizon);
    const frequency = info?.frequency ?? tables[0]?.frequency;
    if (frequency !== undefined && horizonPeriods(horizon, frequency) === undefined)
      return { status: 'skipped', reason: `not supported at ${frequency} resolution` };
    if (info === undefined)
      return { status: 'skipped', reason: 'the warehouse holds no training table for it' };

    const audited = await readAuditedTable(deps.warehouse, info, deps.settings.table, deps.clock.now());
    const report = audited.audit.report;
    const blocking = report.findings.find((f) => f.severity === 'blocking');
    if (blocking !== undefined) {
      return {
        status: 'skipped',
        reason: `blocked by the quality gate: ${blocking.message}; ${relaxHint(blocking)}`,
        details: { quality: 'blocked', rule: blocking.rule, hint: relaxHint(blocking) },
      };
    }
    const { data } = trainingData(audited);
    const plan = planWalkForward({
      dates: data.dates,
      labelKnown: data.labelKnown,
      horizonPeriods: data.lead,
      folds: deps.settings.folds[info.frequency],
      foldRows: deps.settings.foldRows[info.frequency],
      foldMonths: calendarFoldMonths(info.frequency, deps.settings.foldRows[info.frequency]),
      minTrainRows: deps.settings.minTrainRows,
    });
    if (plan.folds.length === 0) {
      throw new TrainingFailedError(
        `${horizon}: ${data.labelKnown.filter(Boolean).length} rows with a trusted target leave no walk-forward fold with ${deps.settings.minTrainRows} training rows`,
      );
    }
    const trainers = deps.trainers.filter((t) => deps.settings.libraries[t.library] !== undefined);
    if (trainers.length === 0) throw new TrainingFailedError('no model library is configured');
    const training: HorizonTraining = {
      horizon,
      frequency: info.frequency,
      periods: data.lead,
      data,
      plan,
      hash: dataHash(data),
      exportHash: await readExportHash(deps.artifacts, horizon),
      context,
    };
    const quality = {
      verdict: report.verdict,
      trusted_rows: report.trustedRows,
      trusted_targets: report.trustedTargets,
      dropped_features: report.droppedFeatures.length,
      target_lead: data.lead,
      nominal_periods: horizonPeriods(horizon, info.frequency) ?? null,
    };

    const versions = await Promise.all(
      trainers.map(async (trainer) => ({
        trainer,
        version: await trainer.version().catch((e: unknown) => e),
      })),
    );
    // A library trained on the same data with the same settings recently (a catch-up run of the
    // same night) is reused; only the others train. The libraries (and the other horizons) train
    // side by side, sharing the thread budget's places: the one done first leaves its places to
    // the others. XGBoost's jobs queue first (DART re-predicts every tree each round: its jobs
    // are the long ones).
    const queued = [...versions].sort((a, b) => slowFirst(a.trainer.library) - slowFirst(b.trainer.library));
    const done = new Map(
      await Promise.all(
        queued.map(
          async ({ trainer, version }) =>
            [trainer, await trainOrReuse(deps, registry, training, trainer, version, slots)] as const,
        ),
      ),
    );
    const outcomes = versions.flatMap(({ trainer }) => {
      const outcome = done.get(trainer);
      return outcome === undefined ? [] : [outcome];
    });
    const summary = { ...trainSummary(training, outcomes, deps.settings.skill.margin), quality };
    if (outcomes.every((o) => o.reused === true)) {
      context.logger.info('training reused: same data and settings trained recently', {
        horizon,
        versions: outcomes.map((o) => o.metadata?.version),
      });
      const champion = await registry.championRecord(horizon);
      return {
        status: 'succeeded',
        details: { ...summary, reused: true as const, champion: championDetails(champion) },
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
      {
        registry,
        clock: deps.clock,
        policy: { tolerance: deps.settings.promotionTolerance },
        skillMargin: deps.settings.skill.margin,
        logger: context.logger,
      },
      { horizon, runId: context.runId },
      trained,
    );
    const details = { ...summary, reused: false as const, ...promotion };
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

async function trainOrReuse(
  deps: TrainStageDeps,
  registry: ModelRegistry,
  training: HorizonTraining,
  trainer: ModelTrainer,
  version: unknown,
  slots: JobSlots,
): Promise<LibraryOutcome> {
  const library = trainer.library;
  const preset = deps.settings.libraries[library];
  if (typeof version !== 'string' || preset === undefined) {
    training.context.logger.error('library unavailable', {
      horizon: training.horizon,
      library,
      error: summarizeError(version).message,
    });
    return { library, error: version };
  }
  const params = paramsForData(library, preset.params, training.data);
  const configHash = settingsHash({
    library,
    libraryVersion: version,
    params,
    rounds: preset.rounds,
    seed: deps.settings.seed,
    folds: deps.settings.folds[training.frequency],
    foldRows: deps.settings.foldRows[training.frequency],
    minTrainRows: deps.settings.minTrainRows,
    periods: training.periods,
    skillMargin: deps.settings.skill.margin,
    skillAlpha: deps.settings.skill.alpha,
    minIndependentForecasts: deps.settings.skill.minIndependentForecasts,
    leakageRatio: deps.settings.skill.leakageRatio,
  });
  const reusable = await findReusable(deps, registry, training, library, configHash);
  if (reusable !== undefined) return { library, metadata: reusable, reused: true };
  const parallelJobs = Math.max(1, deps.settings.parallelJobs);
  const jobTimeoutFor = await jobLimits(deps, registry, training, library, configHash);
  return trainOneLibrary({ registry, clock: deps.clock }, training, {
    trainer,
    libraryVersion: version,
    rounds: preset.rounds,
    params,
    seed: deps.settings.seed,
    configHash,
    parallelJobs,
    threadsPerJob: Math.max(1, Math.floor(deps.settings.threads / parallelJobs)),
    jobTimeoutMs: deps.settings.jobTimeoutMs,
    skill: deps.settings.skill,
    slots,
    rank: HORIZONS.indexOf(training.horizon),
    ...(deps.foldCache === undefined ? {} : { cache: deps.foldCache }),
    ...(jobTimeoutFor === undefined ? {} : { jobTimeoutFor }),
  });
}

/**
 * Job limits from what the library's jobs cost when it last trained this horizon with the same
 * settings (its newest version's `job_costs`); undefined without a policy.
 */
async function jobLimits(
  deps: TrainStageDeps,
  registry: ModelRegistry,
  training: HorizonTraining,
  library: ModelLibrary,
  configHash: string,
): Promise<((rows: number) => number) | undefined> {
  const policy = deps.settings.jobTimeout;
  if (policy === undefined) return undefined;
  const latest = await registry.latest(training.horizon, library).catch(() => undefined);
  const earlier = latest?.config_hash === configHash ? (latest.job_costs ?? []) : [];
  const full = { ...policy, unmeasuredMs: deps.settings.jobTimeoutMs };
  return (rows) => jobTimeoutMs(full, earlier, rows);
}

function slowFirst(library: ModelLibrary): number {
  return library === 'xgboost' ? 0 : 1;
}

/** The newest version of a library when it was trained on the same data and settings within the reuse window. */
async function findReusable(
  deps: TrainStageDeps,
  registry: ModelRegistry,
  training: HorizonTraining,
  library: ModelLibrary,
  configHash: string,
): Promise<ModelMetadata | undefined> {
  if (deps.settings.reuseWithinMs <= 0) return undefined;
  const latest = await registry.latest(training.horizon, library).catch(() => undefined);
  if (latest === undefined) return undefined;
  const age = deps.clock.now().getTime() - Date.parse(latest.finished_at);
  const same = latest.data_hash === training.hash && latest.config_hash === configHash;
  return same && age >= 0 && age < deps.settings.reuseWithinMs ? latest : undefined;
}
