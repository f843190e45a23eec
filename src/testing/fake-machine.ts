import { ArtifactIoError } from '../domain/errors.js';
import type { FolderState } from '../domain/doctor/home-judgements.js';
import type { JobUser } from '../domain/jobs/jobs-spec.js';
import type { Machine } from '../ports/machine.port.js';

/** A machine in memory: one user owns everything, folders and files are what the test says. */
export class FakeMachine implements Machine {
  platform = 'linux';
  nodeVersion = '24.1.0';
  uid = 501;
  zone = 'America/Chicago';
  owner: JobUser = { uid: 501, gid: 20, name: 'ann', homeDir: '/Users/ann' };
  /** Free bytes on every path. */
  free = 500 * 1024 ** 3;
  /** Folder states by path; unlisted folders are writable. */
  readonly folders = new Map<string, FolderState>();
  /** Files by path: content and mode. */
  readonly files = new Map<string, { content: string; mode: number }>();

  async systemTimeZone(): Promise<string> {
    return this.zone;
  }

  async ownerOf(_path: string): Promise<JobUser> {
    return this.owner;
  }

  async folderState(path: string): Promise<FolderState> {
    return this.folders.get(path) ?? 'writable';
  }

  async fileMode(path: string): Promise<number | undefined> {
    return this.files.get(path)?.mode;
  }

  async readText(path: string): Promise<string | undefined> {
    return this.files.get(path)?.content;
  }

  async freeBytes(path: string): Promise<number> {
    if (this.folders.get(path) === 'missing') throw new ArtifactIoError(`no such folder ${path}`);
    return this.free;
  }
}
