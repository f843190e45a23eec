import { summarizeError } from '../../domain/errors.js';
import type { Horizon } from '../../domain/horizon.js';
import { localIso } from '../../domain/iso-time.js';
import { runLogKey } from '../../domain/layout.js';
import { buildNightlyPlan, type StageKind } from '../../domain/night/pipeline-plan.js';
import type { RetryPolicy } from '../../domain/night/retry-policy.js';
import type { RunLock, RunRecord, RunTrigger, StageRecord } from '../../domain/night/run.js';
import { enoughHorizonsTrained, foldRunOutcome, type StageOutcome } from '../../domain/night/run-outcome.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { PowerManager } from '../../ports/power-manager.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import type { RunObserver } from './run-observer.js';
import type { NightlyStages, StageResult } from './stage.js';
import { StageRunner } from './stage-runner.js';

/** What bounds a run; all times in milliseconds. */
export interface RunSettings {
  readonly horizons: readonly Horizon[];
  readonly minHorizons: number;
  readonly deadlineMs: number;
  readonly retry: Omit<RetryPolicy, 'attemptTimeoutMs'>;
  readonly stageTimeoutMs: Readonly<Record<StageKind, number>>;
  /** How long a stage may take to stop once told to (timeout, interrupt). */
  readonly stopGraceMs: number;
}

export interface RunNightlyDeps {
  readonly clock: Clock;
  readonly status: StatusStore;
  readonly power: PowerManager;
  readonly logger: Logger;
  readonly stages: NightlyStages;
  readonly settings: RunSettings;
  /** Draws retry jitter in [0, 1). */
  readonly random: () => number;
  readonly observer?: RunObserver | undefined;
  /**
   * Tells the outside that the run started and how it ended (the dead-man's-switch pings of
   * the alert channels). Must not throw; a failed delivery never changes the run.
   */
  readonly notify?: ((kind: RunNotice, run: RunRecord) => Promise<void>) | undefined;
}

/** The run events sent to the alert channels. */
export type RunNotice = 'run_started' | 'run_succeeded' | 'run_failed';

export interface RunNightlyInput {
  /** From formatRunId(start) by the caller, who opens the run's log file under this id. */
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly pid: number;
  readonly host: string;
  /** Aborted on SIGINT/SIGTERM: the current stage is stopped and the run recorded as interrupted. */
  readonly interrupt?: AbortSignal;
}

/**
 * One nightly run: takes the lock (RunLockedError if another live run has it), keeps the
 * machine awake, runs the plan's stages with retries under the run deadline, records progress
 * after every stage, then the final record; always releases the lock.
 */
