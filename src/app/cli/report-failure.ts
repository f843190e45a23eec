import { CbiError } from '../../domain/errors.js';
import { EXIT, EXIT_CODE } from '../../domain/exit-codes.js';

/** Every CLI failure becomes one stderr line and a documented exit code. */
export function reportFailure(error: unknown, write: (line: string) => void): number {
  if (error instanceof CbiError) {
    write(`cbi: ${error.message}${error.hint ? `; ${error.hint}` : ''} [${error.code}]`);
    return EXIT_CODE[error.code];
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`cbi: unexpected error: ${message} (a bug: please report it with the run log)`);
  return EXIT.unexpected;
}
