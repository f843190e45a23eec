import type { ServiceIdentifier } from 'inversify';
import type { Logger } from './logger.port.js';

/** The log of one run: its events, and the file they go to. */
export interface RunLog extends Logger {
  /** Relative to the home (`Logs/nightly/nightly_pipeline_<run_id>.log`). */
  readonly key: string;
  /** Flushes and closes the log; later events are dropped. Never throws. */
  close(): Promise<void>;
}

/**
 * Where each run's log is written. A log is opened only once the run holds the lock, so a run
 * that is refused leaves no file behind. Credentials are redacted as by every Logger.
 */
export interface RunLogs {
  /** Creates (or appends to) the run's log. Throws ArtifactIoError when it cannot be written. */
  open(runId: string): Promise<RunLog>;
}

export const RUN_LOGS: ServiceIdentifier<RunLogs> = Symbol.for('cbi.RunLogs');
