import { access, appendFile, constants, readdir, readFile, rename, rm } from '../shared/fs-calls.js';
import { dirname, join } from 'node:path';
import { RunLockedError, StatusCorruptError } from '../../domain/errors.js';
import type { IncidentState } from '../../domain/watchdog/incident.js';
import { LAYOUT, runHistoryKey } from '../../domain/layout.js';
import type { LockState, RunLock, RunRecord, WatchdogLock } from '../../domain/night/run.js';
import type { Logger } from '../../ports/logger.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import { ensureFolder, writeFileAtomic } from '../shared/atomic-write.js';
import { artifactIoError, errnoCode } from '../shared/node-errors.js';
import { ProcessIdentity } from '../shared/process-identity.js';
import { FileLock } from './file-lock.js';
import { ParsedFileMemo } from './parsed-file-memo.js';

// The schemas load only when a file is new to the memo (or there is no memo): the hourly commands
// read the same few records every time (bench/cli-startup.bench.mjs).
type Schemas = typeof import('./run-record-schema.js');
let schemas: Promise<Schemas> | undefined;
const loadSchemas = (): Promise<Schemas> => (schemas ??= import('./run-record-schema.js'));

export interface FsStatusStoreSettings {
  /** Every path is relative to this folder (the user's home by default). */
  readonly home: string;
  /** This machine's host name: a lock from another host is never judged dead by pid. */
  readonly host: string;
  /** A takeover left half-done by a crashed process is cleared after this long. */
  readonly takeoverStaleMs?: number;
  /** How processes are told apart (tests pass one for another platform). */
  readonly identity?: ProcessIdentity;
  /**
   * A folder outside the home where the records read before are kept parsed (ParsedFileMemo),
   * so a command that reads them again need not load the schemas. None: every read parses.
   */
  readonly parsedMemoDir?: string | undefined;
}

/**
 * The status store of DESIGN.md's on-disk layout: `last_run_status.json` (the seed's keys and
 * ours), one history file per run under `runs/`, the run lock and the incident state. Every
 * write is atomic (temporary file, fsync, rename).
 */
export class FsStatusStore implements StatusStore {
  readonly #runLock: FileLock<RunLock>;
  readonly #watchdogLock: FileLock<WatchdogLock>;
  readonly #memo: ParsedFileMemo | undefined;

