import type { ErrorCode } from '../errors.js';
import type { Horizon } from '../horizon.js';

/** Where a run stands; `running` until the run ends, whatever ends it. */
export type RunState = 'running' | 'success' | 'partial' | 'failed' | 'interrupted';

/**
 * Where a stage stands. `partial`: it did its job in part (a horizon trained with one library
 * while the other failed); the run is then partial. `not_run`: never started (an earlier
 * critical failure, the deadline, an interrupt).
 */
export type StageStatus = 'running' | 'succeeded' | 'partial' | 'failed' | 'skipped' | 'not_run';

/** Who started a run. */
export type RunTrigger = 'manual' | 'schedule' | 'watchdog';

/**
 * One stage of a run as written to `last_run_status.json` and the history. The first seven keys
 * are the seed's (dashboards read them); the rest are ours.
 */
export interface StageRecord {
  readonly name: string;
  readonly success: boolean;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly duration_seconds: number | null;
  readonly error: string | null;
  readonly retries: number;
  readonly status: StageStatus;
  readonly critical: boolean;
  readonly horizon: Horizon | null;
  readonly attempts: number;
  readonly error_code: ErrorCode | 'UNEXPECTED' | null;
  /** Why a stage was skipped or not run. */
  readonly reason: string | null;
  /** What the stage reported (row counts, findings, metrics); plain JSON. */
  readonly details: Readonly<Record<string, unknown>> | null;
}

/**
 * One run as written to `last_run_status.json` and `runs/<run_id>.json`. The first seven keys
 * are the seed's; the rest are ours. Timestamps are ISO 8601 with offset.
 */
export interface RunRecord {
  readonly run_id: string;
  readonly start_time: string;
  readonly end_time: string | null;
  readonly success: boolean;
  readonly failed_stage: string | null;
  readonly error: string | null;
  readonly stages: readonly StageRecord[];
  readonly schema_version: 1;
  readonly state: RunState;
  readonly exit_code: number | null;
  readonly error_code: ErrorCode | 'UNEXPECTED' | null;
  /** What to do about the failure (the error's hint), or null. */
  readonly hint: string | null;
  readonly trigger: RunTrigger;
  readonly horizons: readonly Horizon[];
  readonly pid: number;
  readonly host: string;
  /** The time after which no stage is started and the run counts as stuck. */
  readonly deadline: string;
  /** Relative to the home. */
  readonly log_file: string;
}

/** The one-run-at-a-time lock of a home. */
export interface RunLock {
  readonly runId: string;
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601: past it the run counts as stuck, even if its process lives. */
  readonly deadline: string;
  /**
   * What makes the holder's process unique beyond its pid, filled in by the store when it takes
   * the lock: the boot it runs in and when it started. A pid reused after a power cut, or by
   * another process later, is then not mistaken for the holder.
   */
  readonly bootId?: string | undefined;
  readonly processStart?: string | undefined;
}

/** The watchdog's own lock: two checks never act at once. */
export interface WatchdogLock {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly bootId?: string | undefined;
  readonly processStart?: string | undefined;
}

/** What is known about the lock holder. `alive` is false when its process is gone (stale). */
export interface LockState {
  readonly lock: RunLock;
  readonly alive: boolean;
}
