import { link, mkdir, readFile, rm, rmdir, stat, writeFile } from '../shared/fs-calls.js';
import { dirname } from 'node:path';
import { RunLockedError } from '../../domain/errors.js';
import { holderAlive, type LockHolder } from '../../domain/night/lock-holder.js';
import type { LogFields, Logger } from '../../ports/logger.port.js';
import { ensureFolder, temporarySibling } from '../shared/atomic-write.js';
import { artifactIoError, errnoCode } from '../shared/node-errors.js';
import type { ProcessIdentity } from '../shared/process-identity.js';

/** A lock holder as written in the lock file. */
export type Holder = LockHolder & { readonly pid: number };

export interface FileLockSettings<T extends Holder> {
  /** What the lock is called in logs ("run lock"). */
  readonly name: string;
  /** The lock file. */
  readonly path: string;
  /** This machine's host name. */
  readonly host: string;
  /** Parses the file's JSON; throws on a bad shape (the lock then counts as stale). */
  readonly parse: (json: unknown) => T | Promise<T>;
  /** The error when a live holder has the lock. */
  readonly held: (holder: T) => RunLockedError;
  /** What a log says of a holder taken over. */
  readonly describe: (holder: T | undefined) => LogFields;
  /** A takeover left half-done by a crashed process is cleared after this long. */
  readonly takeoverStaleMs: number;
}

/**
 * One-holder-at-a-time lock as a file. Creation is atomic (the whole lock is written to a
 * temporary file, then hard-linked into place, which fails if a lock exists), so a reader never
 * sees half a lock. A holder is judged alive by its pid, boot and start time (domain
 * `holderAlive`); a dead holder's lock is taken over by exactly one process (the one that
 * makes the takeover folder).
 */
export class FileLock<T extends Holder> {
  /** The lock this process put in place, and its exact text: known without parsing it again. */
  #mine: { readonly text: string; readonly holder: T } | undefined;

  constructor(
    private readonly settings: FileLockSettings<T>,
    private readonly identity: ProcessIdentity,
    private readonly logger: Logger,
  ) {}

  /** Takes the lock for `holder`, recording its boot and start. Throws the `held` error while a live holder has it. */
  async acquire(holder: T): Promise<void> {
    const { path } = this.settings;
    const written: T = {
      ...holder,
      bootId: await this.identity.bootId(),
      processStart: await this.identity.processStart(holder.pid),
    };
    const temporary = temporarySibling(path);
    const text = `${JSON.stringify(written)}\n`;
    try {
      await ensureFolder(dirname(path));
      // No fsync: a lock only keeps live processes apart; after a power cut its holder is judged
      // by boot id anyway, so a lock that did not reach the disk loses nothing.
      await writeFile(temporary, text);
    } catch (cause) {
      await rm(temporary, { force: true });
      throw artifactIoError('write the lock', path, cause);
    }
    try {
      if (await this.#link(temporary)) {
        this.#mine = { text, holder: written };
        return;
      }
      const held = await this.#readFile();
      if (held !== undefined && (await this.alive(held))) throw this.settings.held(held);
      await this.#takeOver(temporary, held);
      this.#mine = { text, holder: written };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Removes the lock if `owns` says it is the caller's; otherwise leaves it. */
  async release(owns: (held: T) => boolean): Promise<void> {
    // the very text this process wrote is the holder it wrote: no schema needed to read it
    const text = await this.#readText();
    const held =
      text !== undefined && text === this.#mine?.text ? this.#mine.holder : await this.#holder(text);
    if (held === undefined || !owns(held)) return;
    await rm(this.settings.path, { force: true });
  }

  /** The lock and whether its holder lives, or undefined when none is held. */
  async read(): Promise<{ readonly lock: T; readonly alive: boolean } | undefined> {
    const lock = await this.#readFile();
    return lock === undefined ? undefined : { lock, alive: await this.alive(lock) };
  }

  async alive(holder: T): Promise<boolean> {
    return holderAlive(holder, await this.identity.factsFor(holder.pid, this.settings.host));
  }

  async #link(temporary: string): Promise<boolean> {
    try {
      await link(temporary, this.settings.path);
      return true;
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return false;
      throw artifactIoError('create the lock', this.settings.path, error);
    }
  }

  /** Replaces a dead holder's (or an unreadable) lock; only the process that makes the guard folder may. */
  async #takeOver(temporary: string, stale: T | undefined): Promise<void> {
    const { path } = this.settings;
    const guard = `${path}.takeover`;
    await this.#clearAbandonedGuard(guard);
    try {
      await mkdir(guard);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw artifactIoError('take over the lock', path, error);
      throw new RunLockedError(`another process is taking over ${path}`, {
        transient: true,
        hint: 'try again shortly',
      });
    }
    try {
      const now = await this.#readFile();
      const changed =
        now !== undefined &&
        (now.pid !== stale?.pid || now.processStart !== stale.processStart || now.host !== stale.host);
      if (changed && (await this.alive(now))) throw this.settings.held(now);
      await rm(path, { force: true });
      if (!(await this.#link(temporary))) {
        const winner = await this.#readFile();
        throw winner
          ? this.settings.held(winner)
          : new RunLockedError(`${path} changed hands`, { transient: true });
      }
      this.logger.warn(`took over a stale ${this.settings.name}`, this.settings.describe(stale));
    } finally {
      await rmdir(guard).catch((error: unknown) => {
        if (errnoCode(error) !== 'ENOENT') throw error;
      });
    }
  }

  async #clearAbandonedGuard(guard: string): Promise<void> {
    try {
      const info = await stat(guard);
      if (Date.now() - info.mtimeMs > this.settings.takeoverStaleMs) await rmdir(guard);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }

  /** The lock, or undefined when none exists. An unreadable lock counts as stale (undefined holder). */
  async #readFile(): Promise<T | undefined> {
    return this.#holder(await this.#readText());
  }

  async #readText(): Promise<string | undefined> {
    try {
      return await readFile(this.settings.path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw artifactIoError('read the lock', this.settings.path, error);
    }
  }

  async #holder(text: string | undefined): Promise<T | undefined> {
    if (text === undefined) return undefined;
    try {
      return await this.settings.parse(JSON.parse(text));
    } catch (cause) {
      this.logger.warn(`${this.settings.name} unreadable; treating it as stale`, {
        lock: this.settings.path,
        problem: cause instanceof Error ? cause.message : String(cause),
      });
      return undefined;
    }
  }
}
