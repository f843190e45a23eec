import { CbiError, TrainingFailedError } from '../../../domain/errors.js';
import type { BoosterParams, TrainedModel } from '../../../domain/model/model.js';
import { scoreFold, type FoldRecord } from '../../../domain/model/model-metadata.js';
import { trainingRows, type WalkForwardPlan } from '../../../domain/model/walk-forward.js';
import type { StageProgress } from '../../../domain/night/stage-progress.js';
import type { TrainJobSummary } from '../../../domain/night/stage-details.js';
import { summarizeError } from '../../../domain/errors.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { FoldModelCache } from '../../../ports/fold-model-cache.port.js';
import type { Logger } from '../../../ports/logger.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import { foldModelKey } from './fold-model-key.js';
import { runPool } from './job-pool.js';
import type { JobSlots } from './job-slots.js';
import { selectRows, selectValues, type TrainingData } from './training-data.js';

export interface LibraryTrainingInput {
  readonly trainer: ModelTrainer;
  readonly data: TrainingData;
  readonly plan: WalkForwardPlan;
  readonly params: BoosterParams;
  readonly rounds: number;
  readonly seed: number;
  /** Jobs run at once; the thread budget is split between them. */
  readonly parallelJobs: number;
  readonly threadsPerJob: number;
  readonly jobTimeoutMs: number;
  readonly signal: AbortSignal;
  /** Names the jobs in errors and logs, e.g. `horizon 1m`. */
  readonly jobName: string;
  /** Tries per job when it fails transiently (a worker killed from outside); default 2. */
  readonly jobAttempts?: number;
  /** Told as jobs start and end (and rounds pass, when the trainer can tell). */
  readonly onProgress?: (progress: Omit<StageProgress, 'library'>) => void;
  /** Places shared with the other libraries and horizons (the thread budget): each job holds one. */
  readonly slots?: JobSlots;
  /** The jobs' rank for a place (lower first: the horizon's place in the plan); default 0. */
  readonly rank?: number;
  /** Trained models kept from night to night: a job whose key is there is loaded, not trained. */
  readonly cache?: JobCache;
  /** A training job's limit by its rows (from earlier nights' costs); default `jobTimeoutMs`. */
  readonly jobTimeoutFor?: (rows: number) => number;
  /** Times each job's training (its cost, kept for later nights); without it, costs are 0 (unknown). */
  readonly clock?: Clock;
}

/** The fold cache as a library's training uses it. */
export interface JobCache {
  readonly store: FoldModelCache;
  /** The library's version tonight (part of every key). */
  readonly libraryVersion: string;
  /** A cache that cannot be read or written is logged, and the job trains. */
  readonly logger: Logger;
}

export interface LibraryTrainingResult {
  /** Trained on every row whose target is known. */
  readonly model: TrainedModel;
  /** One per walk-forward forecast (every validation row of every fold), oldest first. */
  readonly folds: readonly FoldRecord[];
  /** Rows of the final model. */
  readonly trainRows: readonly number[];
  /** Each job (the final model, then the folds oldest first): trained tonight or reused from the cache. */
  readonly jobs: readonly TrainJobSummary[];
}

type Job =
  | { readonly kind: 'fold'; readonly folds: readonly FoldRecord[]; readonly record: TrainJobSummary }
  | { readonly kind: 'final'; readonly model: TrainedModel; readonly record: TrainJobSummary };

/** A job's model and how it was had. */
interface Obtained {
  readonly model: TrainedModel;
  readonly reused: boolean;
  /** Tonight's seconds of training (0 when reused). */
  readonly seconds: number;
  /** What training it cost when it was trained (tonight, or the night it was). */
  readonly trainedSeconds: number;
  /** The limit tonight's training had (none when reused). */
  readonly timeoutMs?: number;
}

/**
 * One library over a walk-forward plan: a model per fold (trained only on rows whose target was
 * known at the fold's cut, scored on each of the fold's validation rows) and a final model on
 * every row with a known target. Jobs run `parallelJobs` at once; the first failure stops the
 * rest and is thrown.
 */
