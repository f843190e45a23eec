/** Every kind of alert, in the order the config and the docs list them. */
export const ALERT_KINDS = [
  'incident_opened',
  'incident_reminder',
  'recovered',
  'run_started',
  'run_succeeded',
  'run_failed',
  'repaired',
] as const;

/** What an alert is about (`repaired`: derived data a run found broken, set aside and rebuilt). */
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * One message to a person (or a dead-man's-switch). Everything an alerter needs to say what
 * failed, since when, where to look and what to do; no credentials.
 */
export interface Alert {
  readonly kind: AlertKind;
  /** One line, e.g. "cbi-autopilot: nightly run failing since 2026-11-27 23:59". */
  readonly subject: string;
  /** Plain text, several lines. */
  readonly body: string;
  /** ISO 8601. */
  readonly at: string;
  readonly host: string;
  readonly runId: string | null;
  readonly failedStage: string | null;
  readonly error: string | null;
  readonly since: string | null;
  readonly lastSuccess: string | null;
  readonly logPaths: readonly string[];
  readonly action: string | null;
}
