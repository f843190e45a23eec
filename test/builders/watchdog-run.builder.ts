import { runLogKey } from '../../src/domain/layout.js';
import type { LockState, RunRecord, RunState } from '../../src/domain/night/run.js';

/** A run record as the watchdog reads it; only the fields the watchdog judges vary. */
export function runRecord(
  runId: string,
  state: RunState,
  start: string,
  options: {
    end?: string | null;
    deadline?: string;
    failedStage?: string | null;
    error?: string | null;
    pid?: number;
  } = {},
): RunRecord {
  const ended = state !== 'running';
  const startMs = Date.parse(start);
  return {
    run_id: runId,
    start_time: start,
    end_time:
      options.end !== undefined ? options.end : ended ? new Date(startMs + 30 * 60_000).toISOString() : null,
    success: state === 'success' || state === 'partial',
    failed_stage: options.failedStage ?? (state === 'failed' ? 'export' : null),
    error: options.error ?? (state === 'failed' ? 'warehouse unreachable' : null),
    stages: [],
    schema_version: 1,
    state,
    exit_code: state === 'running' ? null : state === 'success' ? 0 : state === 'partial' ? 3 : 1,
    error_code: state === 'failed' ? 'WAREHOUSE_UNAVAILABLE' : null,
    trigger: 'schedule',
    horizons: ['1m'],
    pid: options.pid ?? 4242,
    host: 'test-host',
    deadline: options.deadline ?? new Date(startMs + 4 * 3_600_000).toISOString(),
    log_file: runLogKey(runId),
  };
}

export function lockState(
  runId: string,
  start: string,
  alive: boolean,
  options: { deadline?: string; pid?: number } = {},
): LockState {
  return {
    lock: {
      runId,
      pid: options.pid ?? 4242,
      host: 'test-host',
      startedAt: start,
      deadline: options.deadline ?? new Date(Date.parse(start) + 4 * 3_600_000).toISOString(),
    },
    alive,
  };
}
