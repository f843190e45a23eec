import type { ServiceIdentifier } from 'inversify';
import type { IncidentState } from '../domain/watchdog/incident.js';
import type { LockState, RunLock, RunRecord } from '../domain/night/run.js';

/** Where runs are recorded and where the one-run-at-a-time lock lives. */
export interface StatusStore {
  /** The latest run, or undefined if none was recorded. Throws StatusCorruptError on a bad file. */
  lastRun(): Promise<RunRecord | undefined>;
  /**
   * Up to `limit` runs from the history, newest first. Unreadable history entries are skipped
   * (and reported through the logger), never fatal.
   */
  recentRuns(limit: number): Promise<readonly RunRecord[]>;
  /** Atomic: writes the latest-run file and the run's history entry; a reader sees old or new, never a mix. */
  recordRun(run: RunRecord): Promise<void>;
  /** Moves an unreadable latest-run file aside (name with a timestamp); returns where it went, or undefined if none. */
  setAsideCorruptStatus(stamp: string): Promise<string | undefined>;
  /**
   * Takes the lock. Throws RunLockedError (transient) while another live run holds it. A lock
   * whose process is dead is stale: it is taken over, and that is logged.
   */
  acquireLock(lock: RunLock): Promise<void>;
  /** Releases the lock if `runId` holds it; otherwise does nothing. */
  releaseLock(runId: string): Promise<void>;
  /** The current lock and whether its process lives, or undefined if none is held. */
  readLock(): Promise<LockState | undefined>;
  /** The watchdog's incident state, or undefined if none was ever saved. */
  incident(): Promise<IncidentState | undefined>;
  /** Atomic. */
  saveIncident(state: IncidentState): Promise<void>;
}

export const STATUS_STORE: ServiceIdentifier<StatusStore> = Symbol.for('cbi.StatusStore');
