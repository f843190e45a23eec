import { runStartedMs, type LockState, type RunRecord } from '../night/run.js';
import { dueSlot, type DailySchedule } from './schedule.js';

/** The watchdog's verdict; DESIGN.md, "Watchdog decisions". */
export type HealthState =
  | 'never_run'
  | 'running'
  | 'stale'
  | 'corrupt'
  | 'missed'
  | 'failed'
  | 'persistent_failure'
  | 'degraded'
  | 'healthy';

/** How the watchdog judges the runs. */
export interface HealthPolicy {
  readonly schedule: DailySchedule;
  /** Minutes after a slot before it counts as missed. */
  readonly graceMinutes: number;
  /** The seed's fallback: the last success may not be older than this. */
  readonly maxAgeHours: number;
  /** Consecutive failed runs that make a persistent failure. */
  readonly failuresForIncident: number;
}

/** What the watchdog read from the status store. */
export interface HealthFacts {
  readonly now: Date;
  /** The latest-run file: its record (undefined when absent) or why it cannot be read. */
  readonly status:
    | { readonly ok: true; readonly run: RunRecord | undefined }
    | { readonly ok: false; readonly reason: string };
  /** Recent runs from the history, any order. */
  readonly history: readonly RunRecord[];
  readonly lock: LockState | undefined;
}

/** The run the watchdog must end: its lock holder died, or it is past its deadline. */
export interface StaleRun {
  readonly runId: string;
  readonly pid: number;
  readonly host: string;
  /** The pid to stop; null when the process is already gone. */
  readonly livePid: number | null;
  readonly why: 'process_gone' | 'past_deadline' | 'no_lock';
  /** The record of the run, when one was written. */
  readonly record: RunRecord | undefined;
  readonly startedAt: string;
  readonly deadline: string;
}

export interface HealthReport {
  readonly state: HealthState;
  /** One line for people and the watchdog log. */
  readonly reason: string;
  /** The newest run that has ended (success, partial, failed, interrupted), or null. */
  readonly lastRun: RunRecord | null;
  /** End (else start) of the newest successful or partial run, ISO 8601, or null. */
  readonly lastSuccessAt: string | null;
  /** Ended runs that failed since the last success, from the history (never from log text). */
  readonly consecutiveFailures: number;
  /** Degraded nights in a row at the head of the history (the newest ended runs), 0 when the last was not. */
  readonly consecutiveDegraded: number;
  /** The first run of that streak, or null. */
  readonly firstFailedRunId: string | null;
  /** Start of the first of those failures, or null. */
  readonly failingSince: string | null;
  /** The last slot that should have run by now, ISO 8601. */
  readonly dueSlot: string;
  /** Whether no run started at or after `dueSlot` (true also while persistently failing). */
  readonly slotMissed: boolean;
  /** For `running`: the live run. */
  readonly running: {
    readonly runId: string;
    readonly pid: number;
    readonly startedAt: string;
    readonly ageMinutes: number;
  } | null;
  /** For `stale`: the run to end and mark failed. */
  readonly stale: StaleRun | null;
}

const ENDED_OK = new Set(['success', 'partial']);
const ENDED_BAD = new Set(['failed', 'interrupted']);

/** Judges the runs from the status, the history, the lock, the schedule and the time. Pure. */
/** How far in the future a run's start may lie (clocks of one machine disagreeing a little). */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

