import type { LogFields, Logger } from '../ports/logger.port.js';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

/** Keeps every event in memory (children share the list) so tests can read what was logged. */
export class FakeLogger implements Logger {
  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bindings: LogFields = {},
  ) {}

  debug(message: string, fields: LogFields = {}): void {
    this.#push('debug', message, fields);
  }
  info(message: string, fields: LogFields = {}): void {
    this.#push('info', message, fields);
  }
  warn(message: string, fields: LogFields = {}): void {
    this.#push('warn', message, fields);
  }
  error(message: string, fields: LogFields = {}): void {
    this.#push('error', message, fields);
  }
  child(bindings: LogFields): Logger {
    return new FakeLogger(this.entries, { ...this.bindings, ...bindings });
  }

  /** The messages logged at `level`, in order. */
  messages(level?: LogEntry['level']): string[] {
    return this.entries.filter((e) => level === undefined || e.level === level).map((e) => e.message);
  }

  #push(level: LogEntry['level'], message: string, fields: LogFields): void {
    this.entries.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
}
