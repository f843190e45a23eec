import { readdir } from '../shared/fs-calls.js';
import { join } from 'node:path';
import { errnoCode } from '../shared/node-errors.js';

export interface FilesUnderOptions {
  /** Leaves an entry (file or folder) out by its name. */
  readonly skip?: (name: string) => boolean;
  /** The typed error a folder that cannot be read becomes. */
  readonly failed: (folder: string, error: unknown) => Error;
}

/**
 * Every file under `root` as a full path, depth first. A root that does not exist, or is a file,
 * holds nothing (a home that has not made that folder yet); any other read failure is thrown.
 */
export async function filesUnder(root: string, options: FilesUnderOptions): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return;
      throw options.failed(folder, error);
    }
    for (const entry of entries) {
      if (options.skip?.(entry.name) === true) continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(full);
    }
  };
  await walk(root);
  return found;
}