export function evaluateHealth(facts: HealthFacts, policy: HealthPolicy): HealthReport {
  const now = facts.now.getTime();
  // A record that starts after now (a clock that jumped forward once, then back) would sort as the
  // newest run for good: the watchdog said healthy through real failures and missed slots after it.
  const runs = mergeRuns(facts.status.ok ? facts.status.run : undefined, facts.history).filter(
    (r) => runStartedMs(r) <= now + FUTURE_TOLERANCE_MS,
  );
  const ended = runs.filter((r) => r.state !== 'running');
  const lastRun = ended[0] ?? null;
  const lastSuccess = ended.find((r) => ENDED_OK.has(r.state));
  const lastSuccessAt = lastSuccess === undefined ? null : (lastSuccess.ended_at ?? lastSuccess.started_at);
  const failures: RunRecord[] = [];
  for (const run of ended) {
    if (!ENDED_BAD.has(run.state)) break;
    failures.push(run);
  }
  let degraded = 0;
  for (const run of ended) {
    if (run.state !== 'degraded') break;
    degraded += 1;
  }
  // A degraded night ran (no catch-up would deliver more from the same data): it counts for the
  // seed's age fallback, never as a success.
  const lastRan = ended.find((r) => ENDED_OK.has(r.state) || r.state === 'degraded');
  const lastRanAt = lastRan === undefined ? null : (lastRan.ended_at ?? lastRan.started_at);
  const slot = dueSlot(policy.schedule, facts.now, policy.graceMinutes);
  const newestStart = runs[0] === undefined ? undefined : runStartedMs(runs[0]);
  const slotMissed = newestStart === undefined || newestStart < slot.getTime();
  const base = {
    lastRun,
    lastSuccessAt,
    consecutiveFailures: failures.length,
    consecutiveDegraded: degraded,
    firstFailedRunId: failures.at(-1)?.run_id ?? null,
    failingSince: failures.at(-1)?.started_at ?? null,
    dueSlot: slot.toISOString(),
    slotMissed,
    running: null,
    stale: null,
  };

  const lock = facts.lock;
  if (lock !== undefined) {
    const record = runs.find((r) => r.run_id === lock.lock.runId);
    const pastDeadline = now > Date.parse(lock.lock.deadline);
    if (lock.alive && !pastDeadline) {
      const ageMinutes = Math.floor((now - Date.parse(lock.lock.startedAt)) / 60_000);
      return {
        ...base,
        state: 'running',
        reason: `run ${lock.lock.runId} (pid ${lock.lock.pid}) is running for ${ageMinutes} min`,
        running: { runId: lock.lock.runId, pid: lock.lock.pid, startedAt: lock.lock.startedAt, ageMinutes },
      };
    }
    const why = lock.alive ? 'past_deadline' : 'process_gone';
    return {
      ...base,
      state: 'stale',
      reason: lock.alive
        ? `run ${lock.lock.runId} (pid ${lock.lock.pid}) is past its deadline ${lock.lock.deadline}`
        : `run ${lock.lock.runId} holds the lock but its process ${lock.lock.pid} is gone`,
      stale: {
        runId: lock.lock.runId,
        pid: lock.lock.pid,
        host: lock.lock.host,
        livePid: lock.alive ? lock.lock.pid : null,
        why,
        record,
        startedAt: lock.lock.startedAt,
        deadline: lock.lock.deadline,
      },
    };
  }
  // No lock: a record still saying "running" belongs to a run that died without cleaning up.
  const orphan = runs.find((r) => r.state === 'running');
  if (orphan !== undefined && (lastRun === null || runStartedMs(orphan) >= runStartedMs(lastRun))) {
    return {
      ...base,
      state: 'stale',
      reason: `run ${orphan.run_id} is recorded as running but holds no lock`,
      stale: {
        runId: orphan.run_id,
        pid: orphan.pid,
        host: orphan.host,
        livePid: null,
        why: 'no_lock',
        record: orphan,
        startedAt: orphan.started_at,
        deadline: orphan.deadline,
      },
    };
  }
  if (!facts.status.ok) {
    return {
      ...base,
      state: 'corrupt',
      reason: `the last run status cannot be read: ${facts.status.reason}`,
    };
  }
  if (lastRun === null) {
    return { ...base, state: 'never_run', reason: 'no run was ever recorded' };
  }
  if (failures.length >= policy.failuresForIncident) {
    return {
      ...base,
      state: 'persistent_failure',
      reason: `${failures.length} consecutive failed runs since ${base.failingSince ?? lastRun.started_at}; last: ${describeFailure(lastRun)}`,
    };
  }
  if (failures.length > 0) {
    return { ...base, state: 'failed', reason: `run ${lastRun.run_id} failed: ${describeFailure(lastRun)}` };
  }
  if (slotMissed) {
    return { ...base, state: 'missed', reason: `no run started since the slot of ${base.dueSlot}` };
  }
  const maxAgeMs = policy.maxAgeHours * 3_600_000;
  if (lastRanAt !== null && now - Date.parse(lastRanAt) > maxAgeMs) {
    return {
      ...base,
      state: 'missed',
      reason: `the last night that ran (${lastRanAt}) is older than ${policy.maxAgeHours} h`,
    };
  }
  if (lastRun.state === 'degraded') {
    return {
      ...base,
      state: 'degraded',
      reason: `run ${lastRun.run_id} delivered less than expected: ${lastRun.delivery?.summary ?? lastRun.error ?? 'see its record'}`,
    };
  }
  return {
    ...base,
    state: 'healthy',
    reason: `run ${lastRun.run_id} ${lastRun.state === 'partial' ? 'partly succeeded' : 'succeeded'}`,
  };
}

function describeFailure(run: RunRecord): string {
  const stage = run.failed_stage === null ? '' : `stage ${run.failed_stage}: `;
  return `${stage}${run.error ?? run.state}`;
}

/** The latest record and the history as one list, newest start first, one entry per run id. */
function mergeRuns(latest: RunRecord | undefined, history: readonly RunRecord[]): RunRecord[] {
  const byId = new Map<string, RunRecord>();
  for (const run of history) byId.set(run.run_id, run);
  // The latest-run file is written last, so it wins for its run.
  if (latest !== undefined) byId.set(latest.run_id, latest);
  return [...byId.values()].sort(
    (a, b) => runStartedMs(b) - runStartedMs(a) || (a.run_id < b.run_id ? 1 : -1),
  );
}
