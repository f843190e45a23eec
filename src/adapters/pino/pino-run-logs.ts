import { join } from 'node:path';
import { runLogKey } from '../../domain/layout.js';
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

/** Each run's JSON-lines log file under Logs/nightly, made only when the run opens it. */
export class PinoRunLogs implements RunLogs {
  constructor(private readonly settings: PinoRunLogsSettings) {}

  async open(runId: string): Promise<RunLog> {
    const key = runLogKey(runId);
    const path = join(this.settings.home, key);
    let logger: PinoLogger;
    try {
      logger = PinoLogger.create({ level: this.settings.level, file: path, stdout: this.settings.stdout });
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
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.logger.close();
    } catch {
      // the events were written synchronously; a failed close loses nothing
    }
  }
}
