import type { ServiceIdentifier } from 'inversify';
import type { RunVerdict } from '../domain/night/run-verdict.js';
import type { Logger } from './logger.port.js';

/** The log of one run: its events, and the file they go to. */
export interface RunLog extends Logger {
  /** Relative to the home (`Logs/nightly/nightly_pipeline_<run_id>.log`, for people and greps). */
  readonly key: string;
  /**
   * Writes `verdict` as the log's last event when given (its line holds the seed's marker),
   * then flushes and closes the log; later events are dropped. Never throws.
   */
  close(verdict?: RunVerdict): Promise<void>;
}

/**
 * Where each run's log is written: one line per event for people (time, level, stage,
 * message, fields) and the same events as JSON lines beside it
 * (`nightly_pipeline_<run_id>.jsonl`). A log is opened only once the run holds the lock, so a
 * run that is refused leaves no file behind. Credentials are redacted as by every Logger.
 */
export interface RunLogs {
  /** Creates (or appends to) the run's log. Throws ArtifactIoError when it cannot be written. */
  open(runId: string): Promise<RunLog>;
}

export const RUN_LOGS: ServiceIdentifier<RunLogs> = Symbol.for('cbi.RunLogs');
