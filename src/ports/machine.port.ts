import type { ServiceIdentifier } from 'inversify';
import type { FolderState } from '../domain/doctor/home-judgements.js';
import type { JobUser } from '../domain/jobs/jobs-spec.js';

/** Facts of this machine that install and the doctor judge: users, folders, disk, zone. */
export interface Machine {
  /** "darwin", "linux", ... */
  readonly platform: string;
  /** Node's version, e.g. "24.1.0". */
  readonly nodeVersion: string;
  /** The uid of this process (0: root). */
  readonly uid: number;
  /** The system's IANA time zone: what launchd and pmset read. */
  systemTimeZone(): Promise<string>;
  /** The user owning `path` (or its nearest existing parent folder). Throws ArtifactIoError. */
  ownerOf(path: string): Promise<JobUser>;
  folderState(path: string): Promise<FolderState>;
  /** The permission bits of a file, undefined when it does not exist. */
  fileMode(path: string): Promise<number | undefined>;
  /** A text file's content, undefined when it does not exist. Throws ArtifactIoError otherwise. */
  readText(path: string): Promise<string | undefined>;
  /** Free bytes for this user on the file system holding `path` (or its nearest existing parent). */
  freeBytes(path: string): Promise<number>;
}

export const MACHINE: ServiceIdentifier<Machine> = Symbol.for('cbi.Machine');
