// zod/mini: the status store is on the path of every hourly command, and the mini build costs a
// quarter of the classic one to load (bench/cli-startup.bench.mjs).
import * as z from 'zod/mini';
import { ERROR_CODES } from '../../domain/errors.js';
import { HORIZONS } from '../../domain/horizon.js';
import { stageKindOf, STAGE_KINDS } from '../../domain/night/pipeline-plan.js';
import type { IncidentState } from '../../domain/watchdog/incident.js';
import type { RunLock, RunRecord, StageRecord, WatchdogLock } from '../../domain/night/run.js';
import { parseStageDetails } from './stage-details-schema.js';

// zod compiles a parser per object schema on first use (new Function), code the compile cache
// cannot keep: in a process that parses one or two records that costs more than it saves.
z.config({ jitless: true });

const horizon = z.enum(HORIZONS);
const nullableString = z.nullable(z.string());
const count = z.number().check(z.int(), z.minimum(0));
const errorCode = z.enum([...ERROR_CODES, 'UNEXPECTED']);

const stageRecord = z.object({
  name: z.string(),
  success: z.boolean(),
  start_time: nullableString,
  end_time: nullableString,
  duration_seconds: z.nullable(z.number()),
  error: nullableString,
  retries: count,
  status: z.enum(['running', 'succeeded', 'partial', 'failed', 'skipped', 'not_run']),
  // absent in schema 1, whose start_time/end_time carried the offset
  started_at: z.optional(nullableString),
  ended_at: z.optional(nullableString),
  critical: z.boolean(),
  horizon: z.nullable(horizon),
  attempts: count,
  error_code: z.nullable(errorCode),
  reason: nullableString,
  // absent before records named it: derived from `name` then
  kind: z.optional(z.enum(STAGE_KINDS)),
  details: z.unknown(),
});

const horizonDelivery = z.object({
  horizon,
  delivered: z.enum(['skilled', 'naive', 'stale', 'not_published']),
  model: nullableString,
  reason: nullableString,
  as_of_date: nullableString,
  frequency: z.nullable(z.enum(['daily', 'monthly'])),
  data_age_periods: z.nullable(z.number()),
  data_age_days: z.nullable(z.number()),
  trained: z.array(z.string()),
});

const nightDelivery = z.object({
  met: z.boolean(),
  current: count,
  expected: count,
  judged_on: z.string(),
  summary: z.string(),
  horizons: z.array(horizonDelivery),
});

/** The on-disk shape of a run record; parsing with it is how a file is judged corrupt. */
const runRecordFileSchema = z.object({
  run_id: z.string().check(z.minLength(1)),
  start_time: z.string(),
  end_time: nullableString,
  success: z.boolean(),
  failed_stage: nullableString,
  error: nullableString,
  stages: z.array(stageRecord),
  schema_version: z.union([z.literal(1), z.literal(2)]),
  state: z.enum(['running', 'success', 'partial', 'degraded', 'failed', 'interrupted']),
  // absent in schema 1, whose start_time/end_time carried the offset
  started_at: z.optional(z.string()),
  ended_at: z.optional(nullableString),
  exit_code: z.nullable(z.number().check(z.int())),
  error_code: z.nullable(errorCode),
  // absent in records written before hints were recorded
  hint: z._default(nullableString, null),
  trigger: z.enum(['manual', 'schedule', 'watchdog']),
  horizons: z.array(horizon),
  pid: z.number().check(z.int()),
  host: z.string(),
  deadline: z.string(),
  log_file: z.string(),
  // absent in records written before a night's delivery was judged
  delivery: z._default(z.nullable(nightDelivery), null),
  // absent in records written before a manual run's variables were recorded
  environment: z._default(
    z.nullable(
      z.object({
        file: z.string(),
        recorded: z.array(
          z.object({ variable: z.string(), key: z.string(), value: z.unknown(), changed: z.boolean() }),
        ),
        not_recorded: z.array(z.object({ variable: z.string(), key: z.string(), reason: z.string() })),
      }),
    ),
    null,
  ),
  // absent in records written before set-aside files were recorded
  set_aside: z._default(
    z.array(
      z.object({ what: z.literal('warehouse'), path: z.string(), moved_to: z.string(), reason: z.string() }),
    ),
    [],
  ),
});

const lockHolder = {
  pid: z.number().check(z.int(), z.positive()),
  host: z.string(),
  startedAt: z.string(),
  bootId: z.optional(z.string()),
  processStart: z.optional(z.string()),
};

export const runLockSchema = z.object({
  runId: z.string().check(z.minLength(1)),
  ...lockHolder,
  deadline: z.string(),
});

export const watchdogLockSchema = z.object(lockHolder);

export const incidentStateSchema = z.object({
  open: z.nullable(
    z.object({
      openedAt: z.string(),
      lastAlertAt: z.string(),
      alertsSent: count,
      firstRunId: z.string(),
    }),
  ),
  lastStartAt: nullableString,
  startsSinceSuccess: count,
});

/**
 * A run record as the code reads it: a schema 1 record (offsets in the seed's keys, no
 * `started_at`) is read as schema 2, its offset-aware times copied into the new fields.
 */
export const runRecordSchema = z.pipe(
  runRecordFileSchema,
  z.transform((file, context): RunRecord => {
    const {
      run_id,
      start_time,
      end_time,
      success,
      failed_stage,
      error,
      stages,
      schema_version: _version,
      state,
      started_at,
      ended_at,
      ...ours
    } = file;
    return {
      run_id,
      start_time,
      end_time,
      success,
      failed_stage,
      error,
      stages: stages.map(
        ({ started_at: stageStart, ended_at: stageEnd, status, kind, details, ...stage }) => {
          const stageKind = kind ?? stageKindOf(stage.name);
          if (stageKind === undefined) {
            context.issues.push({
              code: 'custom',
              message: `no stage is named ${stage.name}`,
              input: stage.name,
            });
            return z.NEVER;
          }
          // the details' type follows `kind`, which the spread cannot show the compiler
          return {
            ...stage,
            status,
            started_at: stageStart ?? stage.start_time,
            ended_at: stageEnd ?? stage.end_time,
            kind: stageKind,
            details: parseStageDetails(stageKind, details),
          } as StageRecord;
        },
      ),
      schema_version: 2,
      state,
      started_at: started_at ?? start_time,
      ended_at: ended_at === undefined ? end_time : ended_at,
      ...ours,
    };
  }),
);

/** Whether an error is a schema's verdict on a value (as opposed to a bug). */
export function isSchemaError(error: unknown): error is z.core.$ZodError {
  return error instanceof z.core.$ZodError;
}

export function parseRunRecord(json: unknown): RunRecord {
  return runRecordSchema.parse(json);
}

export function parseRunLock(json: unknown): RunLock {
  return runLockSchema.parse(json);
}

export function parseWatchdogLock(json: unknown): WatchdogLock {
  return watchdogLockSchema.parse(json);
}

export function parseIncidentState(json: unknown): IncidentState {
  return incidentStateSchema.parse(json);
}
