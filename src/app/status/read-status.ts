import type { LockState, RunRecord } from '../../domain/night/run.js';
import { StatusCorruptError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';

export interface StatusReport {
  /** The latest ended run, or null when none ended yet. */
  readonly last: RunRecord | null;
  /** Seconds since the latest ended run started, or null. */
  readonly ageSeconds: number | null;
  /** The run in progress (its stages so far, the one at work marked running), or null. */
  readonly current: RunRecord | null;
  /** Set when the latest-run file exists but cannot be read. */
  readonly corrupt: string | null;
  /** The lock, when a run holds it. */
  readonly lock: LockState | null;
  /** The last few runs, newest first. */
  readonly recent: readonly RunRecord[];
  /** ISO 8601 of when this report was made. */
  readonly at: string;
}

export interface ReadStatusDeps {
  readonly clock: Clock;
  readonly status: StatusStore;
}

/** What `cbi status` shows: the last run, its age, the lock and the recent history. */
export async function readStatus(
  deps: ReadStatusDeps,
  options: { readonly recent: number },
): Promise<StatusReport> {
  const now = deps.clock.now();
  let last: RunRecord | null = null;
  let corrupt: string | null = null;
  try {
    last = (await deps.status.lastRun()) ?? null;
  } catch (error) {
    if (!(error instanceof StatusCorruptError)) throw error;
    corrupt = error.message;
  }
  const recent = await deps.status.recentRuns(options.recent);
  last ??= recent.find((r) => r.state !== 'running') ?? null;
  const lock = (await deps.status.readLock()) ?? null;
  const current = (await deps.status.currentRun()) ?? null;
  const ageSeconds =
    last === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(last.started_at)) / 1000));
  return { last, ageSeconds, current, corrupt, lock, recent, at: now.toISOString() };
}
