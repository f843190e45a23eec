import { constants } from 'node:fs';
import { access, readFile, readlink, stat, statfs } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { FolderState } from '../../domain/doctor/home-judgements.js';
import type { JobUser } from '../../domain/jobs/jobs-spec.js';
import type { Machine } from '../../ports/machine.port.js';
import { artifactIoError, errnoCode } from '../shared/node-errors.js';
import { runTool } from '../shared/tool-runner.js';

export interface NodeMachineSettings {
  readonly platform: string;
  readonly nodeVersion: string;
  readonly uid: number;
  /** Looks a uid up as a passwd line: `getent passwd <uid>` (Linux), `id -P <uid>` (macOS). */
  readonly userLookup: readonly string[];
  /** /etc/localtime (tests point elsewhere). */
  readonly localtime?: string;
}

/** This machine through Node's fs and os, and the system's user database. */
export class NodeMachine implements Machine {
  readonly platform: string;
  readonly nodeVersion: string;
  readonly uid: number;

  constructor(private readonly settings: NodeMachineSettings) {
    this.platform = settings.platform;
    this.nodeVersion = settings.nodeVersion;
    this.uid = settings.uid;
  }

  /**
   * The zone launchd, systemd and pmset read: /etc/localtime's target (".../zoneinfo/America/Chicago"),
   * not this process's TZ, which a shell may have changed.
   */
  async systemTimeZone(): Promise<string> {
    const target = await readlink(this.settings.localtime ?? '/etc/localtime').catch(() => undefined);
    const zone = target === undefined ? undefined : /zoneinfo\/(.+)$/.exec(target)?.[1];
    return zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  async ownerOf(path: string): Promise<JobUser> {
    const found = await this.#nearest(path);
    const { uid, gid } = await stat(found);
    const passwd = await runTool([...this.settings.userLookup, String(uid)]);
    const fields = passwd.ok ? (passwd.stdout.trim().split('\n')[0] ?? '').split(':') : [];
    // passwd(5) has 7 fields; BSD `id -P` 10 (class, change, expire): the name is first, home second to last.
    if (fields.length >= 7 && fields[0] !== undefined && fields[0] !== '')
      return { uid, gid, name: fields[0], homeDir: fields[fields.length - 2] || undefined };
    if (uid === this.uid) {
      const me = userInfo();
      return { uid, gid, name: me.username, homeDir: me.homedir };
    }
    throw artifactIoError(
      'look up the owner of',
      found,
      new Error(`no user with uid ${uid} (${passwd.message})`),
    );
  }

  async folderState(path: string): Promise<FolderState> {
    try {
      if (!(await stat(path)).isDirectory()) return 'not-a-folder';
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return 'missing';
      throw artifactIoError('look at', path, error);
    }
    return access(path, constants.W_OK).then(
      () => 'writable',
      () => 'read-only',
    );
  }

  async fileMode(path: string): Promise<number | undefined> {
    try {
      return (await stat(path)).mode & 0o7777;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw artifactIoError('look at', path, error);
    }
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw artifactIoError('read', path, error);
    }
  }

  async freeBytes(path: string): Promise<number> {
    const found = await this.#nearest(path);
    const fs = await statfs(found);
    return fs.bavail * fs.bsize;
  }

  async #nearest(path: string): Promise<string> {
    let current = path;
    for (;;) {
      try {
        await stat(current);
        return current;
      } catch (error) {
        const parent = dirname(current);
        if (errnoCode(error) !== 'ENOENT' || parent === current)
          throw artifactIoError('look at', current, error);
        current = parent;
      }
    }
  }
}
