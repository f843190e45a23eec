import type { ServiceIdentifier } from 'inversify';

/** One OS job of the product (the nightly run, the hourly watchdog). */
export interface ScheduledJob {
  readonly name: 'nightly' | 'watchdog';
  /** The OS's label or unit name ("com.cbi.autopilot.nightly", "cbi-nightly.timer"). */
  readonly label: string;
  readonly installed: boolean;
  readonly loaded: boolean;
  /** ISO 8601 of the next planned start when the OS says, else null. */
  readonly nextRun: string | null;
}

/** The OS scheduler (launchd, systemd timers). */
export interface Scheduler {
  /** Writes and loads the nightly and watchdog jobs; idempotent. Throws SchedulerError. */
  install(): Promise<readonly ScheduledJob[]>;
  /** Unloads and removes them; missing jobs are fine. */
  uninstall(): Promise<void>;
  inspect(): Promise<readonly ScheduledJob[]>;
}

export const SCHEDULER: ServiceIdentifier<Scheduler> = Symbol.for('cbi.Scheduler');
