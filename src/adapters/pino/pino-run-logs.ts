import { join } from 'node:path';
import { runEventsKey, runLogKey } from '../../domain/layout.js';
import type { RunVerdict } from '../../domain/night/run-verdict.js';
import type { LogFields, Logger } from '../../ports/logger.port.js';
import type { RunLog, RunLogs } from '../../ports/run-logs.port.js';
import { artifactIoError } from '../shared/node-errors.js';
import { PinoLogger, type PinoLoggerSettings } from './pino-logger.js';

export interface PinoRunLogsSettings {
  readonly home: string;
  readonly level: PinoLoggerSettings['level'];
  /** Also write each run's JSON lines to stdout (a run off a terminal). */
  readonly stdout: boolean;
}

/**
 * Each run's log under Logs/nightly, made only when the run opens it: lines for people in
 * `nightly_pipeline_<run_id>.log`, JSON lines in `nightly_pipeline_<run_id>.jsonl`.
 */
export class PinoRunLogs implements RunLogs {
  constructor(private readonly settings: PinoRunLogsSettings) {}

  async open(runId: string): Promise<RunLog> {
    const key = runLogKey(runId);
    const path = join(this.settings.home, key);
    let logger: PinoLogger;
    try {
      logger = PinoLogger.create({
        level: this.settings.level,
        file: join(this.settings.home, runEventsKey(runId)),
        textFile: path,
        stdout: this.settings.stdout,
      });
    } catch (cause) {
      throw artifactIoError('write the run log', path, cause);
    }
    return new PinoRunLog(key, logger);
  }
}

class PinoRunLog implements RunLog {
  #closed = false;
  constructor(
    readonly key: string,
    private readonly logger: PinoLogger,
  ) {}

  debug(message: string, fields?: LogFields): void {
    if (!this.#closed) this.logger.debug(message, fields);
  }
  info(message: string, fields?: LogFields): void {
    if (!this.#closed) this.logger.info(message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    if (!this.#closed) this.logger.warn(message, fields);
  }
  error(message: string, fields?: LogFields): void {
    if (!this.#closed) this.logger.error(message, fields);
  }
  child(bindings: LogFields): Logger {
    return this.logger.child(bindings);
  }
  async close(verdict?: RunVerdict): Promise<void> {
    if (this.#closed) return;
    if (verdict !== undefined) this.logger[verdict.level](verdict.message, { verdict: verdict.marker });
    this.#closed = true;
    try {
      this.logger.close();
    } catch {
      // the events were written synchronously; a failed close loses nothing
    }
  }
}
