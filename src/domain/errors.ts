/** Every error code; add a code here (the type follows). */
export const ERROR_CODES = [
  'USAGE',
  'CONFIG_INVALID',
  'RUN_LOCKED',
  'STATUS_CORRUPT',
  'WAREHOUSE_UNAVAILABLE',
  'WAREHOUSE_QUERY',
  'SOURCE_INVALID',
  'SOURCE_UNAVAILABLE',
  'DATA_QUALITY',
  'ARTIFACT_IO',
  'LIBRARY_MISSING',
  'TRAINING_FAILED',
  'MODEL_MISMATCH',
  'STAGE_TIMEOUT',
  'RUN_DEADLINE',
  'INTERRUPTED',
  'ALERT_UNDELIVERED',
  'PROCESS_FAILED',
  'SCHEDULER_FAILED',
  'POWER_FAILED',
  'NO_PERMISSION',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CbiErrorOptions {
  readonly cause?: unknown;
  readonly transient?: boolean;
  readonly hint?: string;
}

/**
 * The one error hierarchy. Every error has a stable `code` (what callers and exit codes key on),
 * a `transient` flag (read by the retry policy: retry or fail at once) and an optional `hint`
 * (what the user should do). The `cause` is always kept.
 */
export abstract class CbiError extends Error {
  abstract readonly code: ErrorCode;
  readonly transient: boolean;
  readonly hint: string | undefined;
  constructor(message: string, options: CbiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.transient = options.transient ?? false;
    this.hint = options.hint;
  }
}

/** A command line that cannot be understood (unknown option, bad horizon list). */
export class UsageError extends CbiError {
  readonly code = 'USAGE';
}
/** The configuration file or an environment override is invalid. */
export class ConfigError extends CbiError {
  readonly code = 'CONFIG_INVALID';
}
/** Another live run holds the lock. Transient: the next attempt may find it free. */
export class RunLockedError extends CbiError {
  readonly code = 'RUN_LOCKED';
}
/** A status file exists but cannot be read as a run record (truncated, not JSON, wrong shape). */
export class StatusCorruptError extends CbiError {
  readonly code = 'STATUS_CORRUPT';
}
/** The warehouse cannot be reached or opened. */
export class WarehouseUnavailableError extends CbiError {
  readonly code = 'WAREHOUSE_UNAVAILABLE';
}
/** A warehouse statement failed (bad table, bad SQL, constraint). */
export class WarehouseQueryError extends CbiError {
  readonly code = 'WAREHOUSE_QUERY';
}
/** A source file or download is malformed (names the file and line). */
export class SourceInvalidError extends CbiError {
  readonly code = 'SOURCE_INVALID';
}
/** A source cannot be fetched (offline, server error, timeout). */
export class SourceUnavailableError extends CbiError {
  readonly code = 'SOURCE_UNAVAILABLE';
}
/** A blocking data-quality rule failed. */
export class DataQualityError extends CbiError {
  readonly code = 'DATA_QUALITY';
}
/** An artifact could not be written, read or renamed. */
export class ArtifactIoError extends CbiError {
  readonly code = 'ARTIFACT_IO';
}
/**
 * A saved model file is gone or no longer matches the sha256 its metadata recorded. Same code as
 * any artifact failure; a caller that can fall back to another model catches this class.
 */
export class ModelCorruptError extends ArtifactIoError {}
/** A native library (LightGBM, XGBoost) is not installed or cannot be loaded. */
export class LibraryMissingError extends CbiError {
  readonly code = 'LIBRARY_MISSING';
}
/** Training or prediction failed inside the library or its worker process. */
export class TrainingFailedError extends CbiError {
  readonly code = 'TRAINING_FAILED';
}
/** A model was asked to predict on features other than those it was trained on. */
export class ModelMismatchError extends CbiError {
  readonly code = 'MODEL_MISMATCH';
}
/** One attempt of a stage ran past its timeout. Transient: another attempt may finish. */
export class StageTimeoutError extends CbiError {
  readonly code = 'STAGE_TIMEOUT';
}
/** The whole run passed its deadline; nothing more is started. */
export class RunDeadlineError extends CbiError {
  readonly code = 'RUN_DEADLINE';
}
/** The run was interrupted by a signal (SIGINT/SIGTERM). */
export class InterruptedError extends CbiError {
  readonly code = 'INTERRUPTED';
}
/** An alert could not be delivered by one alerter. */
export class AlertDeliveryError extends CbiError {
  readonly code = 'ALERT_UNDELIVERED';
}
/** A child process could not be started or ended badly. */
export class ProcessFailedError extends CbiError {
  readonly code = 'PROCESS_FAILED';
}
/** The OS scheduler (launchd, systemd) refused an install, removal or inspection. */
export class SchedulerError extends CbiError {
  readonly code = 'SCHEDULER_FAILED';
}
/** Keep-awake or wake scheduling failed. */
export class PowerError extends CbiError {
  readonly code = 'POWER_FAILED';
}
/** The step needs another user: root for system jobs and the wake, never root for the jobs themselves. */
export class NoPermissionError extends CbiError {
  readonly code = 'NO_PERMISSION';
}

/** The fields of any thrown value that the retry policy and the run record need. */
export interface ErrorSummary {
  readonly code: ErrorCode | 'UNEXPECTED';
  readonly message: string;
  readonly transient: boolean;
  readonly hint?: string;
}

/** Reduces anything thrown to what is recorded; unknown errors are permanent and flagged UNEXPECTED. */
export function summarizeError(error: unknown): ErrorSummary {
  if (error instanceof CbiError) {
    return error.hint === undefined
      ? { code: error.code, message: error.message, transient: error.transient }
      : { code: error.code, message: error.message, transient: error.transient, hint: error.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED', message, transient: false };
}