export async function runNightly(deps: RunNightlyDeps, input: RunNightlyInput): Promise<RunRecord> {
  const { clock, status, settings } = deps;
  const start = clock.now();
  const deadline = new Date(start.getTime() + settings.deadlineMs);
  const logger = deps.logger.child({ runId: input.runId });
  const lock: RunLock = {
    runId: input.runId,
    pid: input.pid,
    host: input.host,
    startedAt: localIso(start),
    deadline: localIso(deadline),
  };
  await status.acquireLock(lock);
  const interrupt = input.interrupt ?? new AbortController().signal;
  const keepAwake = await deps.power.keepAwake(`cbi nightly run ${input.runId}`);
  try {
    const plan = buildNightlyPlan({ horizons: settings.horizons, minHorizons: settings.minHorizons });
    logger.info('run started', {
      trigger: input.trigger,
      horizons: settings.horizons,
      deadline: lock.deadline,
      keepAwake: keepAwake.mechanism,
    });
    const records = new Map<string, StageRecord>(
      plan.stages.map((s) => [s.name, notRun(s.name, s.critical, s.horizon)]),
    );
    const base = {
      schema_version: 1 as const,
      trigger: input.trigger,
      horizons: [...settings.horizons],
      pid: input.pid,
      host: input.host,
      deadline: lock.deadline,
      log_file: runLogKey(input.runId),
    };
    // The seed's seven keys first, in the seed's order, so its dashboards read the file unchanged.
    const record = (
      end: Pick<
        RunRecord,
        'end_time' | 'success' | 'failed_stage' | 'error' | 'error_code' | 'state' | 'exit_code'
      >,
    ): RunRecord => ({
      run_id: input.runId,
      start_time: lock.startedAt,
      end_time: end.end_time,
      success: end.success,
      failed_stage: end.failed_stage,
      error: end.error,
      stages: [...records.values()],
      ...base,
      state: end.state,
      exit_code: end.exit_code,
      error_code: end.error_code,
    });
    const progress = (): RunRecord =>
      record({
        end_time: null,
        success: false,
        failed_stage: null,
        error: null,
        error_code: null,
        state: 'running',
        exit_code: null,
      });
    const first = progress();
    await status.recordRun(first);
    deps.observer?.onRunStart?.(first);
    await deps.notify?.('run_started', first);

    const runner = new StageRunner(
      { clock, logger, random: deps.random, observer: deps.observer },
      { runId: input.runId, deadline, interrupt, stopGraceMs: settings.stopGraceMs },
    );
    const earlier = new Map<string, StageResult>();
    const outcomes: StageOutcome[] = [];
    let interrupted = false;
    let deadlinePassed = false;
    let stopReason = '';
    for (const stage of plan.stages) {
      if (interrupt.aborted) {
        interrupted = true;
        break;
      }
      if (clock.now().getTime() >= deadline.getTime()) {
        deadlinePassed = true;
        break;
      }
      const criticalFailure = outcomes.find(
        (o) => o.status === 'failed' && plan.stages.find((s) => s.name === o.name)?.critical,
      );
      if (criticalFailure) {
        stopReason = `critical stage ${criticalFailure.name} failed`;
        break;
      }
      if (stage.kind === 'predict' && !enoughHorizonsTrained(plan, outcomes)) {
        stopReason = `fewer than ${plan.minHorizons} horizons trained`;
        break;
      }
      const ran = await runner.run(
        stage,
        deps.stages[stage.kind],
        { ...settings.retry, attemptTimeoutMs: settings.stageTimeoutMs[stage.kind] },
        {
          horizons: settings.horizons,
          earlier,
        },
      );
      records.set(stage.name, ran.record);
      outcomes.push({
        name: stage.name,
        status: ran.record.status,
        errorCode: ran.record.error_code,
        error: ran.record.error,
      });
      if (ran.result) earlier.set(stage.name, ran.result);
      interrupted ||= ran.interrupted;
      deadlinePassed ||= ran.deadlinePassed;
      if (interrupted || deadlinePassed) break;
      await status.recordRun(progress());
    }
    if (interrupt.aborted) interrupted = true;
    if (interrupted) stopReason = 'the run was interrupted';
    else if (deadlinePassed) stopReason = 'the run deadline passed first';
    for (const stage of plan.stages) {
      if (!outcomes.some((o) => o.name === stage.name)) {
        outcomes.push({ name: stage.name, status: 'not_run', errorCode: null, error: null });
        const record = records.get(stage.name);
        if (record && stopReason !== '') records.set(stage.name, { ...record, reason: stopReason });
      }
    }
    const outcome = foldRunOutcome(plan, outcomes, { interrupted, deadlinePassed });
    const final = record({
      end_time: localIso(clock.now()),
      success: outcome.state === 'success' || outcome.state === 'partial',
      failed_stage: outcome.failedStage,
      error: outcome.error,
      error_code: outcome.errorCode,
      state: outcome.state,
      exit_code: outcome.exitCode,
    });
    await status.recordRun(final);
    logger.info('run ended', {
      state: final.state,
      exitCode: final.exit_code,
      failedStage: final.failed_stage,
      error: final.error,
    });
    deps.observer?.onRunEnd?.(final);
    await deps.notify?.(final.success ? 'run_succeeded' : 'run_failed', final);
    return final;
  } catch (error) {
    logger.error('run aborted by an unexpected error', { error: summarizeError(error).message });
    throw error;
  } finally {
    await keepAwake
      .release()
      .catch((error: unknown) =>
        logger.warn('keep-awake release failed', { error: summarizeError(error).message }),
      );
    await status.releaseLock(input.runId);
  }
}

function notRun(name: string, critical: boolean, horizon: Horizon | null): StageRecord {
  return {
    name,
    success: false,
    start_time: null,
    end_time: null,
    duration_seconds: null,
    error: null,
    retries: 0,
    status: 'not_run',
    critical,
    horizon,
    attempts: 0,
    error_code: null,
    reason: null,
    details: null,
  };
}
