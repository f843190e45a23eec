import { access, mkdir, readFile, rm } from '../shared/fs-calls.js';
import { dirname, join, relative, sep } from 'node:path';
import { ArtifactIoError } from '../../domain/errors.js';
import type { ArtifactStore, StagedArtifact } from '../../ports/artifact-store.port.js';
import { commitFile, temporarySibling, writeFileAtomic } from '../shared/atomic-write.js';
import { errnoCode } from '../shared/node-errors.js';
import { filesUnder } from './files-under.js';

export interface FsArtifactStoreSettings {
  /** Keys are relative to this folder. */
  readonly home: string;
}

/** Artifacts as files under the home; every write is temporary name, fsync, rename. */
export class FsArtifactStore implements ArtifactStore {
  constructor(private readonly settings: FsArtifactStoreSettings) {}

  async write(key: string, content: Uint8Array | string): Promise<void> {
    await this.#io(key, 'write', () => writeFileAtomic(this.#path(key), content));
  }

  async read(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.#path(key)));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw ioError(key, 'read', error);
    }
  }

  async list(prefix: string): Promise<readonly string[]> {
    const root = this.#path(prefix);
    const files = await filesUnder(root, {
      skip: (name) => name.startsWith('.'), // temporary files of writes in flight
      failed: (_folder, error) => ioError(prefix, 'list', error),
    });
    return files.map((full) => relative(this.settings.home, full).split(sep).join('/')).sort();
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.#path(key));
      return true;
    } catch {
      return false;
    }
  }

  async remove(key: string): Promise<void> {
    await this.#io(key, 'remove', () => rm(this.#path(key), { recursive: true, force: true }));
  }

  async stage(key: string): Promise<StagedArtifact> {
    const path = this.#path(key);
    await this.#io(key, 'prepare', () => mkdir(dirname(path), { recursive: true }));
    const localPath = temporarySibling(path);
    return {
      key,
      localPath,
      commit: () => this.#io(key, 'commit', () => commitFile(localPath, path)),
      discard: () => rm(localPath, { force: true }),
    };
  }

  async localPath(key: string): Promise<string | undefined> {
    return (await this.exists(key)) ? this.#path(key) : undefined;
  }

  async #io<T>(key: string, action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw ioError(key, action, error);
    }
  }

  #path(key: string): string {
    if (key.split('/').includes('..')) throw new ArtifactIoError(`artifact key ${key} leaves the home`);
    return join(this.settings.home, ...key.split('/'));
  }
}

function ioError(key: string, action: string, cause: unknown): ArtifactIoError {
  const code = errnoCode(cause);
  // A full disk or a busy file may clear; a permission problem will not.
  const transient = code === 'ENOSPC' || code === 'EBUSY' || code === 'EAGAIN' || code === 'EMFILE';
  return new ArtifactIoError(`cannot ${action} ${key}${code ? ` (${code})` : ''}`, {
    cause,
    transient,
    hint: code === 'ENOSPC' ? 'free some disk space' : 'check the permissions of the home folder',
  });
}
