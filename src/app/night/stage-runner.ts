import {
  InterruptedError,
  RunDeadlineError,
  StageTimeoutError,
  summarizeError,
  type ErrorSummary,
} from '../../domain/errors.js';
import type { PlannedStage } from '../../domain/night/pipeline-plan.js';
import { attemptBudgetMs, nextRetry, type RetryPolicy } from '../../domain/night/retry-policy.js';
import type { StageRecord } from '../../domain/night/run.js';
import { stageRecord } from '../../domain/night/run-record.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { RunObserver } from './run-observer.js';
import type { StageBody, StageContext, StageResult } from './stage.js';

export interface StageRunnerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Draws the jitter of retry delays; [0, 1). */
  readonly random: () => number;
  readonly observer?: RunObserver | undefined;
}

export interface StageRunSettings {
  readonly runId: string;
  readonly deadline: Date;
  /** Aborted when the run is interrupted (SIGINT/SIGTERM). */
  readonly interrupt: AbortSignal;
  /** How long a stage may take to stop after being told to. */
  readonly stopGraceMs: number;
}

/** How one stage ended, with the facts the run needs beyond its record. */
export interface StageRun {
  readonly record: StageRecord;
  readonly result: StageResult | undefined;
  readonly interrupted: boolean;
  readonly deadlinePassed: boolean;
  /** What to do about the stage's failure (its error's hint), or null. */
  readonly hint: string | null;
}

type AttemptEnd =
  | { readonly kind: 'done'; readonly result: StageResult }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'timeout'; readonly cutByDeadline: boolean }
  | { readonly kind: 'interrupted' };

/**
 * Runs one stage to its end: attempts with a timeout each, retries of transient errors with
 * backoff and jitter, never past the run deadline, stopping at once on an interrupt.
 */
export class StageRunner {
  constructor(
    private readonly deps: StageRunnerDeps,
    private readonly settings: StageRunSettings,
  ) {}

  async run(
    stage: PlannedStage,
    body: StageBody,
    policy: RetryPolicy,
    context: Omit<
      StageContext,
      'attempt' | 'signal' | 'logger' | 'stage' | 'kind' | 'horizon' | 'runId' | 'progress'
    >,
  ): Promise<StageRun> {
    const { clock } = this.deps;
    const logger = this.deps.logger.child({ stage: stage.name });
    const started = clock.now();
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const budget = attemptBudgetMs(policy, this.settings.deadline.getTime() - clock.now().getTime());
      if (budget <= 0) return this.#end(stage, started, attempt - 1, { deadline: true });
      this.deps.observer?.onStageStart?.(stage, attempt, clock.now());
      logger.info('stage started', { attempt, timeoutMs: budget });
      const end = await this.#attempt(
        body,
        {
          ...context,
          runId: this.settings.runId,
          stage: stage.name,
          kind: stage.kind,
          horizon: stage.horizon,
          attempt,
          logger,
          progress: (progress) => {
            try {
              this.deps.observer?.onStageProgress?.(stage, progress);
            } catch {
              // a display that fails must not fail the stage
            }
          },
        },
        budget,
        policy.attemptTimeoutMs > budget,
      );

