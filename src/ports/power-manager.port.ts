import type { ServiceIdentifier } from 'inversify';
import type { InstallPlan, JobsMode } from '../domain/jobs/install-plan.js';
import type { PowerReadiness, WakeInspection } from '../domain/jobs/jobs-inspection.js';
import type { WantedWake } from '../domain/jobs/repeating-wake.js';

/** A held keep-awake assertion; release it when the work ends (it also ends with the process). */
export interface KeepAwake {
  /** What holds it ("caffeinate", "systemd-inhibit", "none: <why>"). */
  readonly mechanism: string;
  release(): Promise<void>;
}

/** What install asks of the wake. */
export interface WakeRequest {
  readonly mode: JobsMode;
  /** The wake before the first run, in the system's zone. */
  readonly wanted: WantedWake;
  /** The wake cbi set before (recorded in the home), if any: it may be replaced without --force. */
  readonly owned: WantedWake | undefined;
  /** Replace somebody else's wake. */
  readonly force: boolean;
}

/** The steps and notes of a wake change, and what cbi then owns (null: nothing; undefined: unchanged). */
export interface WakePlan extends Pick<InstallPlan, 'steps' | 'notes'> {
  readonly owned: WantedWake | null | undefined;
}

/** Keeping the machine awake while a run works, and waking it before the schedule. */
export interface PowerManager {
  /**
   * Holds the machine awake (no idle or system sleep) until release or until this process ends.
   * Never throws where keep-awake is unavailable: returns a KeepAwake whose mechanism says "none: <why>".
   */
  keepAwake(reason: string): Promise<KeepAwake>;
  /** The machine's wake as it stands. Never throws: `unreadable` says why. */
  inspectWake(): Promise<WakeInspection>;
  /**
   * The steps that set the wake (macOS: one `pmset repeat` request that keeps the user's sleep
   * or shutdown event; without root, the exact command as an action note). Changes nothing.
   */
  planWake(request: WakeRequest): Promise<WakePlan>;
  /** The steps that remove cbi's wake only, keeping anybody else's events. */
  planWakeRemoval(request: WakeRequest): Promise<WakePlan>;
  /** AC power and the settings that keep a wake from leading to a run. Never throws. */
  readiness(): Promise<PowerReadiness>;
}

export const POWER_MANAGER: ServiceIdentifier<PowerManager> = Symbol.for('cbi.PowerManager');
