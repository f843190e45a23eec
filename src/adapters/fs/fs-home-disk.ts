import { open, rm, stat, statfs } from '../shared/fs-calls.js';
import { join, relative, sep } from 'node:path';
import { ArtifactIoError } from '../../domain/errors.js';
import type { HomeFile } from '../../domain/housekeeping/retention.js';
import type { HomeDisk } from '../../ports/home-disk.port.js';
import { artifactIoError, errnoCode } from '../shared/node-errors.js';
import { filesUnder } from './files-under.js';

export interface FsHomeDiskSettings {
  readonly home: string;
}

/** The home on the local file system. */
export class FsHomeDisk implements HomeDisk {
  constructor(private readonly settings: FsHomeDiskSettings) {}

  async files(folders: readonly string[]): Promise<readonly HomeFile[]> {
    const found: HomeFile[] = [];
    for (const folder of folders) {
      const files = await filesUnder(this.#path(folder), {
        failed: (unread, error) => artifactIoError('list', unread, error),
      });
      for (const full of files) {
        try {
          const info = await stat(full);
          found.push({ key: this.#key(full), bytes: info.size, modifiedAt: info.mtime });
        } catch (error) {
          // gone since the listing (a rename of an atomic write): nothing to judge
          if (errnoCode(error) !== 'ENOENT') throw artifactIoError('inspect', full, error);
        }
      }
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async remove(key: string): Promise<void> {
    const path = this.#path(key);
    try {
      await rm(path, { recursive: true, force: true });
    } catch (error) {
      throw artifactIoError('remove', path, error);
    }
  }

  async keepTail(key: string, bytes: number): Promise<void> {
    const path = this.#path(key);
    let handle;
    try {
      handle = await open(path, 'r+');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw artifactIoError('open', path, error);
    }
    try {
      const size = (await handle.stat()).size;
      if (size <= bytes) return;
      const tail = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(tail, 0, bytes, size - bytes);
      const kept = tail.subarray(0, bytesRead);
      // start at a whole line: the first (cut) line goes too
      const newline = kept.indexOf(0x0a);
      const whole = newline < 0 ? kept : kept.subarray(newline + 1);
      await handle.write(whole, 0, whole.length, 0);
      await handle.truncate(whole.length);
    } catch (error) {
      throw artifactIoError('shorten', path, error);
    } finally {
      await handle.close();
    }
  }

  async freeBytes(): Promise<number> {
    try {
      const info = await statfs(this.settings.home);
      return info.bavail * info.bsize;
    } catch (error) {
      throw artifactIoError('measure the free space of', this.settings.home, error);
    }
  }

  #path(key: string): string {
    if (key.split('/').includes('..')) throw new ArtifactIoError(`key ${key} leaves the home`);
    return join(this.settings.home, ...key.split('/'));
  }

  #key(path: string): string {
    return relative(this.settings.home, path).split(sep).join('/');
  }
}
