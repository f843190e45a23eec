import type { ErrorCode } from './errors.js';

/**
 * The exit codes of `cbi`: sysexits numbers where one fits. The README's table is held to these
 * by a test, row by row, each against a real failure.
 */
export const EXIT = {
  success: 0,
  failed: 1,
  partial: 3,
  degraded: 4,
  usage: 64,
  dataError: 65,
  unavailable: 69,
  unexpected: 70,
  ioError: 74,
  noPermission: 77,
  tryLater: 75,
  config: 78,
  interrupted: 130,
} as const;

/**
 * The exit code of a failure by its error code: a command that failed with a typed error, and a
 * run that failed at a stage (where the code says more than "failed": bad data 65, something
 * unreachable 69, a file that cannot be read or written 74).
 */
export const EXIT_CODE: Readonly<Record<ErrorCode | 'UNEXPECTED', number>> = {
  USAGE: EXIT.usage,
  CONFIG_INVALID: EXIT.config,
  RUN_LOCKED: EXIT.tryLater,
  STATUS_CORRUPT: EXIT.dataError,
  WAREHOUSE_UNAVAILABLE: EXIT.unavailable,
  WAREHOUSE_QUERY: EXIT.failed,
  SOURCE_INVALID: EXIT.dataError,
  SOURCE_UNAVAILABLE: EXIT.unavailable,
  DATA_QUALITY: EXIT.dataError,
  ARTIFACT_IO: EXIT.ioError,
  LIBRARY_MISSING: EXIT.unavailable,
  TRAINING_FAILED: EXIT.failed,
  MODEL_MISMATCH: EXIT.dataError,
  STAGE_TIMEOUT: EXIT.failed,
  RUN_DEADLINE: EXIT.failed,
  INTERRUPTED: EXIT.interrupted,
  ALERT_UNDELIVERED: EXIT.unavailable,
  PROCESS_FAILED: EXIT.failed,
  SCHEDULER_FAILED: EXIT.unavailable,
  POWER_FAILED: EXIT.unavailable,
  NO_PERMISSION: EXIT.noPermission,
  UNEXPECTED: EXIT.unexpected,
};