  constructor(
    private readonly settings: FsStatusStoreSettings,
    private readonly logger: Logger,
  ) {
    const identity = settings.identity ?? new ProcessIdentity();
    const takeoverStaleMs = settings.takeoverStaleMs ?? 60_000;
    this.#memo =
      settings.parsedMemoDir === undefined ? undefined : new ParsedFileMemo(settings.parsedMemoDir);
    this.#runLock = new FileLock(
      {
        name: 'run lock',
        path: this.#path(LAYOUT.runLock),
        host: settings.host,
        parse: (json) => loadSchemas().then((m) => m.parseRunLock(json)),
        held: lockedError,
        describe: (stale) => ({
          staleRunId: stale?.runId ?? null,
          stalePid: stale?.pid ?? null,
          staleHost: stale?.host ?? null,
          staleSince: stale?.startedAt ?? null,
        }),
        takeoverStaleMs,
      },
      identity,
      logger,
    );
    this.#watchdogLock = new FileLock(
      {
        name: 'watchdog lock',
        path: this.#path(LAYOUT.watchdogLock),
        host: settings.host,
        parse: (json) => loadSchemas().then((m) => m.parseWatchdogLock(json)),
        held: (holder) =>
          new RunLockedError(`a watchdog check (pid ${holder.pid} on ${holder.host}) is running`, {
            transient: true,
          }),
        describe: (stale) => ({ stalePid: stale?.pid ?? null, staleHost: stale?.host ?? null }),
        takeoverStaleMs,
      },
      identity,
      logger,
    );
  }

  async lastRun(): Promise<RunRecord | undefined> {
    const path = this.#path(LAYOUT.lastRunStatus);
    const text = await this.#readText(path);
    if (text === undefined) return undefined;
    try {
      return await this.#parseRunRecord(text);
    } catch (cause) {
      throw new StatusCorruptError(`${path} is not a valid run status (${await describeParseError(cause)})`, {
        cause,
        hint: 'the watchdog sets it aside and starts a run; `cbi status` shows the history',
      });
    }
  }

  async currentRun(): Promise<RunRecord | undefined> {
    const path = this.#path(LAYOUT.currentRun);
    const text = await this.#readText(path);
    if (text === undefined) return undefined;
    try {
      return await this.#parseRunRecord(text);
    } catch (cause) {
      this.logger.warn('the current run file is unreadable; ignoring it', {
        file: path,
        problem: await describeParseError(cause),
      });
      return undefined;
    }
  }

  async recentRuns(limit: number): Promise<readonly RunRecord[]> {
    const folder = this.#path(LAYOUT.runHistory);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw artifactIoError('read the run history in', folder, error);
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
        runs.push(await this.#parseRunRecord(text));
      } catch (cause) {
        this.logger.warn('skipping an unreadable run history entry', {
          file: name,
          problem: await describeParseError(cause),
        });
      }
    }
    return runs;
  }

  async recordRun(run: RunRecord): Promise<void> {
    const content = `${JSON.stringify(run, null, 2)}\n`;
    await this.#write(runHistoryKey(run.run_id), content);
    if (run.state === 'running') {
      await this.#write(LAYOUT.currentRun, content);
      return;
    }
    // The seed wrote its status when a run ended: tools that read it take a record to be a
    // finished run, so a running one lives in current_run.json until it ends.
    await this.#write(LAYOUT.lastRunStatus, content);
    const current = await this.currentRun();
    if (current === undefined || current.run_id === run.run_id) {
      const path = this.#path(LAYOUT.currentRun);
      await rm(path, { force: true }).catch((cause: unknown) => {
        throw artifactIoError('remove', path, cause);
      });
    }
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
    await this.#runLock.acquire(lock);
  }

  async releaseLock(runId: string): Promise<void> {
    await this.#runLock.release((held) => held.runId === runId);
  }

  async readLock(): Promise<LockState | undefined> {
    return this.#runLock.read();
  }

  async acquireWatchdogLock(holder: WatchdogLock): Promise<boolean> {
    try {
      await this.#watchdogLock.acquire(holder);
      return true;
    } catch (error) {
      if (error instanceof RunLockedError) return false;
      throw error;
    }
  }

  async releaseWatchdogLock(pid: number): Promise<void> {
    await this.#watchdogLock.release((held) => held.pid === pid && held.host === this.settings.host);
  }

  async cannotWrite(): Promise<string | undefined> {
    let folder = dirname(this.#path(LAYOUT.watchdogLock));
    for (;;) {
      try {
        await access(folder, constants.W_OK);
        return undefined;
      } catch (cause) {
        const parent = dirname(folder);
        // a folder not made yet is made in its parent: that one must take the write
        if (errnoCode(cause) === 'ENOENT' && parent !== folder) folder = parent;
        else return artifactIoError('write', folder, cause).message;
      }
    }
  }

  async appendWatchdogLog(line: string): Promise<void> {
    const path = this.#path(LAYOUT.watchdogLog);
    try {
      await ensureFolder(dirname(path));
      await appendFile(path, line.endsWith('\n') ? line : `${line}\n`);
    } catch (cause) {
      throw artifactIoError('append to', path, cause);
    }
  }

  async readWatchdogLog(limit: number): Promise<readonly string[]> {
    const text = await this.#readText(this.#path(LAYOUT.watchdogLog));
    if (text === undefined) return [];
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-Math.max(0, limit));
  }

  async incident(): Promise<IncidentState | undefined> {
    const path = this.#path(LAYOUT.incident);
    const text = await this.#readText(path);
    if (text === undefined) return undefined;
    try {
      return await this.#parse('incident', text, (m) => m.parseIncidentState);
    } catch (cause) {
      // The incident state only steers alert pacing: start afresh rather than stop the watchdog.
      this.logger.warn('incident state unreadable; starting afresh', {
        file: path,
        problem: await describeParseError(cause),
      });
      return undefined;
    }
  }

  async saveIncident(state: IncidentState): Promise<void> {
    await this.#write(LAYOUT.incident, `${JSON.stringify(state, null, 2)}\n`);
  }

  #parseRunRecord(text: string): Promise<RunRecord> {
    return this.#parse('run', text, (m) => m.parseRunRecord);
  }

  /** The schema's reading of `text`, from the memo when it read the same text before. */
  async #parse<T>(kind: string, text: string, schema: (m: Schemas) => (json: unknown) => T): Promise<T> {
    const parse = async (json: unknown): Promise<T> => schema(await loadSchemas())(json);
    return this.#memo === undefined ? parse(JSON.parse(text)) : this.#memo.parse(kind, text, parse);
  }

  async #write(key: string, content: string): Promise<void> {
    const path = this.#path(key);
    try {
      await writeFileAtomic(path, content);
    } catch (cause) {
      throw artifactIoError('write', path, cause);
    }
  }

  async #readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw artifactIoError('read', path, error);
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

async function describeParseError(error: unknown): Promise<string> {
  // a schema's verdict comes from the schemas, so they were loaded if it is one (and a file that is
  // not even JSON loads none just to say so)
  if (schemas !== undefined) {
    const { isSchemaError } = await schemas;
    if (isSchemaError(error)) {
      const issue = error.issues[0];
      return `${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
