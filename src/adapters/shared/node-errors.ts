import { ArtifactIoError } from '../../domain/errors.js';

/** The errno code of a Node system error ("ENOENT"), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

const IO_HINTS: Readonly<Record<string, string>> = {
  EACCES: 'the home is not writable by this user: fix its permissions or choose another home with --home',
  EPERM: 'the home is not writable by this user: fix its permissions or choose another home with --home',
  EROFS: 'the home is on a read-only file system: choose a writable home with --home',
  ENOSPC: 'the disk is full: free some space (`cbi clean` removes old runs) and run again',
  EDQUOT: 'the disk quota is used up: free some space and run again',
};

/**
 * A file system failure as the product's ArtifactIoError (exit 74), saying what could not be
 * done where and, for the usual causes (permissions, read-only or full disk), what to do.
 */
export function artifactIoError(action: string, path: string, cause: unknown): ArtifactIoError {
  const code = errnoCode(cause);
  const reason = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new ArtifactIoError(`cannot ${action} ${path} (${reason})`, {
    cause,
    hint:
      (code === undefined ? undefined : IO_HINTS[code]) ?? 'check the disk and the permissions of the home',
  });
}

/** Whether an error is a file system failure that artifactIoError describes (not a bug). */
export function isIoFailure(error: unknown): boolean {
  const code = errnoCode(error);
  return code !== undefined && /^E[A-Z]+$/.test(code);
}
