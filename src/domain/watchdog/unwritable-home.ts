import type { IncidentPolicy } from './incident-policy.js';

/**
 * What the watchdog remembers about a home it cannot write: kept outside that home (it cannot
 * take the state), so its alerts are paced like any incident's instead of repeating every hour.
 */
export interface UnwritableHomeState {
  /** ISO 8601: the first check that found the home unwritable. */
  readonly openedAt: string;
  /** ISO 8601. */
  readonly lastAlertAt: string;
  readonly alertsSent: number;
  /** Checks that found it unwritable since it opened. */
  readonly checks: number;
}

export interface UnwritableHomeStep {
  readonly alert: 'incident_opened' | 'incident_reminder' | null;
  readonly state: UnwritableHomeState;
}

/**
 * One check that found the home unwritable: the first alerts at once; then a reminder once
 * `reminderMinHours` passed since the last alert, the wait doubling per reminder (12 h, 24 h,
 * 48 h... with the default policy): the growing interval of the incident policy, never a storm.
 */
export function stepUnwritableHome(
  previous: UnwritableHomeState | undefined,
  now: Date,
  policy: Pick<IncidentPolicy, 'reminderMinHours'>,
): UnwritableHomeStep {
  const at = now.toISOString();
  if (previous === undefined)
    return { alert: 'incident_opened', state: { openedAt: at, lastAlertAt: at, alertsSent: 1, checks: 1 } };
  const checks = previous.checks + 1;
  const waitMs = policy.reminderMinHours * 2 ** Math.max(0, previous.alertsSent - 1) * 3_600_000;
  if (now.getTime() - Date.parse(previous.lastAlertAt) >= waitMs)
    return {
      alert: 'incident_reminder',
      state: { ...previous, lastAlertAt: at, alertsSent: previous.alertsSent + 1, checks },
    };
  return { alert: null, state: { ...previous, checks } };
}
