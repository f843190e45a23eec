import type { ServiceIdentifier } from 'inversify';
import type { UnwritableHomeState } from '../domain/watchdog/unwritable-home.js';

/**
 * What the watchdog must remember about a home it cannot write, kept outside that home (the
 * user's state folder, else the temporary folder): the pacing of its unwritable-home alerts.
 * Losing it costs one alert sent again, never a silenced one.
 */
export interface OutsideMemory {
  /** The state saved for this home, or undefined when none (or none can be read). Never throws. */
  unwritableHome(): Promise<UnwritableHomeState | undefined>;
  /**
   * Saves the state (undefined forgets it). Atomic. Throws ArtifactIoError when no place
   * outside the home can take it.
   */
  saveUnwritableHome(state: UnwritableHomeState | undefined): Promise<void>;
}

export const OUTSIDE_MEMORY: ServiceIdentifier<OutsideMemory> = Symbol.for('cbi.OutsideMemory');
