import type { ServiceIdentifier } from 'inversify';

/** Plain JSON-able fields attached to a log event. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Structured events. Adapters must redact credentials (fields named like passwords, tokens,
 * keys, secrets, authorization headers) before anything is written.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose events all carry `bindings` (run id, stage). */
  child(bindings: LogFields): Logger;
}

export const LOGGER: ServiceIdentifier<Logger> = Symbol.for('cbi.Logger');
