import { CbiError, TrainingFailedError } from '../../../domain/errors.js';
import type { BoosterParams, TrainedModel } from '../../../domain/model/model.js';
import { scoreFold, type FoldRecord } from '../../../domain/model/model-metadata.js';
import { trainingRows, type WalkForwardPlan } from '../../../domain/model/walk-forward.js';
import type { StageProgress } from '../../../domain/night/stage-progress.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
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
  /** Places shared with the other libraries of the horizon (the thread budget): each job holds one. */
  readonly slots?: JobSlots;
}

export interface LibraryTrainingResult {
  /** Trained on every row whose target is known. */
  readonly model: TrainedModel;
  /** One per walk-forward forecast (every validation row of every fold), oldest first. */
  readonly folds: readonly FoldRecord[];
  /** Rows of the final model. */
  readonly trainRows: readonly number[];
}

type Job =
  | { readonly kind: 'fold'; readonly folds: readonly FoldRecord[] }
  | { readonly kind: 'final'; readonly model: TrainedModel };

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
  let at: number | null = plan.folds.length > 0 ? 1 : null;
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
  const train = async (
    rows: readonly number[],
    signal: AbortSignal,
    jobName: string,
  ): Promise<TrainedModel> => {
    try {
      return await trainer.train({
        onRounds: (done) => {
          live.set(jobName, done);
          report();
        },
        jobName,
        features: selectRows(data.features, rows),
        labels: selectValues(data.labels, rows),
        params: input.params,
        rounds: input.rounds,
        seed: input.seed,
        threads: input.threadsPerJob,
        timeoutMs: input.jobTimeoutMs,
        signal,
      });
    } finally {
      live.delete(jobName);
    }
  };
  const finalRows = trainingRows(data.labelKnown, plan.finalTrainEnd);
  // the final model first, then the newest folds: the longest jobs start first, so the last job
  // to run alone is a short one
  const jobs: ((signal: AbortSignal) => Promise<Job>)[] = [
    async (signal: AbortSignal): Promise<Job> => ({
      kind: 'final',
      model: await train(finalRows, signal, `${input.jobName} final model`),
    }),
    ...[...plan.folds].reverse().map((fold) => async (signal: AbortSignal): Promise<Job> => {
      at = fold.index + 1;
      report();
      const rows = trainingRows(data.labelKnown, fold.trainEnd);
      const jobName = `${input.jobName} fold ${fold.index + 1}/${plan.folds.length} (cut ${fold.cutDate})`;
      const model = await train(rows, signal, jobName);
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
      return { kind: 'fold', folds: forecasts };
    }),
  ];
  const attempts = Math.max(1, input.jobAttempts ?? 2);
  const results = await runPool(
    jobs.map((job) => async (signal: AbortSignal) => {
      const done = await retryTransient(job, signal, attempts);
      jobsDone += 1;
      report();
      return done;
    }),
    input.parallelJobs,
    input.signal,
    input.slots,
  );
  const folds = results
    .flatMap((job) => (job.kind === 'fold' ? job.folds : []))
    .sort((a, b) => a.period - b.period);
  const final = results.find((job) => job.kind === 'final');
  if (final?.kind !== 'final') throw new TrainingFailedError(`${trainer.library} produced no final model`);
  return { model: final.model, folds, trainRows: finalRows };
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
