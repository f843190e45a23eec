import type { ServiceIdentifier } from 'inversify';
import type { IncidentState } from '../domain/watchdog/incident.js';
import type { LockState, RunLock, RunRecord, WatchdogLock } from '../domain/night/run.js';

/**
 * Where runs are recorded, where the one-run-at-a-time lock and the watchdog's lock live, and
 * where the watchdog keeps its log and incident state. File failures are ArtifactIoError.
 */
export interface StatusStore {
  /**
   * The latest ended run (`last_run_status.json`, as the seed wrote it when a run ended), or
   * undefined if none ended yet. Throws StatusCorruptError on a bad file.
   */
  lastRun(): Promise<RunRecord | undefined>;
  /**
   * The run in progress as last recorded (`current_run.json`), or undefined. A record found
   * here after its process died is what the watchdog closes; unreadable counts as none (logged).
   */
  currentRun(): Promise<RunRecord | undefined>;
  /**
   * Up to `limit` runs from the history, newest first. Unreadable history entries are skipped
   * (and reported through the logger), never fatal.
   */
  recentRuns(limit: number): Promise<readonly RunRecord[]>;
  /**
   * Atomic (a reader sees old or new, never a mix): writes the run's history entry, and then
   * the current-run file while it runs, or the latest-run file once it ended (removing the
   * current-run file if it is this run's). The latest-run file never says "running".
   */
  recordRun(run: RunRecord): Promise<void>;
  /** Moves an unreadable latest-run file aside (name with a timestamp); returns where it went, or undefined if none. */
  setAsideCorruptStatus(stamp: string): Promise<string | undefined>;
  /**
   * Takes the lock. Throws RunLockedError (transient) while another live run holds it. A lock
   * whose holder is gone (no such process, another process under its pid, a boot since) is
   * stale: it is taken over, and that is logged. The store records what makes the holder's
   * process unique (boot id, start time).
   */
  acquireLock(lock: RunLock): Promise<void>;
  /** Releases the lock if `runId` holds it; otherwise does nothing. */
  releaseLock(runId: string): Promise<void>;
  /** The current lock and whether its process lives, or undefined if none is held. */
  readLock(): Promise<LockState | undefined>;
  /**
   * Takes the watchdog's own lock, so two checks never act at once. False (nothing changed)
   * while another live check holds it; a dead holder's lock is taken over.
   */
  acquireWatchdogLock(holder: WatchdogLock): Promise<boolean>;
  /** Releases the watchdog lock if this pid (on this host) holds it. */
  releaseWatchdogLock(pid: number): Promise<void>;
  /**
   * Why the watchdog could not write its files (its lock, its log) in the home, or undefined
   * when it can: the nearest existing folder of the status files is checked for writing by this
   * user (a read-only disk, another owner). Writes nothing, so a dry run may ask.
   */
  cannotWrite(): Promise<string | undefined>;
  /** Appends one line to the watchdog's log (`Logs/nightly/watchdog.log`). */
  appendWatchdogLog(line: string): Promise<void>;
  /** The last `limit` lines of the watchdog's log, oldest first; none when it does not exist. */
  readWatchdogLog(limit: number): Promise<readonly string[]>;
  /** The watchdog's incident state, or undefined if none was ever saved. */
  incident(): Promise<IncidentState | undefined>;
  /** Atomic. */
  saveIncident(state: IncidentState): Promise<void>;
}

export const STATUS_STORE: ServiceIdentifier<StatusStore> = Symbol.for('cbi.StatusStore');
