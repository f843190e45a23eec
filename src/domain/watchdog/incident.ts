/**
 * The watchdog's memory between checks: whether an incident is open, when it was last alerted,
 * and the retry back-off of failed runs. Kept by the StatusStore; decided by the incident policy.
 */
export interface IncidentState {
  /** Open incident, or null when none. */
  readonly open: {
    readonly openedAt: string;
    readonly lastAlertAt: string;
    readonly alertsSent: number;
    /** The failed run that opened it. */
    readonly firstRunId: string;
  } | null;
  /** When the watchdog last started a run, ISO 8601; null if never. */
  readonly lastStartAt: string | null;
  /** How many runs the watchdog started since the last success. */
  readonly startsSinceSuccess: number;
}