export async function trainLibrary(input: LibraryTrainingInput): Promise<LibraryTrainingResult> {
  const { trainer, data, plan } = input;
  const jobCount = plan.folds.length + 1;
  const live = new Map<string, number>(); // rounds done by the jobs at work
  let jobsDone = 0;
  let at: number | null = null; // the fold of the job started last; null: the final model
  const report = (): void => {
    let rounds = jobsDone * input.rounds;
    for (const done of live.values()) rounds += Math.min(done, input.rounds);
    input.onProgress?.({
      jobsDone,
      jobs: jobCount,
      fold: at,
      folds: plan.folds.length,
      roundsDone: rounds,
      rounds: jobCount * input.rounds,
    });
  };
  const cache = input.cache;
  const train = async (rows: readonly number[], signal: AbortSignal, jobName: string): Promise<Obtained> => {
    const features = selectRows(data.features, rows);
    const labels = selectValues(data.labels, rows);
    const key =
      cache === undefined
        ? undefined
        : foldModelKey({
            library: trainer.library,
            libraryVersion: cache.libraryVersion,
            params: input.params,
            rounds: input.rounds,
            seed: input.seed,
            threads: input.threadsPerJob,
            features,
            labels,
          });
    if (cache !== undefined && key !== undefined) {
      const found = await cache.store.get(key).catch((error: unknown) => {
        cache.logger.warn('the fold cache could not be read; training instead', {
          job: jobName,
          error: summarizeError(error).message,
        });
        return undefined;
      });
      if (found !== undefined && found.model.library === trainer.library)
        return { model: found.model, reused: true, seconds: 0, trainedSeconds: found.trainSeconds };
    }
    const clock = input.clock;
    const started = clock?.now().getTime() ?? 0;
    const timeoutMs = input.jobTimeoutFor?.(rows.length) ?? input.jobTimeoutMs;
    let model: TrainedModel;
    try {
      model = await trainer.train({
        onRounds: (done) => {
          live.set(jobName, done);
          report();
        },
        jobName,
        features,
        labels,
        params: input.params,
        rounds: input.rounds,
        seed: input.seed,
        threads: input.threadsPerJob,
        timeoutMs,
        signal,
      });
    } finally {
      live.delete(jobName);
    }
    const finished = clock?.now();
    const seconds = finished === undefined ? 0 : (finished.getTime() - started) / 1000;
    if (cache === undefined || key === undefined)
      return { model, reused: false, seconds, trainedSeconds: seconds, timeoutMs };
    await cache.store
      .put({
        key,
        model,
        trainRows: rows.length,
        trainSeconds: seconds,
        trainedAt: (finished ?? new Date(0)).toISOString(),
      })
      .catch((error: unknown) => {
        cache.logger.warn('the fold cache could not keep a model; it will be trained again', {
          job: jobName,
          error: summarizeError(error).message,
        });
      });
    return { model, reused: false, seconds, trainedSeconds: seconds, timeoutMs };
  };
  const record = (
    job: string,
    cutDate: string | null,
    rows: readonly number[],
    obtained: Obtained,
  ): TrainJobSummary => ({
    job,
    cut_date: cutDate,
    train_rows: rows.length,
    status: obtained.reused ? 'reused' : 'trained',
    seconds: obtained.seconds,
    trained_seconds: obtained.trainedSeconds,
    ...(obtained.timeoutMs === undefined ? {} : { timeout_seconds: obtained.timeoutMs / 1000 }),
  });
  const finalRows = trainingRows(data.labelKnown, plan.finalTrainEnd);
  // the final model first, then the newest folds: the longest jobs start first, so the last job
  // to run alone is a short one
  const jobs: ((signal: AbortSignal) => Promise<Job>)[] = [
    async (signal: AbortSignal): Promise<Job> => {
      at = null;
      report();
      const obtained = await train(finalRows, signal, `${input.jobName} final model`);
      return { kind: 'final', model: obtained.model, record: record('final', null, finalRows, obtained) };
    },
    ...[...plan.folds].reverse().map((fold) => async (signal: AbortSignal): Promise<Job> => {
      at = fold.index + 1;
      report();
      const rows = trainingRows(data.labelKnown, fold.trainEnd);
      const jobName = `${input.jobName} fold ${fold.index + 1}/${plan.folds.length} (cut ${fold.cutDate})`;
      const obtained = await train(rows, signal, jobName);
      const model = obtained.model;
      const predicted = await trainer.predict({
        jobName,
        model,
        features: selectRows(data.features, fold.testRows),
        threads: input.threadsPerJob,
        timeoutMs: input.jobTimeoutMs,
        signal,
      });
      const forecasts = fold.testRows.map((row, k) => {
        const predictedReturn = predicted[k];
        if (predictedReturn === undefined || !Number.isFinite(predictedReturn)) {
          throw new TrainingFailedError(
            `${trainer.library} predicted no finite value for ${data.dates[row] ?? row} in the fold cut at ${fold.cutDate}`,
          );
        }
        return scoreFold({
          cutDate: data.dates[row] ?? '',
          targetDate: data.dates[row + data.lead] ?? '',
          period: row,
          trainRows: rows.length,
          currentPrice: data.prices[row] ?? Number.NaN,
          actualPrice: data.targets[row] ?? Number.NaN,
          predictedReturn,
          fold: fold.index,
        });
      });
      const name = `fold ${fold.index + 1}/${plan.folds.length}`;
      return { kind: 'fold', folds: forecasts, record: record(name, fold.cutDate, rows, obtained) };
    }),
  ];
  const attempts = Math.max(1, input.jobAttempts ?? 2);
  const results = await runPool(
    jobs.map((job) => async (signal: AbortSignal) => {
      const done = await retryTransient(job, signal, attempts);
      jobsDone += 1;
      if (jobsDone === jobCount) at = null;
      report();
      return done;
    }),
    input.parallelJobs,
    input.signal,
    input.slots,
    input.rank,
  );
  const folds = results
    .flatMap((job) => (job.kind === 'fold' ? job.folds : []))
    .sort((a, b) => a.period - b.period);
  const final = results.find((job) => job.kind === 'final');
  if (final?.kind !== 'final') throw new TrainingFailedError(`${trainer.library} produced no final model`);
  const foldJobs = results
    .flatMap((job) => (job.kind === 'fold' ? [job.record] : []))
    .sort((a, b) => ((a.cut_date ?? '') < (b.cut_date ?? '') ? -1 : 1));
  return { model: final.model, folds, trainRows: finalRows, jobs: [final.record, ...foldJobs] };
}

/** Runs a job again when it failed transiently (its worker was killed from outside), up to `attempts` tries. */
async function retryTransient<T>(
  job: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
  attempts: number,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await job(signal);
    } catch (error) {
      if (signal.aborted || attempt >= attempts || !(error instanceof CbiError) || !error.transient)
        throw error;
    }
  }
}
