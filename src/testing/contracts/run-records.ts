import type { RunLock, RunRecord } from '../../domain/night/run.js';
import { runLogKey } from '../../domain/layout.js';

/** A finished run record; arithmetic-free test vector, named fields only. */
export function runRecord(runId: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: runId,
    start_time: '2026-11-28T23:59:00.000-06:00',
    end_time: '2026-11-29T00:41:10.000-06:00',
    success: true,
    failed_stage: null,
    error: null,
    stages: [
      {
        name: 'export',
        success: true,
        start_time: '2026-11-28T23:59:00.000-06:00',
        end_time: '2026-11-28T23:59:40.000-06:00',
        duration_seconds: 40,
        error: null,
        retries: 0,
        status: 'succeeded',
        critical: true,
        horizon: null,
        attempts: 1,
        error_code: null,
        reason: null,
        details: { rows: 417 },
      },
    ],
    schema_version: 1,
    state: 'success',
    exit_code: 0,
    error_code: null,
    trigger: 'schedule',
    horizons: ['1m', '3m', '6m', '12m'],
    pid: 4242,
    host: 'test-host',
    deadline: '2026-11-29T03:59:00.000-06:00',
    log_file: runLogKey(runId),
    ...overrides,
  };
}

export function runLock(runId: string, pid: number, host = 'test-host'): RunLock {
  return {
    runId,
    pid,
    host,
    startedAt: '2026-11-28T23:59:00.000-06:00',
    deadline: '2026-11-29T03:59:00.000-06:00',
  };
}
