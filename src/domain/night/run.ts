import type { ErrorCode } from '../errors.js';
import type { Horizon } from '../horizon.js';
import type { NightDelivery } from './delivery.js';
import type { StageKind } from './pipeline-plan.js';
import type { StageDetailsByKind } from './stage-details.js';
import type { LockHolder } from './lock-holder.js';

/**
 * Where a run stands; `running` until the run ends, whatever ends it. `degraded`: every stage
 * did its job, but the night delivered less than the config expects (no current forecast: the
 * data is too old, or nothing could be forecast); its record's `delivery` says what and why.
 */
export type RunState = 'running' | 'success' | 'partial' | 'degraded' | 'failed' | 'interrupted';

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
 * are the seed's (its dashboards read them), `start_time`/`end_time` in the seed's format
 * (Python's naive local `isoformat()`); the rest are ours, snake_case like the seed's,
 * `started_at`/`ended_at` with an offset (the code reads only those). `success` is the seed's
 * boolean, `status` says which of our six states it was.
 */
interface StageRecordFields {
  readonly name: string;
  readonly success: boolean;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly duration_seconds: number | null;
  readonly error: string | null;
  readonly retries: number;
  readonly status: StageStatus;
  /** ISO 8601 with offset; null when the stage did not start. */
  readonly started_at: string | null;
  readonly ended_at: string | null;
  readonly critical: boolean;
  readonly horizon: Horizon | null;
  readonly attempts: number;
  readonly error_code: ErrorCode | 'UNEXPECTED' | null;
  /** Why a stage was skipped or not run. */
  readonly reason: string | null;
}

/**
 * A stage's record, told apart by `kind` (the stage table's): its `details` are what that kind
 * of stage reports (src/domain/night/stage-details.ts), null when it reported nothing.
 */
export type StageRecord = {
  readonly [K in StageKind]: StageRecordFields & {
    readonly kind: K;
    readonly details: StageDetailsByKind[K] | null;
  };
}[StageKind];

/**
 * One run as written to `last_run_status.json` (the last ended run), `current_run.json` (the run
 * in progress) and `runs/<run_id>.json`. The first seven keys are the seed's, in the seed's
 * formats: `start_time`/`end_time` as Python's naive local `isoformat()`, which the seed's
 * watchdog subtracts from a naive `datetime.now()`. The rest are ours; our timestamps
 * (`started_at`, `ended_at`, `deadline`) are ISO 8601 with offset, and code reads those.
 */
export interface RunRecord {
  readonly run_id: string;
  readonly start_time: string;
  readonly end_time: string | null;
  readonly success: boolean;
  readonly failed_stage: string | null;
  readonly error: string | null;
  readonly stages: readonly StageRecord[];
  /** 2: seed-format `start_time`/`end_time` plus `started_at`/`ended_at` (1 had offsets in the seed's keys). */
  readonly schema_version: 2;
  readonly state: RunState;
  /** ISO 8601 with offset. */
  readonly started_at: string;
  /** ISO 8601 with offset; null while running. */
  readonly ended_at: string | null;
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
  /**
   * What the night delivered per horizon (published from a model with skill, naive, stale or
   * not at all, and why; the data's age counted from the clock), judged when it ended; null while
   * running, for a run that ended before its stages could be judged, and in older records.
   */
  readonly delivery: NightDelivery | null;
  /**
   * Derived files the run found broken, set aside and rebuilt (a corrupt embedded warehouse),
   * recorded as the run opened them; empty when none, and in older records.
   */
  readonly set_aside: readonly SetAsideFile[];
  /** What a manual run took from CBI_* variables and recorded (or not) for the unattended runs; null otherwise. */
  readonly environment: RunEnvironment | null;
}

/**
 * What a manual run took from CBI_* variables, and whether each is recorded in the config file
 * so the unattended runs (the OS jobs, the watchdog's catch-up runs) do the same.
 */
export interface RunEnvironment {
  /** The config file the settings are recorded in. */
  readonly file: string;
  /** In the file now: `changed` when this run wrote it there, false when it already held it. */
  readonly recorded: readonly {
    readonly variable: string;
    readonly key: string;
    readonly value: unknown;
    readonly changed: boolean;
  }[];
  /** Taken for this run only, and why. */
  readonly not_recorded: readonly {
    readonly variable: string;
    readonly key: string;
    readonly reason: string;
  }[];
}

/** A derived file a run found broken and set aside, to rebuild it from the sources. */
export interface SetAsideFile {
  /** What it was: the embedded warehouse (the only derived file set aside so far). */
  readonly what: 'warehouse';
  /** Where it was, absolute. */
  readonly path: string;
  /** Where it is now, absolute (kept for a look, never read again). */
  readonly moved_to: string;
  /** Why, in the words of the library that refused it. */
  readonly reason: string;
}

/**
 * What a stage of the run reported, when it did its job (in full or in part); undefined when it
 * failed, was skipped, did not run or is not in the run. For a per-horizon kind, the first
 * stage of that kind (pass `horizon` for another).
 */
export function stageDetails<K extends StageKind>(
  run: Pick<RunRecord, 'stages'>,
  kind: K,
  horizon: Horizon | null = null,
): StageDetailsByKind[K] | undefined {
  const stage = run.stages.find(
    (s): s is Extract<StageRecord, { readonly kind: K }> =>
      s.kind === kind && (horizon === null || s.horizon === horizon),
  );
  if (stage === undefined || (stage.status !== 'succeeded' && stage.status !== 'partial')) return undefined;
  return (stage.details as StageDetailsByKind[K] | null) ?? undefined;
}

/** When the run started, in ms since the epoch (from the offset-aware field). */
export function runStartedMs(run: Pick<RunRecord, 'started_at'>): number {
  return Date.parse(run.started_at);
}

/** The one-run-at-a-time lock of a home. */
export interface RunLock extends LockHolder {
  readonly runId: string;
  /** ISO 8601: past it the run counts as stuck, even if its process lives. */
  readonly deadline: string;
}

/** The watchdog's own lock: two checks never act at once. */
export type WatchdogLock = LockHolder;

/** What is known about the lock holder. `alive` is false when its process is gone (stale). */
export interface LockState {
  readonly lock: RunLock;
  readonly alive: boolean;
}
