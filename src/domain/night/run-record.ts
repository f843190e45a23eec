import type { ErrorCode } from '../errors.js';
import type { Horizon } from '../horizon.js';
import { localIso, pythonLocalIso } from '../iso-time.js';
import { runLogKey } from '../layout.js';
import type { NightDelivery } from './delivery.js';
import type { PlannedStage } from './pipeline-plan.js';
import type { StageDetails } from './stage-details.js';
import type { RunOutcome } from './run-outcome.js';
import type { RunEnvironment, RunRecord, RunTrigger, SetAsideFile, StageRecord } from './run.js';

/** What identifies a run from its start to its end. */
export interface RunFacts {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly horizons: readonly Horizon[];
  readonly pid: number;
  readonly host: string;
  readonly startedAt: Date;
  readonly deadline: Date;
  /** Derived files set aside as the run opened its stages (filled in then). */
  readonly setAside?: readonly SetAsideFile[];
  /** What a manual run took from CBI_* variables and recorded, if any. */
  readonly environment?: RunEnvironment | null;
}

/** How a run ended, in the terms of its record. */
export interface RunEnd {
  readonly endedAt: Date;
  readonly outcome: RunOutcome;
  /** What to do about the failure, when there is one. */
  readonly hint?: string | null;
  /** What the night delivered, when its stages could be judged. */
  readonly delivery?: NightDelivery | null;
}

/**
 * The one place a run record is put together. The seed's seven keys come first, in the seed's
 * order and formats (times as Python's naive local `isoformat()`), so its dashboards and its
 * watchdog read the file unchanged; ours follow, our times with an offset. The seed's `success`
 * is true for a night that delivered (success, partial) and false for a degraded one: the
 * seed's watchdog then retries it and, as its log ends in CRITICAL FAILURE, counts it towards
 * "human intervention needed".
 */
export function runRecord(facts: RunFacts, stages: readonly StageRecord[], end?: RunEnd): RunRecord {
  const outcome = end?.outcome;
  return {
    run_id: facts.runId,
    start_time: pythonLocalIso(facts.startedAt),
    end_time: end === undefined ? null : pythonLocalIso(end.endedAt),
    success: outcome !== undefined && (outcome.state === 'success' || outcome.state === 'partial'),
    failed_stage: outcome?.failedStage ?? null,
    error: outcome?.error ?? null,
    stages: [...stages],
    schema_version: 2,
    state: outcome?.state ?? 'running',
    started_at: localIso(facts.startedAt),
    ended_at: end === undefined ? null : localIso(end.endedAt),
    exit_code: outcome?.exitCode ?? null,
    error_code: outcome?.errorCode ?? null,
    hint: end?.hint ?? null,
    trigger: facts.trigger,
    horizons: [...facts.horizons],
    pid: facts.pid,
    host: facts.host,
    deadline: localIso(facts.deadline),
    log_file: runLogKey(facts.runId),
    delivery: end?.delivery ?? null,
    set_aside: [...(facts.setAside ?? [])],
    environment: facts.environment ?? null,
  };
}

/** How a stage ended, in the terms of its record. */
export interface StageEnd {
  readonly status: StageRecord['status'];
  /** Null when it never started. */
  readonly startedAt: Date | null;
  readonly endedAt: Date | null;
  readonly attempts: number;
  readonly error: { readonly code: ErrorCode | 'UNEXPECTED'; readonly message: string } | null;
  readonly reason: string | null;
  /** What the stage's body reported: the details of the stage's kind. */
  readonly details: StageDetails | null;
}

/**
 * The one place a stage record is put together: the seed's seven keys first, in its formats
 * (`start_time`/`end_time` naive local, `duration_seconds`, `retries`), then ours.
 */
export function stageRecord(stage: PlannedStage, end: StageEnd): StageRecord {
  const { startedAt, endedAt } = end;
  // `details` came from the body of `stage.kind` (NightlyStages ties each kind to its details'
  // type), which the pairing below cannot see across the runner's generic path
  return {
    name: stage.name,
    success: end.status === 'succeeded' || end.status === 'partial' || end.status === 'skipped',
    start_time: startedAt === null ? null : pythonLocalIso(startedAt),
    end_time: endedAt === null ? null : pythonLocalIso(endedAt),
    duration_seconds:
      startedAt === null || endedAt === null
        ? null
        : Math.round((endedAt.getTime() - startedAt.getTime()) / 10) / 100,
    error: end.error?.message ?? null,
    retries: Math.max(0, end.attempts - 1),
    kind: stage.kind,
    status: end.status,
    started_at: startedAt === null ? null : localIso(startedAt),
    ended_at: endedAt === null ? null : localIso(endedAt),
    critical: stage.critical,
    horizon: stage.horizon,
    attempts: end.attempts,
    error_code: end.error?.code ?? null,
    reason: end.reason,
    details: end.details,
  } as StageRecord;
}

/** A planned stage that has not started (yet, or at all: then `reason` says why). */
export function notRunStage(stage: PlannedStage, reason: string | null = null): StageRecord {
  return stageRecord(stage, {
    status: 'not_run',
    startedAt: null,
    endedAt: null,
    attempts: 0,
    error: null,
    reason,
    details: null,
  });
}

/** A stage that started at `at` and has not ended: what `current_run.json` shows while it runs. */
export function runningStage(stage: PlannedStage, at: Date): StageRecord {
  return stageRecord(stage, {
    status: 'running',
    startedAt: at,
    endedAt: null,
    attempts: 1,
    error: null,
    reason: null,
    details: null,
  });
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
  return stageRecord(stage, {
    status: 'failed',
    startedAt: at,
    endedAt: at,
    attempts: 1,
    error,
    reason: null,
    details: null,
  });
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
  const endTime = pythonLocalIso(now);
  const endedAt = localIso(now);
  const cut = run.stages.find((s) => s.status === 'running');
  return {
    ...run,
    end_time: endTime,
    ended_at: endedAt,
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
            ended_at: endedAt,
            error: why.error,
            error_code: why.code,
          }
        : s,
    ),
    state: 'failed',
    error_code: why.code,
  };
}

/**
 * One line saying what a manual run took from CBI_* variables: what it recorded for the
 * unattended runs (and where), what it did not and why.
 */
export function environmentLine(environment: RunEnvironment): string {
  const written = environment.recorded.filter((r) => r.changed);
  const kept = environment.recorded.filter((r) => !r.changed);
  const parts: string[] = [];
  if (written.length > 0)
    parts.push(
      `recorded ${written.map((r) => `${r.variable} as ${r.key}`).join(', ')} in ${environment.file}, so the unattended runs do the same`,
    );
  if (kept.length > 0)
    parts.push(`${kept.map((r) => r.variable).join(', ')} already recorded in ${environment.file}`);
  for (const r of environment.not_recorded) parts.push(`not recorded: ${r.variable} (${r.key}): ${r.reason}`);
  return `settings from the environment: ${parts.join('; ')}`;
}
