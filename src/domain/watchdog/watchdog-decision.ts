import type { AlertKind } from './alert.js';
import type { HealthReport, HealthState, StaleRun } from './health.js';
import type { IncidentState } from './incident.js';
import {
  mayStartRun,
  NO_INCIDENT,
  startsSinceSuccess,
  stepIncident,
  type IncidentPolicy,
} from './incident-policy.js';
import { abandonedRecord, runRecord } from '../night/run-record.js';
import type { RunRecord } from '../night/run.js';

/** One thing the watchdog does, in the order given. */
export type WatchdogAction =
  | { readonly kind: 'stop_run'; readonly runId: string; readonly pid: number; readonly host: string }
  | { readonly kind: 'record_failure'; readonly run: RunRecord }
  | { readonly kind: 'set_aside_status' }
  | { readonly kind: 'start_run'; readonly reason: string }
  | {
      readonly kind: 'alert';
      readonly alert: Extract<AlertKind, 'incident_opened' | 'incident_reminder' | 'recovered'>;
    };

export interface WatchdogDecision {
  readonly state: HealthState;
  readonly reason: string;
  readonly actions: readonly WatchdogAction[];
  /** The incident state to save (unchanged when nothing happened). */
  readonly incident: IncidentState;
  /** Why a run that would be started is not (retry back-off), or null. */
  readonly held: string | null;
  /** Consecutive failures once any stale run is recorded as failed. */
  readonly consecutiveFailures: number;
}

/** Decides what the watchdog does from the health report and its memory. Pure. */
export function decideWatchdog(
  health: HealthReport,
  saved: IncidentState | undefined,
  now: Date,
  policy: IncidentPolicy,
): WatchdogDecision {
  const memory = saved ?? NO_INCIDENT;
  const actions: WatchdogAction[] = [];
  let consecutive = health.consecutiveFailures;
  let firstFailedRunId = health.firstFailedRunId;
  let wantStart: string | null = null;

  switch (health.state) {
    case 'running':
      return {
        state: health.state,
        reason: health.reason,
        actions,
        incident: memory,
        held: null,
        consecutiveFailures: consecutive,
      };
    case 'stale': {
      const stale = health.stale;
      if (stale !== null) {
        if (stale.livePid !== null)
          actions.push({ kind: 'stop_run', runId: stale.runId, pid: stale.livePid, host: stale.host });
        actions.push({ kind: 'record_failure', run: failedRecordOf(stale, now) });
        consecutive += 1;
        if (consecutive === 1) firstFailedRunId = stale.runId;
      }
      wantStart =
        consecutive < policy.failuresForIncident || health.slotMissed
          ? `catch up after stale run (${health.reason})`
          : null;
      break;
    }
    case 'corrupt':
      actions.push({ kind: 'set_aside_status' });
      wantStart = 'the status file was unreadable';
      break;
    case 'never_run':
      wantStart = 'no run was ever recorded';
      break;
    case 'missed':
      wantStart = health.reason;
      break;
    case 'failed':
      wantStart = `retry: ${health.reason}`;
      break;
    case 'persistent_failure':
      // No hourly retries while an incident is open; a night the machine slept through is still owed.
      wantStart = health.slotMissed ? `scheduled slot ${health.dueSlot} was missed` : null;
      break;
    case 'degraded':
      // another run on the same data delivers no more: a person must hear of it (the incident
      // below), and tomorrow's night tries again
      break;
    case 'healthy':
      break;
  }

  const step = stepIncident(
    memory.open,
    {
      consecutiveFailures: consecutive,
      firstFailedRunId,
      consecutiveDegraded: consecutive === 0 ? health.consecutiveDegraded : 0,
      firstDegradedRunId: health.state === 'degraded' ? (health.lastRun?.run_id ?? null) : null,
      lastRunSucceeded: consecutive === 0 && health.lastRun !== null && health.lastRun.state !== 'degraded',
    },
    now,
    policy,
  );
  if (step.alert !== null) actions.push({ kind: 'alert', alert: step.alert });

  let incident: IncidentState = {
    ...memory,
    open: step.open,
    startsSinceSuccess: startsSinceSuccess(memory, health.lastSuccessAt),
  };
  let held: string | null = null;
  if (wantStart !== null) {
    const gate = mayStartRun(memory, health.lastSuccessAt, now, policy);
    if (gate.allowed) {
      actions.push({ kind: 'start_run', reason: wantStart });
      incident = {
        ...incident,
        lastStartAt: now.toISOString(),
        startsSinceSuccess: incident.startsSinceSuccess + 1,
      };
    } else {
      held = `retry held back until ${gate.until} (${incident.startsSinceSuccess} watchdog starts since the last success)`;
    }
  }
  return {
    state: health.state,
    reason: health.reason,
    actions,
    incident,
    held,
    consecutiveFailures: consecutive,
  };
}

/** The record of a stale run once the watchdog has ended it. */
export function failedRecordOf(stale: StaleRun, now: Date): RunRecord {
  const pastDeadline = stale.why === 'past_deadline';
  const error = pastDeadline
    ? `stopped by the watchdog: past its deadline ${stale.deadline}`
    : 'the run process ended without recording an outcome (killed, crashed or powered off)';
  const run =
    stale.record ??
    runRecord(
      {
        runId: stale.runId,
        trigger: 'schedule',
        horizons: [],
        pid: stale.pid,
        host: stale.host,
        startedAt: new Date(stale.startedAt),
        deadline: new Date(stale.deadline),
      },
      [],
    );
  return abandonedRecord(run, now, { error, code: pastDeadline ? 'RUN_DEADLINE' : 'INTERRUPTED' });
}
