import { localIso } from '../../../../src/domain/iso-time.js';
import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthPolicy } from '../../../../src/domain/watchdog/health.js';
import type { IncidentState } from '../../../../src/domain/watchdog/incident.js';
import { DEFAULT_INCIDENT_POLICY } from '../../../../src/domain/watchdog/incident-policy.js';
import type { LockState, RunRecord } from '../../../../src/domain/night/run.js';
import {
  decideWatchdog,
  failedRecordOf,
  type WatchdogAction,
} from '../../../../src/domain/watchdog/watchdog-decision.js';
import { lockState, runRecord } from '../../../../src/testing/contracts/run-records.js';

const healthPolicy: HealthPolicy = {
  schedule: { timeZone: 'UTC', time: '23:59' },
  graceMinutes: 90,
  maxAgeHours: 26,
  failuresForIncident: 2,
};

const ok = runRecord('20260110_235900', 'success', '2026-01-10T23:59:00Z');
const fail1 = runRecord('20260111_235900', 'failed', '2026-01-11T23:59:00Z');
const fail2 = runRecord('20260112_010000', 'failed', '2026-01-12T01:00:00Z');
const running = runRecord('20260112_235900', 'running', '2026-01-12T23:59:00Z');
const openIncident: IncidentState = {
  open: {
    openedAt: '2026-01-12T02:00:00.000Z',
    lastAlertAt: '2026-01-12T02:00:00.000Z',
    alertsSent: 1,
    firstRunId: fail1.run_id,
  },
  lastStartAt: '2026-01-12T01:00:00.000Z',
  startsSinceSuccess: 1,
};

interface Row {
  name: string;
  now: string;
  history?: RunRecord[];
  corrupt?: boolean;
  lock?: LockState;
  incident?: IncidentState;
  state: string;
  actions: string[];
  held?: boolean;
}

// DESIGN.md "Watchdog decisions", row for row, plus the back-off and incident cases.
const rows: Row[] = [
  { name: 'never_run: start a run', now: '2026-01-11T12:00:00Z', state: 'never_run', actions: ['start_run'] },
  {
    name: 'running: nothing',
    now: '2026-01-13T01:00:00Z',
    history: [ok, running],
    lock: lockState(running.run_id, running.started_at, true),
    state: 'running',
    actions: [],
  },
  {
    name: 'stale (dead holder): mark failed, start a run',
    now: '2026-01-13T01:00:00Z',
    history: [ok, running],
    lock: lockState(running.run_id, running.started_at, false),
    state: 'stale',
    actions: ['record_failure', 'start_run'],
  },
  {
    name: 'stale (past deadline): stop, mark failed, start a run',
    now: '2026-01-13T05:00:00Z',
    history: [ok, running],
    lock: lockState(running.run_id, running.started_at, true),
    state: 'stale',
    actions: ['stop_run', 'record_failure', 'start_run'],
  },
  {
    name: 'stale run that makes N failures: mark failed, open the incident, no run',
    now: '2026-01-12T03:00:00Z',
    history: [ok, fail1, runRecord('20260112_010000', 'running', '2026-01-12T01:00:00Z')],
    lock: lockState('20260112_010000', '2026-01-12T01:00:00Z', false),
    state: 'stale',
    actions: ['record_failure', 'alert:incident_opened'],
  },
  {
    name: 'corrupt: set aside, start a run',
    now: '2026-01-12T12:00:00Z',
    history: [ok],
    corrupt: true,
    state: 'corrupt',
    actions: ['set_aside_status', 'start_run'],
  },
  {
    name: 'missed: start a run',
    now: '2026-01-12T02:00:00Z',
    history: [ok],
    state: 'missed',
    actions: ['start_run'],
  },
  {
    name: 'failed (first retry): start a run',
    now: '2026-01-12T01:00:00Z',
    history: [ok, fail1],
    state: 'failed',
    actions: ['start_run'],
  },
  {
    name: 'failed, retry backing off: nothing yet',
    now: '2026-01-12T01:30:00Z',
    history: [ok, fail1],
    incident: { open: null, lastStartAt: '2026-01-12T01:00:00.000Z', startsSinceSuccess: 1 },
    state: 'failed',
    actions: [],
    held: true,
  },
  {
    name: 'persistent_failure: open the incident, alert, no run',
    now: '2026-01-12T03:00:00Z',
    history: [ok, fail1, fail2],
    state: 'persistent_failure',
    actions: ['alert:incident_opened'],
  },
  {
    name: 'persistent_failure, incident already open: silent',
    now: '2026-01-12T04:00:00Z',
    history: [ok, fail1, fail2],
    incident: openIncident,
    state: 'persistent_failure',
    actions: [],
  },
  {
    name: 'persistent_failure and a slot slept through: start the owed run',
    now: '2026-01-14T09:00:00Z',
    history: [ok, fail1, fail2],
    incident: openIncident,
    state: 'persistent_failure',
    actions: ['start_run'],
  },
  { name: 'healthy: nothing', now: '2026-01-11T12:00:00Z', history: [ok], state: 'healthy', actions: [] },
  {
    name: 'healthy with an open incident: one recovery notice',
    now: '2026-01-13T03:00:00Z',
    history: [ok, fail1, fail2, runRecord('20260112_235900', 'success', '2026-01-12T23:59:00Z')],
    incident: openIncident,
    state: 'healthy',
    actions: ['alert:recovered'],
  },
];

