import type { ErrorCode } from '../../domain/errors.js';
import { RUN_EXIT_CODE } from '../../domain/night/run-outcome.js';

/** sysexits numbers where one fits; the README's table is held to these by a test. */
export const EXIT = {
  success: RUN_EXIT_CODE.success,
  failed: RUN_EXIT_CODE.failed,
  partial: RUN_EXIT_CODE.partial,
  usage: 64,
  dataError: 65,
  unavailable: 69,
  unexpected: 70,
  ioError: 74,
  tryLater: 75,
  config: 78,
  interrupted: RUN_EXIT_CODE.interrupted,
} as const;

/** The exit code of a command that failed with a typed error (before or outside a run's stages). */
export const EXIT_CODE: Readonly<Record<ErrorCode, number>> = {
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
};
