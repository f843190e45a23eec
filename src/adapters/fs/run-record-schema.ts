import { z } from 'zod';
import { ERROR_CODES } from '../../domain/errors.js';
import type { IncidentState } from '../../domain/watchdog/incident.js';
import type { RunLock, RunRecord, WatchdogLock } from '../../domain/night/run.js';

const horizon = z.enum(['1w', '1m', '3m', '6m', '12m']);
const nullableString = z.string().nullable();
const errorCode = z.enum([...ERROR_CODES, 'UNEXPECTED']);

const stageRecord = z.object({
  name: z.string(),
  success: z.boolean(),
  start_time: nullableString,
  end_time: nullableString,
  duration_seconds: z.number().nullable(),
  error: nullableString,
  retries: z.number().int().min(0),
  status: z.enum(['running', 'succeeded', 'partial', 'failed', 'skipped', 'not_run']),
  critical: z.boolean(),
  horizon: horizon.nullable(),
  attempts: z.number().int().min(0),
  error_code: errorCode.nullable(),
  reason: nullableString,
  details: z.record(z.string(), z.unknown()).nullable(),
});

/** The on-disk shape of a run record; parsing with it is how a file is judged corrupt. */
export const runRecordSchema = z.object({
  run_id: z.string().min(1),
  start_time: z.string(),
  end_time: nullableString,
  success: z.boolean(),
  failed_stage: nullableString,
  error: nullableString,
  stages: z.array(stageRecord),
  schema_version: z.literal(1),
  state: z.enum(['running', 'success', 'partial', 'failed', 'interrupted']),
  exit_code: z.number().int().nullable(),
  error_code: errorCode.nullable(),
  // absent in records written before hints were recorded
  hint: nullableString.default(null),
  trigger: z.enum(['manual', 'schedule', 'watchdog']),
  horizons: z.array(horizon),
  pid: z.number().int(),
  host: z.string(),
  deadline: z.string(),
  log_file: z.string(),
});

export const runLockSchema = z.object({
  runId: z.string().min(1),
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  deadline: z.string(),
  bootId: z.string().optional(),
  processStart: z.string().optional(),
});

export const watchdogLockSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  bootId: z.string().optional(),
  processStart: z.string().optional(),
});

export const incidentStateSchema = z.object({
  open: z
    .object({
      openedAt: z.string(),
      lastAlertAt: z.string(),
      alertsSent: z.number().int().min(0),
      firstRunId: z.string(),
    })
    .nullable(),
  lastStartAt: z.string().nullable(),
  startsSinceSuccess: z.number().int().min(0),
});

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
