import { formatRunId } from '../../domain/layout.js';
import type {
  LockState,
  RunLock,
  RunRecord,
  RunState,
  RunTrigger,
  StageRecord,
} from '../../domain/night/run.js';
import { runExitCode } from '../../domain/night/run-outcome.js';
import { runRecord as buildRecord, stageRecord } from '../../domain/night/run-record.js';

/**
 * Run records as the product writes them: every one is made by the domain's own builder (the
 * seed's keys first), so a test never writes the record's shape out by hand. Only the fields a
 * test judges vary; ended runs take 30 minutes and have a 4-hour deadline unless told.
 */
export interface RunOptions {
  readonly end?: string | null;
  readonly deadline?: string;
  readonly failedStage?: string | null;
  readonly error?: string | null;
  readonly pid?: number;
  readonly trigger?: RunTrigger;
  readonly horizons?: RunRecord['horizons'];
  readonly stages?: readonly StageRecord[];
}

/** A run that started at `start` and is in `state` (a failed one failed at export: warehouse unreachable). */
export function runRecord(
  runId: string,
  state: RunState,
  start: string,
  options: RunOptions = {},
): RunRecord {
  const startedAt = new Date(start);
  const failed = state === 'failed';
  const errorCode = failed ? 'WAREHOUSE_UNAVAILABLE' : state === 'interrupted' ? 'INTERRUPTED' : null;
  const built = buildRecord(
    {
      runId,
      trigger: options.trigger ?? 'schedule',
      horizons: options.horizons ?? ['1m'],
      pid: options.pid ?? 4242,
      host: 'test-host',
      startedAt,
      deadline: new Date(options.deadline ?? startedAt.getTime() + 4 * 3_600_000),
    },
    options.stages ?? [],
    state === 'running'
      ? undefined
      : {
          endedAt: new Date(options.end ?? startedAt.getTime() + 30 * 60_000),
          outcome: {
            state,
            exitCode: runExitCode(state, errorCode),
            failedStage: options.failedStage ?? (failed ? 'export' : null),
            error: options.error ?? (failed ? 'warehouse unreachable' : null),
            errorCode,
          },
        },
  );
  return options.end === null ? { ...built, end_time: null, ended_at: null } : built;
}

/** The run a schedule (or `trigger`) started at `start`, with the run id the product gives it. */
export function playedRun(
  start: Date,
  state: RunState,
  trigger: RunTrigger = 'schedule',
  pid = 4242,
): RunRecord {
  return runRecord(formatRunId(start), state, start.toISOString(), { trigger, pid });
}

/** The export stage of a night, as the stage runner records it. */
export const EXPORT_STAGE: StageRecord = stageRecord(
  { name: 'export', kind: 'export', critical: true, horizon: null },
  {
    status: 'succeeded',
    startedAt: new Date('2026-11-28T23:59:00.000-06:00'),
    endedAt: new Date('2026-11-28T23:59:40.000-06:00'),
    attempts: 1,
    error: null,
    reason: null,
    details: {
      frequency: 'monthly',
      supported_horizons: ['1m', '3m', '6m', '12m'],
      skipped: [{ horizon: '1w', reason: 'not supported at monthly resolution' }],
      exports: {},
    },
  },
);

/** A night that ran its export and ended in `state` (default success). */
export function finishedRun(runId: string, state: RunState = 'success', failedStage?: string): RunRecord {
  return runRecord(runId, state, '2026-11-28T23:59:00.000-06:00', {
    stages: [EXPORT_STAGE],
    horizons: ['1m', '3m', '6m', '12m'],
    ...(failedStage === undefined ? {} : { failedStage }),
  });
}

export function runLock(runId: string, pid: number, host = 'test-host'): RunLock {
  return {
    runId,
    pid,
    host,
    startedAt: '2026-11-28T23:59:00.000-06:00',
    deadline: '2026-11-29T03:59:00.000-06:00',
  };
}

/** The lock of a run started at `start`, held by a live or a dead process. */
export function lockState(
  runId: string,
  start: string,
  alive: boolean,
  options: { deadline?: string; pid?: number } = {},
): LockState {
  return {
    lock: {
      runId,
      pid: options.pid ?? 4242,
      host: 'test-host',
      startedAt: start,
      deadline: options.deadline ?? new Date(Date.parse(start) + 4 * 3_600_000).toISOString(),
    },
    alive,
  };
}
