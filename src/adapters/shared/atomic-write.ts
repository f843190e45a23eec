import { mkdir, open, rename, rm, stat } from './fs-calls.js';
import { dirname, basename, join } from 'node:path';

let sequence = 0;

/**
 * A temporary name in the same folder (so rename is atomic), unique per process and call: the
 * pid tells processes apart, the counter calls. (No node:crypto here: it costs the hourly
 * watchdog ~20 ms of start-up for a name.)
 */
export function temporarySibling(path: string): string {
  sequence += 1;
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}-${sequence}`);
}

/** Makes a file written elsewhere durable: fsync it, rename it over `path`, fsync the folder. */
export async function commitFile(temporary: string, path: string): Promise<void> {
  const handle = await open(temporary, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

/**
 * Writes the whole content to a temporary sibling, fsyncs it and renames it over `path`:
 * a reader sees the old file or the new one, never a mix, even after a crash.
 */
export async function writeFileAtomic(path: string, content: Uint8Array | string): Promise<void> {
  await ensureFolder(dirname(path));
  const temporary = temporarySibling(path);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** fsync of a folder, so a rename in it survives a power cut. Not supported everywhere: ignored there. */
export async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch (error) {
    if (!isIgnorableSyncError(error)) throw error;
  } finally {
    await handle?.close();
  }
}

function isIgnorableSyncError(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return code === 'EISDIR' || code === 'EINVAL' || code === 'EPERM' || code === 'EBADF';
}

/**
 * mkdir -p that fails with the true cause: Node's recursive mkdir reports ENOENT where a folder
 * on the way cannot be made (a read-only disk says EROFS only when asked for that one folder).
 */
export async function ensureFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code !== 'ENOENT') throw error;
    let missing = path;
    for (;;) {
      const parent = dirname(missing);
      if (
        parent === missing ||
        (await stat(parent).then(
          () => true,
          () => false,
        ))
      )
        break;
      missing = parent;
    }
    await mkdir(missing);
    throw error;
  }
}
