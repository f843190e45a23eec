import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import { localIso } from '../../domain/iso-time.js';
import type { LogFields, Logger } from '../../ports/logger.port.js';
import { redact } from './redact.js';
import { textLogLine } from './text-log-line.js';
import { isJsonObject } from '../../domain/json-object.js';

type Destination = ReturnType<typeof pino.destination>;

export interface PinoLoggerSettings {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  /** Absolute path of the JSON-lines log file, or null for none. */
  readonly file: string | null;
  /** Absolute path of a file that gets each event as a line for people (textLogLine), or none. */
  readonly textFile?: string | null;
  /** Also write JSON lines to stdout (off a terminal), or nothing (a terminal shows progress instead). */
  readonly stdout: boolean;
}

/**
 * Structured logging with pino: one JSON line per event, credentials redacted before anything
 * is written (field names like password/token/secret, and credentials inside URLs).
 */
export class PinoLogger implements Logger {
  private constructor(
    private readonly pino: Pino,
    private readonly files: readonly Destination[] = [],
  ) {}

  /** Throws the file system's error when the log file cannot be created. */
  static create(settings: PinoLoggerSettings): PinoLogger {
    const streams: { stream: DestinationStream; level: PinoLoggerSettings['level'] }[] = [];
    const files: Destination[] = [];
    if (settings.file !== null) {
      mkdirSync(dirname(settings.file), { recursive: true });
      // Synchronous appends: a crash or kill -9 must not lose the last events of a run.
      const file = pino.destination({ dest: settings.file, sync: true, append: true });
      files.push(file);
      streams.push({ stream: file, level: settings.level });
    }
    if (settings.textFile !== undefined && settings.textFile !== null) {
      mkdirSync(dirname(settings.textFile), { recursive: true });
      const text = pino.destination({ dest: settings.textFile, sync: true, append: true });
      files.push(text);
      streams.push({ stream: textStream(text), level: settings.level });
    }
    if (settings.stdout)
      streams.push({ stream: pino.destination({ dest: 1, sync: true }), level: settings.level });
    const base = pino(
      {
        level: settings.level,
        base: { pid: process.pid },
        timestamp: () => `,"time":"${localIso(new Date())}"`,
        formatters: { level: (label) => ({ level: label }) },
        redact: {
          paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization'],
          censor: '[redacted]',
        },
      },
      pino.multistream(streams),
    );
    return new PinoLogger(base, files);
  }

  /** Closes the log files this logger opened (its children share them). */
  close(): void {
    for (const file of this.files) {
      try {
        file.flushSync();
      } finally {
        file.end();
      }
    }
  }

  debug(message: string, fields: LogFields = {}): void {
    this.pino.debug(safe(fields), message);
  }
  info(message: string, fields: LogFields = {}): void {
    this.pino.info(safe(fields), message);
  }
  warn(message: string, fields: LogFields = {}): void {
    this.pino.warn(safe(fields), message);
  }
  error(message: string, fields: LogFields = {}): void {
    this.pino.error(safe(fields), message);
  }
  child(bindings: LogFields): Logger {
    return new PinoLogger(this.pino.child(safe(bindings)));
  }
}

/** A stream that turns pino's JSON lines into lines for people on `destination`. */
function textStream(destination: Destination): DestinationStream {
  return {
    write(line: string): void {
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        destination.write(line);
        return;
      }
      if (isJsonObject(event)) destination.write(`${textLogLine(event)}\n`);
    },
  };
}

function safe(fields: LogFields): Record<string, unknown> {
  const cleaned = redact(fields);
  return typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned) ? { ...cleaned } : {};
}