function label(action: WatchdogAction): string {
  return action.kind === 'alert' ? `alert:${action.alert}` : action.kind;
}

describe('decideWatchdog', () => {
  it.each(rows)('$name', (row) => {
    const now = new Date(row.now);
    const history = row.history ?? [];
    const health = evaluateHealth(
      {
        now,
        status:
          row.corrupt === true
            ? { ok: false, reason: 'Unexpected end of JSON input' }
            : { ok: true, run: history.at(-1) },
        history,
        lock: row.lock,
      },
      healthPolicy,
    );
    const decision = decideWatchdog(health, row.incident, now, DEFAULT_INCIDENT_POLICY);
    expect(decision.state).toBe(row.state);
    expect(decision.actions.map(label)).toEqual(row.actions);
    expect(decision.held !== null).toBe(row.held ?? false);
  });

  it('counts its starts and remembers when, so the next retry backs off', () => {
    const now = new Date('2026-01-12T01:00:00Z');
    const health = evaluateHealth(
      { now, status: { ok: true, run: fail1 }, history: [ok, fail1], lock: undefined },
      healthPolicy,
    );
    const decision = decideWatchdog(health, undefined, now, DEFAULT_INCIDENT_POLICY);
    expect(decision.incident).toEqual({ open: null, lastStartAt: now.toISOString(), startsSinceSuccess: 1 });
  });
});

describe('failedRecordOf', () => {
  it('marks the running stage and the run failed past the deadline', () => {
    const base = runRecord('r', 'running', '2026-01-12T23:59:00Z');
    const record = failedRecordOf(
      {
        runId: 'r',
        pid: 1,
        host: 'h',
        livePid: 1,
        why: 'past_deadline',
        startedAt: base.started_at,
        deadline: base.deadline,
        record: {
          ...base,
          stages: [
            {
              name: 'export',
              kind: 'export',
              success: false,
              start_time: base.start_time,
              end_time: null,
              duration_seconds: null,
              error: null,
              retries: 0,
              status: 'running',
              started_at: base.started_at,
              ended_at: null,
              critical: true,
              horizon: null,
              attempts: 1,
              error_code: null,
              reason: null,
              details: null,
            },
          ],
        },
      },
      new Date('2026-01-13T05:00:00Z'),
    );
    expect(record).toMatchObject({
      state: 'failed',
      success: false,
      failed_stage: 'export',
      error_code: 'RUN_DEADLINE',
      ended_at: localIso(new Date('2026-01-13T05:00:00Z')),
    });
    expect(record.stages[0]?.status).toBe('failed');
  });

  it('builds a record from the lock when the run wrote none', () => {
    const record = failedRecordOf(
      {
        runId: 'r2',
        pid: 9,
        host: 'h',
        livePid: null,
        why: 'process_gone',
        startedAt: '2026-01-12T23:59:00Z',
        deadline: '2026-01-13T03:59:00Z',
        record: undefined,
      },
      new Date('2026-01-13T01:00:00Z'),
    );
    expect(record).toMatchObject({
      run_id: 'r2',
      state: 'failed',
      error_code: 'INTERRUPTED',
      pid: 9,
      log_file: 'Logs/nightly/nightly_pipeline_r2.log',
    });
  });
});