      if (end.kind === 'done') {
        logger.info(`stage ${end.result.status}`, {
          attempt,
          ...(end.result.status === 'skipped' ? { reason: end.result.reason } : {}),
          ...(end.result.status === 'partial'
            ? { code: end.result.problem.code, problem: end.result.problem.message }
            : {}),
        });
        return this.#end(stage, started, attempt, { result: end.result });
      }
      if (end.kind === 'interrupted') {
        logger.warn('stage interrupted', { attempt });
        return this.#end(stage, started, attempt, { interrupted: true });
      }
      const error =
        end.kind === 'timeout'
          ? end.cutByDeadline
            ? new RunDeadlineError(`${stage.name} was stopped at the run deadline`)
            : new StageTimeoutError(`${stage.name} timed out after ${Math.round(budget / 1000)} s`, {
                transient: true,
              })
          : end.error;
      const summary = summarizeError(error);
      if (summary.code === 'RUN_DEADLINE')
        return this.#end(stage, started, attempt, { deadline: true, error: summary });
      const decision = nextRetry(
        policy,
        attempt,
        summary,
        this.deps.random(),
        this.settings.deadline.getTime() - clock.now().getTime(),
      );
      if (!decision.retry) {
        logger.error('stage failed', {
          attempt,
          code: summary.code,
          error: summary.message,
          why: decision.reason,
        });
        return this.#end(stage, started, attempt, { error: summary });
      }
      logger.warn('stage attempt failed; retrying', {
        attempt,
        code: summary.code,
        error: summary.message,
        delayMs: decision.delayMs,
      });
      this.deps.observer?.onRetry?.(stage, attempt, decision.delayMs, summary);
      try {
        await clock.sleep(decision.delayMs, this.settings.interrupt);
      } catch {
        return this.#end(stage, started, attempt, { interrupted: true });
      }
    }
  }

  async #attempt(
    body: StageBody,
    context: Omit<StageContext, 'signal'>,
    budgetMs: number,
    cutByDeadline: boolean,
  ): Promise<AttemptEnd> {
    const { clock } = this.deps;
    const stop = new AbortController();
    const timer = new AbortController();
    const interrupt = this.settings.interrupt;
    if (interrupt.aborted) return { kind: 'interrupted' };

    const work: Promise<AttemptEnd> = Promise.resolve()
      .then(() => body({ ...context, signal: stop.signal }))
      .then(
        (result): AttemptEnd => ({ kind: 'done', result }),
        (error: unknown): AttemptEnd => ({ kind: 'error', error }),
      );
    const timeout = clock.sleep(budgetMs, timer.signal).then(
      (): AttemptEnd => ({ kind: 'timeout', cutByDeadline }),
      () => new Promise<AttemptEnd>(() => undefined),
    );
    let onInterrupt: (() => void) | undefined;
    const interrupted = new Promise<AttemptEnd>((resolve) => {
      onInterrupt = () => resolve({ kind: 'interrupted' });
      interrupt.addEventListener('abort', onInterrupt, { once: true });
    });

    const first = await Promise.race([work, timeout, interrupted]);
    timer.abort();
    if (onInterrupt) interrupt.removeEventListener('abort', onInterrupt);
    if (first.kind === 'done' || first.kind === 'error') return first;

    // Tell the stage to stop (it kills its children), and give it a moment to do so.
    stop.abort(
      first.kind === 'interrupted' ? new InterruptedError('interrupted') : new StageTimeoutError('timed out'),
    );
    const grace = new AbortController();
    await Promise.race([work, clock.sleep(this.settings.stopGraceMs, grace.signal).catch(() => undefined)]);
    grace.abort();
    return first;
  }

  #end(
    stage: PlannedStage,
    started: Date,
    attempts: number,
    how: { result?: StageResult; error?: ErrorSummary; interrupted?: boolean; deadline?: boolean },
  ): StageRun {
    const ended = this.deps.clock.now();
    const ran = attempts > 0;
    const error: ErrorSummary | undefined = how.interrupted
      ? summarizeError(new InterruptedError('interrupted by a signal'))
      : how.deadline && how.error === undefined && ran
        ? summarizeError(new RunDeadlineError(`${stage.name} was stopped at the run deadline`))
        : how.result?.status === 'partial'
          ? how.result.problem
          : how.error;
    const status: StageRecord['status'] = how.result ? how.result.status : ran ? 'failed' : 'not_run';
    const record = stageRecord(stage, {
      status,
      startedAt: ran ? started : null,
      endedAt: ran ? ended : null,
      attempts,
      error: error ?? null,
      reason:
        how.result?.status === 'skipped'
          ? how.result.reason
          : how.result?.status === 'succeeded' && how.result.note !== undefined
            ? how.result.note
            : !ran && how.deadline
              ? 'the run deadline passed first'
              : null,
      details: how.result?.details ?? null,
    });
    this.deps.observer?.onStageEnd?.(record);
    return {
      record,
      result: how.result,
      interrupted: how.interrupted === true,
      deadlinePassed: how.deadline === true,
      hint: error?.hint ?? null,
    };
  }
}
