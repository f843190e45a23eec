import type { ServiceIdentifier } from 'inversify';

/** A detached `cbi run` to start (the watchdog's catch-up). */
export interface LaunchRequest {
  /** Arguments after the cbi entry point, e.g. ['run', '--home', '/Users/x', '--trigger', 'watchdog']. */
  readonly args: readonly string[];
  /** Files (absolute) that receive the child's stdout and stderr, appended. */
  readonly stdoutFile: string;
  readonly stderrFile: string;
}

/** Starting and stopping runs as separate processes that outlive the caller. */
export interface ProcessLauncher {
  /** Starts the run detached and returns its pid. Throws ProcessFailedError when it cannot start. */
  launchDetached(request: LaunchRequest): Promise<number>;
  /** Whether a process with this pid is alive on this machine. */
  isAlive(pid: number): Promise<boolean>;
  /** SIGTERM, then SIGKILL after `graceMs` if it still lives. Resolves once it is gone. */
  terminate(pid: number, graceMs: number): Promise<void>;
}

export const PROCESS_LAUNCHER: ServiceIdentifier<ProcessLauncher> = Symbol.for('cbi.ProcessLauncher');
