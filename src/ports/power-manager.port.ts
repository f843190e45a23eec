import type { ServiceIdentifier } from 'inversify';

/** A held keep-awake assertion; release it when the work ends (it also ends with the process). */
export interface KeepAwake {
  /** What holds it ("caffeinate", "systemd-inhibit", "none: <why>"). */
  readonly mechanism: string;
  release(): Promise<void>;
}

/** A repeating wake event of the machine. */
export interface WakeSchedule {
  /** e.g. "MTWRFSU". */
  readonly days: string;
  /** "HH:MM:SS" local time. */
  readonly time: string;
}

/** Keeping the machine awake while a run works, and waking it before the schedule. */
export interface PowerManager {
  /**
   * Holds the machine awake (no idle or system sleep) until release or until this process ends.
   * Never throws where keep-awake is unavailable: returns a KeepAwake whose mechanism says "none: <why>".
   */
  keepAwake(reason: string): Promise<KeepAwake>;
  /** The repeating wake event, or undefined if none is set (or the platform has none). */
  readWakeSchedule(): Promise<WakeSchedule | undefined>;
  /** Sets the repeating wake event. Throws PowerError where it cannot (needs root on macOS). */
  writeWakeSchedule(schedule: WakeSchedule): Promise<void>;
}

export const POWER_MANAGER: ServiceIdentifier<PowerManager> = Symbol.for('cbi.PowerManager');
