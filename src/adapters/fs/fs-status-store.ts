import { link, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { RunLockedError, StatusCorruptError } from '../../domain/errors.js';
import type { IncidentState } from '../../domain/watchdog/incident.js';
import { LAYOUT, runHistoryKey } from '../../domain/layout.js';
import type { LockState, RunLock, RunRecord } from '../../domain/night/run.js';
import type { Logger } from '../../ports/logger.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import { syncDirectory, temporarySibling, writeFileAtomic } from '../shared/atomic-write.js';
import { errnoCode } from '../shared/node-errors.js';
import { isProcessAlive } from './process-liveness.js';
import { parseIncidentState, parseRunLock, parseRunRecord } from './run-record-schema.js';

export interface FsStatusStoreSettings {
  /** Every path is relative to this folder (the user's home by default). */
  readonly home: string;
  /** This machine's host name: a lock from another host is never judged dead by pid. */
  readonly host: string;
  /** A takeover left half-done by a crashed process is cleared after this long. */
  readonly takeoverStaleMs?: number;
}

/**
 * The status store of DESIGN.md's on-disk layout: `last_run_status.json` (the seed's keys and
 * ours), one history file per run under `runs/`, the run lock and the incident state. Every
 * write is atomic (temporary file, fsync, rename).
 */
export class FsStatusStore implements StatusStore {
  constructor(
    private readonly settings: FsStatusStoreSettings,
    private readonly logger: Logger,
  ) {}

  async lastRun(): Promise<RunRecord | undefined> {
    const path = this.#path(LAYOUT.lastRunStatus);
    const text = await this.#readText(path);
    if (text === undefined) return undefined;
    try {
      return parseRunRecord(JSON.parse(text));
    } catch (cause) {
      throw new StatusCorruptError(`${path} is not a valid run status (${describeParseError(cause)})`, {
        cause,
        hint: 'the watchdog sets it aside and starts a run; `cbi status` shows the history',
      });
    }
  }

  async recentRuns(limit: number): Promise<readonly RunRecord[]> {
    const folder = this.#path(LAYOUT.runHistory);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw error;
    }
    const runs: RunRecord[] = [];
    for (const name of names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .sort()
      .reverse()) {
      if (runs.length >= limit) break;
      const text = await this.#readText(join(folder, name));
      if (text === undefined) continue;
      try {
        runs.push(parseRunRecord(JSON.parse(text)));
      } catch (cause) {
        this.logger.warn('skipping an unreadable run history entry', {
          file: name,
          problem: describeParseError(cause),
        });
      }
    }
    return runs;
  }

  async recordRun(run: RunRecord): Promise<void> {
    const content = `${JSON.stringify(run, null, 2)}\n`;
    await writeFileAtomic(this.#path(runHistoryKey(run.run_id)), content);
    await writeFileAtomic(this.#path(LAYOUT.lastRunStatus), content);
  }

  async setAsideCorruptStatus(stamp: string): Promise<string | undefined> {
    const from = this.#path(LAYOUT.lastRunStatus);
    const key = `${LAYOUT.nightlyLogs}/last_run_status.corrupt-${stamp.replace(/[:.]/g, '-')}.json`;
    try {
      await rename(from, this.#path(key));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    this.logger.warn('set a corrupt status file aside', { to: key });
    return key;
  }

  async acquireLock(lock: RunLock): Promise<void> {
    const path = this.#path(LAYOUT.runLock);
    await mkdir(this.#path(LAYOUT.nightlyLogs), { recursive: true });
    // Write the whole lock to a temporary file, then link it into place: link fails if a lock
    // exists, so creation is atomic and a reader never sees a half-written lock.
    const temporary = temporarySibling(path);
    await writeFile(temporary, `${JSON.stringify(lock)}\n`, { flush: true });
    try {
      if (await this.#linkLock(temporary, path)) return;
      const held = await this.#readLockFile();
      if (held !== undefined && this.#isAlive(held)) throw lockedError(held);
      await this.#takeOver(temporary, path, held);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async releaseLock(runId: string): Promise<void> {
    const held = await this.#readLockFile();
    if (held?.runId !== runId) return;
    await rm(this.#path(LAYOUT.runLock), { force: true });
  }

  async readLock(): Promise<LockState | undefined> {
    const lock = await this.#readLockFile();
    return lock === undefined ? undefined : { lock, alive: this.#isAlive(lock) };
  }

  async incident(): Promise<IncidentState | undefined> {
    const path = this.#path(LAYOUT.incident);
    const text = await this.#readText(path);
    if (text === undefined) return undefined;
    try {
      return parseIncidentState(JSON.parse(text));
    } catch (cause) {
      // The incident state only steers alert pacing: start afresh rather than stop the watchdog.
      this.logger.warn('incident state unreadable; starting afresh', {
        file: path,
        problem: describeParseError(cause),
      });
      return undefined;
    }
  }

  async saveIncident(state: IncidentState): Promise<void> {
    await writeFileAtomic(this.#path(LAYOUT.incident), `${JSON.stringify(state, null, 2)}\n`);
  }

  async #linkLock(temporary: string, path: string): Promise<boolean> {
    try {
      await link(temporary, path);
      await syncDirectory(this.#path(LAYOUT.nightlyLogs));
      return true;
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return false;
      throw error;
    }
  }

  /**
   * Replaces a stale (or unreadable) lock. Only one process may take over: the one that makes
   * the takeover folder; it checks the lock is still the stale one before replacing it.
   */
  async #takeOver(temporary: string, path: string, stale: RunLock | undefined): Promise<void> {
    const guard = `${path}.takeover`;
    await this.#clearAbandonedGuard(guard);
    try {
      await mkdir(guard);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
      throw new RunLockedError('another process is taking over the run lock', {
        transient: true,
        hint: 'try again shortly',
      });
    }
    try {
      const now = await this.#readLockFile();
      if (now !== undefined && (now.runId !== stale?.runId || now.pid !== stale.pid)) {
        if (this.#isAlive(now)) throw lockedError(now);
      }
      await rm(path, { force: true });
      if (!(await this.#linkLock(temporary, path))) {
        const winner = await this.#readLockFile();
        throw winner
          ? lockedError(winner)
          : new RunLockedError('the run lock changed hands', { transient: true });
      }
      this.logger.warn('took over a stale run lock', {
        staleRunId: stale?.runId ?? null,
        stalePid: stale?.pid ?? null,
        staleHost: stale?.host ?? null,
        staleSince: stale?.startedAt ?? null,
      });
    } finally {
      await rmdir(guard).catch((error: unknown) => {
        if (errnoCode(error) !== 'ENOENT') throw error;
      });
    }
  }

  async #clearAbandonedGuard(guard: string): Promise<void> {
    try {
      const info = await stat(guard);
      if (Date.now() - info.mtimeMs > (this.settings.takeoverStaleMs ?? 60_000)) await rmdir(guard);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }

  /** The lock, or undefined when none exists. An unreadable lock counts as stale (undefined holder). */
  async #readLockFile(): Promise<RunLock | undefined> {
    const text = await this.#readText(this.#path(LAYOUT.runLock));
    if (text === undefined) return undefined;
    try {
      return parseRunLock(JSON.parse(text));
    } catch (cause) {
      this.logger.warn('run lock unreadable; treating it as stale', { problem: describeParseError(cause) });
      return undefined;
    }
  }

  #isAlive(lock: RunLock): boolean {
    // A pid means nothing on another host: trust that lock until the watchdog judges its deadline.
    if (lock.host !== this.settings.host) return true;
    return isProcessAlive(lock.pid);
  }

  async #readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  #path(key: string): string {
    return join(this.settings.home, key);
  }
}

function lockedError(lock: RunLock): RunLockedError {
  return new RunLockedError(
    `run ${lock.runId} (pid ${lock.pid} on ${lock.host}, since ${lock.startedAt}) holds the lock`,
    {
      transient: true,
      hint: 'wait for it to finish; `cbi status` shows it',
    },
  );
}

function describeParseError(error: unknown): string {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return `${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`;
  }
  return error instanceof Error ? error.message : String(error);
}
