import type { LockState, RunRecord } from '../../domain/night/run.js';
import { StatusCorruptError } from '../../domain/errors.js';
import type { HorizonForecast } from '../../domain/model/horizon-forecast.js';
import type { IncidentState } from '../../domain/watchdog/incident.js';
import type { Clock } from '../../ports/clock.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import { forecastsOf } from '../../domain/model/horizon-forecast.js';

export interface StatusReport {
  /** Per horizon, the latest forecast and whether it can be trusted (walk-forward and matured error next to naive). */
  readonly forecasts: readonly HorizonForecast[];
  /** The latest ended run, or null when none ended yet. */
  readonly last: RunRecord | null;
  /** Seconds since the latest ended run started, or null. */
  readonly ageSeconds: number | null;
  /**
   * The run in progress (its stages so far, the one at work marked running), or null. Only a run
   * whose process holds the lock and lives is in progress.
   */
  readonly current: RunRecord | null;
  /**
   * A run recorded as running whose process is gone (killed, the machine lost power): it ended
   * without finishing, and the watchdog's next check marks it failed and starts a catch-up run.
   * Null otherwise.
   */
  readonly abandoned: RunRecord | null;
  /** Set when the latest-run file exists but cannot be read. */
  readonly corrupt: string | null;
  /** The lock, when a run holds it. */
  readonly lock: LockState | null;
  /** The last few runs, newest first. */
  readonly recent: readonly RunRecord[];
  /** The watchdog's open incident (persistent failures alerted), or null. */
  readonly incident: IncidentState['open'];
  /** ISO 8601 of when this report was made. */
  readonly at: string;
}

const FORECAST_LOOKBACK = 30;

export interface ReadStatusDeps {
  readonly clock: Clock;
  readonly status: StatusStore;
}

/**
 * What `cbi status` shows: per horizon the latest forecast and its trust, the last ended run,
 * the run in progress, the lock, the recent history and the open incident. Reads run records
 * only (no warehouse), so it stays fast.
 */
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
  // Enough history to find the newest forecast of every horizon past a few failed nights.
  const history = await deps.status.recentRuns(Math.max(options.recent, FORECAST_LOOKBACK));
  const recent = history.slice(0, options.recent);
  last ??= history.find((r) => r.state !== 'running') ?? null;
  const forecasts = forecastsOf(
    last === null ? history : [last, ...history.filter((r) => r.run_id !== last?.run_id)],
  );
  const incident = (await deps.status.incident())?.open ?? null;
  const lock = (await deps.status.readLock()) ?? null;
  const recorded = (await deps.status.currentRun()) ?? null;
  // after a kill -9 the record says "running" until the watchdog's next check: up to an hour in
  // which status said "run in progress" while its own lock line said the process was gone
  const live = recorded !== null && lock !== null && lock.alive && lock.lock.runId === recorded.run_id;
  const current = live ? recorded : null;
  const abandoned = live ? null : recorded;
  const ageSeconds =
    last === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(last.started_at)) / 1000));
  return {
    forecasts,
    last,
    ageSeconds,
    current,
    abandoned,
    corrupt,
    lock,
    recent,
    incident,
    at: now.toISOString(),
  };
}
