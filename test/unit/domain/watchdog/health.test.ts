import { describe, expect, it } from 'vitest';
import {
  evaluateHealth,
  type HealthFacts,
  type HealthPolicy,
} from '../../../../src/domain/watchdog/health.js';
import type { LockState, RunRecord } from '../../../../src/domain/night/run.js';
import { lockState, runRecord } from '../../../../src/testing/contracts/run-records.js';

const policy: HealthPolicy = {
  schedule: { timeZone: 'America/Chicago', time: '23:59' },
  graceMinutes: 90,
  maxAgeHours: 26,
  failuresForIncident: 2,
};

// Chicago 23:59 CST is 05:59Z the next day.
const night1 = '2026-01-10T05:59:00Z';
const night2 = '2026-01-11T05:59:00Z';
const night3 = '2026-01-12T05:59:00Z';
const ok1 = runRecord('20260110_055900', 'success', night1);
const ok2 = runRecord('20260111_055900', 'success', night2);
const fail2 = runRecord('20260111_055900', 'failed', night2);
const retry2 = runRecord('20260111_070000', 'failed', '2026-01-11T07:00:00Z');
const partial2 = runRecord('20260111_055900', 'partial', night2);
const degraded2 = runRecord('20260111_055900', 'degraded', night2);
const running3 = runRecord('20260112_055900', 'running', night3);
// written while the clock had jumped a year ahead
const future = runRecord('20270111_055900', 'success', '2027-01-11T05:59:00Z');

interface Row {
  name: string;
  now: string;
  latest?: RunRecord;
  corrupt?: string;
  history?: RunRecord[];
  lock?: LockState;
  state: string;
  consecutive?: number;
  slotMissed?: boolean;
  staleWhy?: string;
  livePid?: number | null;
  graceMinutes?: number;
}

const rows: Row[] = [
  {
    name: 'no status, no history: never_run',
    now: '2026-01-11T12:00:00Z',
    state: 'never_run',
    slotMissed: true,
  },
  {
    name: 'lock held by a live run: running',
    now: '2026-01-12T07:00:00Z',
    latest: running3,
    history: [ok2, running3],
    lock: lockState(running3.run_id, night3, true),
    state: 'running',
  },
  {
    name: 'lock held by a dead process: stale',
    now: '2026-01-12T07:00:00Z',
    latest: running3,
    history: [ok2, running3],
    lock: lockState(running3.run_id, night3, false),
    state: 'stale',
    staleWhy: 'process_gone',
    livePid: null,
  },
  {
    name: 'live run past its deadline: stale, to be stopped',
    now: '2026-01-12T10:30:00Z',
    latest: running3,
    history: [ok2, running3],
    lock: lockState(running3.run_id, night3, true, { deadline: '2026-01-12T09:59:00Z', pid: 777 }),
    state: 'stale',
    staleWhy: 'past_deadline',
    livePid: 777,
  },
  {
    name: 'record says running but no lock: stale',
    now: '2026-01-12T09:00:00Z',
    latest: running3,
    history: [ok2, running3],
    state: 'stale',
    staleWhy: 'no_lock',
    livePid: null,
  },
  {
    name: 'status unreadable: corrupt',
    now: '2026-01-12T09:00:00Z',
    corrupt: 'Unexpected end of JSON input',
    history: [ok1],
    state: 'corrupt',
  },
  {
    name: 'live lock wins over a corrupt status: running',
    now: '2026-01-12T07:00:00Z',
    corrupt: 'truncated',
    lock: lockState(running3.run_id, night3, true),
    state: 'running',
  },
  {
    name: 'slot passed beyond grace with no run after it: missed',
    now: '2026-01-12T08:00:00Z',
    latest: ok2,
    history: [ok1, ok2],
    state: 'missed',
    slotMissed: true,
  },
  {
    name: 'slot passed but still in grace: healthy',
    now: '2026-01-12T07:00:00Z',
    latest: ok2,
    history: [ok1, ok2],
    state: 'healthy',
    slotMissed: false,
  },
  {
    name: 'machine off for three days: missed',
    now: '2026-01-14T15:00:00Z',
    latest: ok2,
    history: [ok1, ok2],
    state: 'missed',
    slotMissed: true,
  },
  {
    name: 'one failure: failed',
    now: '2026-01-11T07:00:00Z',
    latest: fail2,
    history: [ok1, fail2],
    state: 'failed',
    consecutive: 1,
  },
  {
    name: 'two consecutive failures: persistent_failure',
    now: '2026-01-11T08:00:00Z',
    latest: retry2,
    history: [ok1, fail2, retry2],
    state: 'persistent_failure',
    consecutive: 2,
    slotMissed: false,
  },
  {
    name: 'failures counted from history even if the latest file is a success',
    now: '2026-01-11T08:00:00Z',
    latest: retry2,
    history: [retry2, fail2, ok1],
    state: 'persistent_failure',
    consecutive: 2,
  },
  {
    name: 'last run succeeded: healthy',
    now: '2026-01-11T12:00:00Z',
    latest: ok2,
    history: [ok1, ok2],
    state: 'healthy',
    consecutive: 0,
  },
  {
    name: 'partial success counts as success: healthy',
    now: '2026-01-11T12:00:00Z',
    latest: partial2,
    history: [ok1, partial2],
    state: 'healthy',
  },
  {
    name: 'success older than the 26 h fallback while the schedule is met (long grace): missed',
    now: '2026-01-12T09:00:00Z',
    graceMinutes: 300,
    latest: ok2,
    state: 'missed',
    slotMissed: false,
  },
  {
    name: 'a success dated in the future does not hide the real failures after it: failed',
    now: '2026-01-11T08:00:00Z',
    latest: fail2,
    history: [ok1, future, fail2],
    state: 'failed',
    consecutive: 1,
  },
  {
    name: 'a success dated in the future does not hide a missed slot: missed',
    now: '2026-01-12T09:00:00Z',
    latest: future,
    history: [ok1, ok2, future],
    state: 'missed',
    slotMissed: true,
  },
  {
    name: 'the last night ran but delivered no current forecast: degraded, not healthy',
    now: '2026-01-11T12:00:00Z',
    latest: degraded2,
    history: [ok1, degraded2],
    state: 'degraded',
    consecutive: 0,
    slotMissed: false,
  },
  {
    name: 'a degraded night, then the next slot passes without a run: missed (a catch-up is owed)',
    now: '2026-01-12T14:00:00Z',
    latest: degraded2,
    history: [ok1, degraded2],
    state: 'missed',
  },
  {
    name: 'persistently failing and a slot missed since: persistent_failure with slotMissed',
    now: '2026-01-13T12:00:00Z',
    latest: retry2,
    history: [ok1, fail2, retry2],
    state: 'persistent_failure',
    slotMissed: true,
  },
];

