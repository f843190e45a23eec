import { basename, dirname, join, resolve } from 'node:path';
import { ArtifactIoError } from '../../domain/errors.js';

/** Writes a file the user named (outside the home): to a temporary sibling, then renamed over it. */
export async function writeFileAtomically(path: string, content: string): Promise<void> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  try {
    // here, not at the top: fs/promises loads Node's streams, which the hourly commands never need
    const { rename, writeFile } = await import('node:fs/promises');
    await writeFile(temporary, content);
    await rename(temporary, target);
  } catch (cause) {
    throw new ArtifactIoError(`cannot write ${target}`, {
      cause,
      hint: 'check that its folder exists and is writable',
    });
  }
}
