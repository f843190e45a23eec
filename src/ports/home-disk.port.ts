import type { ServiceIdentifier } from 'inversify';
import type { HomeFile } from '../domain/housekeeping/retention.js';

/**
 * The home's files as housekeeping sees them: what is there (sizes and times, temporaries
 * included), how much space is left, and deleting or shortening. Keys are relative to the
 * home, '/' separated. Errors are ArtifactIoError.
 */
export interface HomeDisk {
  /** Every file under these folders (recursively, dot-files included), sorted by key; a missing folder has none. */
  files(folders: readonly string[]): Promise<readonly HomeFile[]>;
  /** Removes a file or a folder with everything in it; a missing key is fine. */
  remove(key: string): Promise<void>;
  /**
   * Keeps only the newest `bytes` of a file (from a line start), in place: a process that
   * appends to it (launchd's daemon logs) keeps appending to the same file. Missing is fine.
   */
  keepTail(key: string, bytes: number): Promise<void>;
  /** Bytes free to this user on the home's file system. */
  freeBytes(): Promise<number>;
}

export const HOME_DISK: ServiceIdentifier<HomeDisk> = Symbol.for('cbi.HomeDisk');
