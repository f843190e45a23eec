import type { IncidentState } from './incident.js';

/** When the watchdog tells a person and how fast it retries. */
export interface IncidentPolicy {
  /** Consecutive failed runs that open an incident (the seed used 2). */
  readonly failuresForIncident: number;
  /**
   * Reminders while an incident stays open go out each time the failure count doubles (N, 2N,
   * 4N...), and never sooner than this after the previous alert: a growing interval, never a storm.
   */
  readonly reminderMinHours: number;
  /** Wait after the first watchdog start since the last success; it doubles per start. */
  readonly retryBaseMinutes: number;
  /** The wait never grows past this. */
  readonly retryMaxMinutes: number;
}

export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = {
  failuresForIncident: 2,
  reminderMinHours: 12,
  retryBaseMinutes: 60,
  retryMaxMinutes: 480,
};

export const NO_INCIDENT: IncidentState = { open: null, lastStartAt: null, startsSinceSuccess: 0 };

/** What the runs look like to the incident policy. */
export interface FailureFacts {
  readonly consecutiveFailures: number;
  /** The first failed run of the streak, or null. */
  readonly firstFailedRunId: string | null;
  /** Degraded nights in a row, newest first (0 while failing or once a night delivers). */
  readonly consecutiveDegraded?: number;
  /** A run of that streak (the newest), or null. */
  readonly firstDegradedRunId?: string | null;
  /** Whether the newest ended run succeeded (fully or partly; a degraded night did not). */
  readonly lastRunSucceeded: boolean;
}

export type IncidentAlert = 'incident_opened' | 'incident_reminder' | 'recovered';

export interface IncidentStep {
  readonly alert: IncidentAlert | null;
  readonly open: IncidentState['open'];
}

/**
 * Opens an incident at N consecutive failures (one alert), reminds while it stays open when the
 * failure count has doubled since the last alert and `reminderMinHours` passed, closes it with
 * one recovery notice once a run succeeds. A degraded night (it ran, but delivered no current
 * forecast) opens one at once, paced the same way (reminders at 2, 4, 8... degraded nights).
 * Anything else changes nothing.
 */
export function stepIncident(
  open: IncidentState['open'],
  facts: FailureFacts,
  now: Date,
  policy: IncidentPolicy,
): IncidentStep {
  const at = now.toISOString();
  if (facts.consecutiveFailures >= policy.failuresForIncident) {
    if (open === null) {
      return {
        alert: 'incident_opened',
        open: {
          openedAt: at,
          lastAlertAt: at,
          alertsSent: 1,
          firstRunId: facts.firstFailedRunId ?? 'unknown',
        },
      };
    }
    const threshold = policy.failuresForIncident * 2 ** open.alertsSent;
    const quietFor = now.getTime() - Date.parse(open.lastAlertAt);
    if (facts.consecutiveFailures >= threshold && quietFor >= policy.reminderMinHours * 3_600_000) {
      return {
        alert: 'incident_reminder',
        open: { ...open, lastAlertAt: at, alertsSent: open.alertsSent + 1 },
      };
    }
    return { alert: null, open };
  }
  const degraded = facts.consecutiveDegraded ?? 0;
  if (degraded > 0) {
    if (open === null) {
      return {
        alert: 'incident_opened',
        open: {
          openedAt: at,
          lastAlertAt: at,
          alertsSent: 1,
          firstRunId: facts.firstDegradedRunId ?? 'unknown',
        },
      };
    }
    const quietFor = now.getTime() - Date.parse(open.lastAlertAt);
    if (degraded >= 2 ** open.alertsSent && quietFor >= policy.reminderMinHours * 3_600_000) {
      return {
        alert: 'incident_reminder',
        open: { ...open, lastAlertAt: at, alertsSent: open.alertsSent + 1 },
      };
    }
    return { alert: null, open };
  }
  if (open !== null && facts.lastRunSucceeded) return { alert: 'recovered', open: null };
  return { alert: null, open };
}

/** The wait before the watchdog's next start, after `starts` starts since the last success. */
export function retryDelayMs(starts: number, policy: IncidentPolicy): number {
  if (starts <= 0) return 0;
  return Math.min(policy.retryMaxMinutes, policy.retryBaseMinutes * 2 ** (starts - 1)) * 60_000;
}

/** Watchdog starts since the last success: a success after the last start resets the count. */
export function startsSinceSuccess(state: IncidentState, lastSuccessAt: string | null): number {
  if (state.lastStartAt === null) return 0;
  if (lastSuccessAt !== null && Date.parse(lastSuccessAt) >= Date.parse(state.lastStartAt)) return 0;
  return state.startsSinceSuccess;
}

const CHECK_SLACK_MS = 5 * 60_000;

export type StartGate = { readonly allowed: true } | { readonly allowed: false; readonly until: string };

/**
 * Whether the watchdog may start a run now: retries back off (1 h, 2 h, 4 h... capped) instead
 * of firing every hour forever, even when the runs it starts die without a trace.
 */
export function mayStartRun(
  state: IncidentState,
  lastSuccessAt: string | null,
  now: Date,
  policy: IncidentPolicy,
): StartGate {
  const starts = startsSinceSuccess(state, lastSuccessAt);
  if (starts === 0 || state.lastStartAt === null) return { allowed: true };
  const earliest = Date.parse(state.lastStartAt) + retryDelayMs(starts, policy);
  // Hourly checks drift by seconds; without slack a 1 h wait would become 2 h.
  return now.getTime() >= earliest - CHECK_SLACK_MS
    ? { allowed: true }
    : { allowed: false, until: new Date(earliest).toISOString() };
}
