import type { ClockTime } from './job-times.js';
import type { JobsMode } from './install-plan.js';
import type { RepeatingPower } from './repeating-wake.js';

/** One OS job of the product (the nightly run, the hourly watchdog) as the OS has it. */
export interface ScheduledJob {
  readonly name: 'nightly' | 'watchdog';
  /** The OS's label or unit name ("com.cbi.autopilot.nightly", "cbi-nightly.timer"). */
  readonly label: string;
  /** Its file (plist or timer unit). */
  readonly path?: string | undefined;
  readonly installed: boolean;
  /** Loaded by launchd, or the timer enabled and active. */
  readonly loaded: boolean;
  /** ISO 8601 of the next planned start when the OS says, else null. */
  readonly nextRun: string | null;
}

/** When the nightly job fires, as its file says: a wall time in a zone (null: the system's). */
export interface CalendarEntry {
  readonly time: ClockTime;
  readonly timeZone: string | null;
}

/** The installed jobs of one mode, read back from the OS. */
export interface JobsInspection {
  readonly mode: JobsMode;
  readonly jobs: readonly ScheduledJob[];
  /** The nightly job's calendar, empty when it is not installed. */
  readonly calendar: readonly CalendarEntry[];
  /** systemd: WakeSystem= of the nightly timer; undefined where a timer does not wake (launchd). */
  readonly wakeSystem?: boolean | undefined;
  /** systemd user jobs: whether the user lingers (runs without a login); undefined elsewhere or unknown. */
  readonly linger?: boolean | undefined;
  /** The user whose jobs these are. */
  readonly user: string;
}

/** The machine's wake as its power manager reads it. */
export type WakeInspection =
  /** macOS: the repeating events pmset keeps. */
  | { readonly kind: 'repeating'; readonly power: RepeatingPower }
  /** Linux: the nightly timer's WakeSystem= wakes the machine (see JobsInspection). */
  | { readonly kind: 'timer' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'none'; readonly reason: string };

/** A setting that defeats an unattended night, and its fix. */
export interface PowerProblem {
  readonly setting: string;
  readonly why: string;
  readonly fix: string;
}

/** What the doctor needs to know about power: the source, whether a timer can wake the machine. */
export interface PowerReadiness {
  readonly source: 'ac' | 'battery' | 'unknown';
  /** Linux: an RTC wake alarm exists (/sys/class/rtc/rtc0/wakealarm); undefined where not known. */
  readonly rtcWake?: boolean | undefined;
  readonly problems: readonly PowerProblem[];
}
