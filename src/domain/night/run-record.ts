import type { ErrorCode } from '../errors.js';
import type { Horizon } from '../horizon.js';
import { localIso } from '../iso-time.js';
import { runLogKey } from '../layout.js';
import type { PlannedStage } from './pipeline-plan.js';
import type { RunOutcome } from './run-outcome.js';
import type { RunRecord, RunTrigger, StageRecord } from './run.js';

/** What identifies a run from its start to its end. */
export interface RunFacts {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly horizons: readonly Horizon[];
  readonly pid: number;
  readonly host: string;
  readonly startedAt: Date;
  readonly deadline: Date;
}

/** How a run ended, in the terms of its record. */
export interface RunEnd {
  readonly endedAt: Date;
  readonly outcome: RunOutcome;
  /** What to do about the failure, when there is one. */
  readonly hint?: string | null;
}

/**
 * The one place a run record is put together. The seed's seven keys come first, in the seed's
 * order, so its dashboards and its watchdog read the file unchanged; ours follow.
 */
export function runRecord(facts: RunFacts, stages: readonly StageRecord[], end?: RunEnd): RunRecord {
  const outcome = end?.outcome;
  return {
    run_id: facts.runId,
    start_time: localIso(facts.startedAt),
    end_time: end === undefined ? null : localIso(end.endedAt),
    success: outcome !== undefined && (outcome.state === 'success' || outcome.state === 'partial'),
    failed_stage: outcome?.failedStage ?? null,
    error: outcome?.error ?? null,
    stages: [...stages],
    schema_version: 1,
    state: outcome?.state ?? 'running',
    exit_code: outcome?.exitCode ?? null,
    error_code: outcome?.errorCode ?? null,
    hint: end?.hint ?? null,
    trigger: facts.trigger,
    horizons: [...facts.horizons],
    pid: facts.pid,
    host: facts.host,
    deadline: localIso(facts.deadline),
    log_file: runLogKey(facts.runId),
  };
}

/** A planned stage that has not started (yet, or at all: then `reason` says why). */
export function notRunStage(stage: PlannedStage, reason: string | null = null): StageRecord {
  return {
    name: stage.name,
    success: false,
    start_time: null,
    end_time: null,
    duration_seconds: null,
    error: null,
    retries: 0,
    status: 'not_run',
    critical: stage.critical,
    horizon: stage.horizon,
    attempts: 0,
    error_code: null,
    reason,
    details: null,
  };
}

/**
 * A stage that failed before it could start its work (the warehouse would not open, the
 * stages could not be made): failed at `at`, one attempt, with the error.
 */
export function failedStage(
  stage: PlannedStage,
  at: Date,
  error: { readonly code: ErrorCode | 'UNEXPECTED'; readonly message: string },
): StageRecord {
  return {
    ...notRunStage(stage),
    start_time: localIso(at),
    end_time: localIso(at),
    duration_seconds: 0,
    status: 'failed',
    attempts: 1,
    error: error.message,
    error_code: error.code,
  };
}

/**
 * The record of a run whose process ended without recording its end (killed, crashed, powered
 * off) or was stopped past its deadline, as the watchdog closes it: the stage that was running
 * fails with the same error. Offsets are those of `now`.
 */
export function abandonedRecord(
  run: RunRecord,
  now: Date,
  why: { readonly error: string; readonly code: ErrorCode },
): RunRecord {
  const endTime = localIso(now);
  const cut = run.stages.find((s) => s.status === 'running');
  return {
    ...run,
    end_time: endTime,
    success: false,
    failed_stage: cut?.name ?? run.failed_stage,
    error: why.error,
    stages: run.stages.map((s) =>
      s.status === 'running'
        ? {
            ...s,
            status: 'failed',
            success: false,
            end_time: endTime,
            error: why.error,
            error_code: why.code,
          }
        : s,
    ),
    state: 'failed',
    error_code: why.code,
  };
}
