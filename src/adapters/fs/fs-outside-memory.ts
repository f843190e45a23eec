import { readFile, rm } from '../shared/fs-calls.js';
import { join } from 'node:path';
import { fnv1a32 } from '../../domain/text-digest.js';
import type { UnwritableHomeState } from '../../domain/watchdog/unwritable-home.js';
import type { OutsideMemory } from '../../ports/outside-memory.port.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { artifactIoError } from '../shared/node-errors.js';

export interface FsOutsideMemorySettings {
  /** The home this memory is about: one file per home, so homes sharing a user never mix. */
  readonly home: string;
  /**
   * Folders outside the home, in order of preference (the user's state folder, then the
   * temporary folder): a read-only home is often a read-only disk, and the temporary folder
   * is then usually another file system that still takes the write.
   */
  readonly folders: readonly string[];
}

/** The OutsideMemory in small JSON files under folders outside the home. */
export class FsOutsideMemory implements OutsideMemory {
  readonly #name: string;

  constructor(private readonly settings: FsOutsideMemorySettings) {
    this.#name = `unwritable-home-${fnv1a32(settings.home)}.json`;
  }

  async unwritableHome(): Promise<UnwritableHomeState | undefined> {
    let newest: UnwritableHomeState | undefined;
    for (const folder of this.settings.folders) {
      const state = await readState(join(folder, this.#name));
      if (state !== undefined && (newest === undefined || state.lastAlertAt > newest.lastAlertAt))
        newest = state;
    }
    return newest;
  }

  async saveUnwritableHome(state: UnwritableHomeState | undefined): Promise<void> {
    if (state === undefined) {
      for (const folder of this.settings.folders)
        await rm(join(folder, this.#name), { force: true }).catch(() => undefined);
      return;
    }
    let failure: unknown;
    for (const folder of this.settings.folders) {
      const path = join(folder, this.#name);
      try {
        await writeFileAtomic(path, `${JSON.stringify({ home: this.settings.home, ...state }, null, 2)}\n`);
        return;
      } catch (cause) {
        failure ??= artifactIoError('write', path, cause);
      }
    }
    throw failure ?? artifactIoError('write', this.#name, new Error('no folder to write to'));
  }
}

async function readState(path: string): Promise<UnwritableHomeState | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { openedAt, lastAlertAt, alertsSent, checks } = value as Record<string, unknown>;
    if (
      typeof openedAt !== 'string' ||
      typeof lastAlertAt !== 'string' ||
      typeof alertsSent !== 'number' ||
      typeof checks !== 'number'
    )
      return undefined;
    return { openedAt, lastAlertAt, alertsSent, checks };
  } catch {
    // missing or unreadable: no memory, so the alert goes out again (never silenced)
    return undefined;
  }
}
