import { ArtifactIoError, RunLockedError, StatusCorruptError } from '../domain/errors.js';
import type { IncidentState } from '../domain/watchdog/incident.js';
import type { LockState, RunLock, RunRecord, WatchdogLock } from '../domain/night/run.js';
import type { Logger } from '../ports/logger.port.js';
import type { StatusStore } from '../ports/status-store.port.js';

/** An in-memory StatusStore with the same semantics as the fs one, plus switches for tests. */
export class FakeStatusStore implements StatusStore {
  readonly history = new Map<string, RunRecord>();
  latest: RunRecord | undefined;
  current: RunRecord | undefined;
  /** When set, lastRun() reports the latest file as corrupt with this reason. */
  corruptReason: string | undefined;
  readonly setAside: string[] = [];
  lock: RunLock | undefined;
  watchdogLock: WatchdogLock | undefined;
  /** Lines appended to the watchdog log. */
  readonly watchdogLog: string[] = [];
  /** Pids whose process counts as dead (their locks are stale). */
  readonly deadPids = new Set<number>();
  /** When set, the home counts as unwritable for this reason (cannotWrite). */
  unwritable: string | undefined;
  #incident: IncidentState | undefined;

  constructor(private readonly logger?: Logger) {}

  async lastRun(): Promise<RunRecord | undefined> {
    if (this.corruptReason !== undefined) {
      throw new StatusCorruptError(`last run status is corrupt: ${this.corruptReason}`, {
        hint: 'the watchdog sets it aside and starts a run',
      });
    }
    return this.latest;
  }

  async currentRun(): Promise<RunRecord | undefined> {
    return this.current;
  }

  async recentRuns(limit: number): Promise<readonly RunRecord[]> {
    return [...this.history.values()].sort((a, b) => (a.run_id < b.run_id ? 1 : -1)).slice(0, limit);
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.history.set(run.run_id, run);
    if (run.state === 'running') {
      this.current = run;
      return;
    }
    this.latest = run;
    this.corruptReason = undefined;
    if (this.current === undefined || this.current.run_id === run.run_id) this.current = undefined;
  }

  async setAsideCorruptStatus(stamp: string): Promise<string | undefined> {
    if (this.corruptReason === undefined) return undefined;
    const where = `Logs/nightly/last_run_status.corrupt-${stamp}.json`;
    this.setAside.push(where);
    this.corruptReason = undefined;
    this.latest = undefined;
    return where;
  }

  async acquireLock(lock: RunLock): Promise<void> {
    const held = this.lock;
    if (held !== undefined) {
      if (!this.deadPids.has(held.pid)) {
        throw new RunLockedError(`run ${held.runId} (pid ${held.pid} on ${held.host}) holds the lock`, {
          transient: true,
          hint: 'wait for it to finish; `cbi status` shows it',
        });
      }
      this.logger?.warn('taking over a stale run lock', { staleRunId: held.runId, stalePid: held.pid });
    }
    this.lock = lock;
  }

  async releaseLock(runId: string): Promise<void> {
    if (this.lock?.runId === runId) this.lock = undefined;
  }

  async readLock(): Promise<LockState | undefined> {
    return this.lock === undefined
      ? undefined
      : { lock: this.lock, alive: !this.deadPids.has(this.lock.pid) };
  }

  async cannotWrite(): Promise<string | undefined> {
    return this.unwritable;
  }

  async acquireWatchdogLock(holder: WatchdogLock): Promise<boolean> {
    if (this.unwritable !== undefined) throw new ArtifactIoError(this.unwritable);
    const held = this.watchdogLock;
    if (held !== undefined && !this.deadPids.has(held.pid)) return false;
    this.watchdogLock = holder;
    return true;
  }

  async releaseWatchdogLock(pid: number): Promise<void> {
    if (this.watchdogLock?.pid === pid) this.watchdogLock = undefined;
  }

  async readWatchdogLog(limit: number): Promise<readonly string[]> {
    return this.watchdogLog.slice(-Math.max(0, limit));
  }

  async appendWatchdogLog(line: string): Promise<void> {
    this.watchdogLog.push(line);
  }

  async incident(): Promise<IncidentState | undefined> {
    return this.#incident;
  }

  async saveIncident(state: IncidentState): Promise<void> {
    this.#incident = state;
  }
}
