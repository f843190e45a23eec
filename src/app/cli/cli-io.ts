import type { CliOutput } from './fd-output.js';

/** What a command may touch of the outside: its output, errors and environment. Tests pass their own. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Receives SIGINT/SIGTERM handlers; the real process in production. */
  readonly signals: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Adds variables to the process's own environment (an installed job's secrets); absent in tests. */
  readonly applyEnvironment?: (variables: Readonly<Record<string, string>>) => void;
}

/** The exit code a command sets (only the bin file hands it to the process). */
export interface ExitHolder {
  code: number;
}