describe('evaluateHealth', () => {
  it.each(rows)('$name', (row) => {
    const facts: HealthFacts = {
      now: new Date(row.now),
      status: row.corrupt !== undefined ? { ok: false, reason: row.corrupt } : { ok: true, run: row.latest },
      history: row.history ?? [],
      lock: row.lock,
    };
    const report = evaluateHealth(facts, {
      ...policy,
      graceMinutes: row.graceMinutes ?? policy.graceMinutes,
    });
    expect(report.state).toBe(row.state);
    if (row.consecutive !== undefined) expect(report.consecutiveFailures).toBe(row.consecutive);
    if (row.slotMissed !== undefined) expect(report.slotMissed).toBe(row.slotMissed);
    if (row.staleWhy !== undefined) expect(report.stale?.why).toBe(row.staleWhy);
    if (row.livePid !== undefined) expect(report.stale?.livePid).toBe(row.livePid);
    expect(report.reason.length).toBeGreaterThan(0);
  });

  it('reports the start of the failure streak and the last success', () => {
    const report = evaluateHealth(
      {
        now: new Date('2026-01-11T08:00:00Z'),
        status: { ok: true, run: retry2 },
        history: [ok1, fail2, retry2],
        lock: undefined,
      },
      policy,
    );
    expect(report.failingSince).toBe(fail2.started_at);
    expect(report.firstFailedRunId).toBe(fail2.run_id);
    expect(report.lastSuccessAt).toBe(ok1.ended_at);
  });

  it('counts degraded nights in a row, and never as a success', () => {
    const degraded3 = runRecord('20260112_055900', 'degraded', night3);
    const report = evaluateHealth(
      {
        now: new Date('2026-01-12T08:00:00Z'),
        status: { ok: true, run: degraded3 },
        history: [ok1, degraded2, degraded3],
        lock: undefined,
      },
      policy,
    );
    expect(report).toMatchObject({ state: 'degraded', consecutiveDegraded: 2, consecutiveFailures: 0 });
    expect(report.lastSuccessAt).toBe(ok1.ended_at);
  });
});
