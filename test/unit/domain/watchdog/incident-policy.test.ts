import { describe, expect, it } from 'vitest';
import type { IncidentState } from '../../../../src/domain/watchdog/incident.js';
import {
  DEFAULT_INCIDENT_POLICY,
  mayStartRun,
  NO_INCIDENT,
  retryDelayMs,
  startsSinceSuccess,
  stepIncident,
} from '../../../../src/domain/watchdog/incident-policy.js';

const policy = DEFAULT_INCIDENT_POLICY;
const open = (alertsSent: number, lastAlertAt: string): IncidentState['open'] => ({
  openedAt: '2026-01-10T07:00:00.000Z',
  lastAlertAt,
  alertsSent,
  firstRunId: 'r1',
});

describe('stepIncident', () => {
  it.each([
    {
      name: 'one failure opens nothing',
      open: null,
      failures: 1,
      ok: false,
      now: '2026-01-10T07:00:00Z',
      alert: null,
      isOpen: false,
    },
    {
      name: 'N failures open an incident with one alert',
      open: null,
      failures: 2,
      ok: false,
      now: '2026-01-10T07:00:00Z',
      alert: 'incident_opened',
      isOpen: true,
      sent: 1,
    },
    {
      name: 'still failing, count not doubled: silent',
      open: open(1, '2026-01-10T07:00:00.000Z'),
      failures: 3,
      ok: false,
      now: '2026-01-12T07:00:00Z',
      alert: null,
      isOpen: true,
      sent: 1,
    },
    {
      name: 'count doubled (2N) after the quiet time: one reminder',
      open: open(1, '2026-01-10T07:00:00.000Z'),
      failures: 4,
      ok: false,
      now: '2026-01-12T07:00:00Z',
      alert: 'incident_reminder',
      isOpen: true,
      sent: 2,
    },
    {
      name: 'count doubled but too soon after the last alert: silent',
      open: open(1, '2026-01-10T07:00:00.000Z'),
      failures: 4,
      ok: false,
      now: '2026-01-10T12:00:00Z',
      alert: null,
      isOpen: true,
      sent: 1,
    },
    {
      name: 'second reminder needs 4N failures',
      open: open(2, '2026-01-12T07:00:00.000Z'),
      failures: 7,
      ok: false,
      now: '2026-01-20T07:00:00Z',
      alert: null,
      isOpen: true,
      sent: 2,
    },
    {
      name: 'second reminder at 4N failures',
      open: open(2, '2026-01-12T07:00:00.000Z'),
      failures: 8,
      ok: false,
      now: '2026-01-20T07:00:00Z',
      alert: 'incident_reminder',
      isOpen: true,
      sent: 3,
    },
    {
      name: 'a success closes it with one recovery notice',
      open: open(1, '2026-01-10T07:00:00.000Z'),
      failures: 0,
      ok: true,
      now: '2026-01-11T07:00:00Z',
      alert: 'recovered',
      isOpen: false,
    },
    {
      name: 'a success with no incident says nothing',
      open: null,
      failures: 0,
      ok: true,
      now: '2026-01-11T07:00:00Z',
      alert: null,
      isOpen: false,
    },
    {
      name: 'no outcome yet (never run) keeps the incident open',
      open: open(1, '2026-01-10T07:00:00.000Z'),
      failures: 0,
      ok: false,
      now: '2026-01-11T07:00:00Z',
      alert: null,
      isOpen: true,
      sent: 1,
    },
  ])('$name', (row) => {
    const step = stepIncident(
      row.open,
      { consecutiveFailures: row.failures, firstFailedRunId: 'r1', lastRunSucceeded: row.ok },
      new Date(row.now),
      policy,
    );
    expect(step.alert).toBe(row.alert);
    expect(step.open !== null).toBe(row.isOpen);
    if (row.sent !== undefined) expect(step.open?.alertsSent).toBe(row.sent);
  });
});

describe('stepIncident on degraded nights (ran, delivered no current forecast)', () => {
  const step = (o: IncidentState['open'], degraded: number, now: string, failures = 0) =>
    stepIncident(
      o,
      {
        consecutiveFailures: failures,
        firstFailedRunId: null,
        consecutiveDegraded: degraded,
        firstDegradedRunId: 'd1',
        lastRunSucceeded: false,
      },
      new Date(now),
      policy,
    );

  it('opens an incident at the first degraded night, naming it', () => {
    const first = step(null, 1, '2026-01-10T07:00:00Z');
    expect(first.alert).toBe('incident_opened');
    expect(first.open).toMatchObject({ alertsSent: 1, firstRunId: 'd1' });
  });

  it('reminds at 2, 4, 8 degraded nights, after the quiet time, and says nothing in between', () => {
    expect(step(open(1, '2026-01-10T07:00:00.000Z'), 1, '2026-01-11T07:00:00Z').alert).toBeNull();
    expect(step(open(1, '2026-01-10T07:00:00.000Z'), 2, '2026-01-10T09:00:00Z').alert).toBeNull();
    expect(step(open(1, '2026-01-10T07:00:00.000Z'), 2, '2026-01-11T07:00:00Z').alert).toBe(
      'incident_reminder',
    );
    expect(step(open(2, '2026-01-11T07:00:00.000Z'), 3, '2026-01-12T07:00:00Z').alert).toBeNull();
    expect(step(open(2, '2026-01-11T07:00:00.000Z'), 4, '2026-01-13T07:00:00Z').alert).toBe(
      'incident_reminder',
    );
  });

  it('does not close an incident: a degraded night is no recovery', () => {
    const kept = step(open(1, '2026-01-10T07:00:00.000Z'), 1, '2026-01-11T07:00:00Z');
    expect(kept.open).not.toBeNull();
    expect(kept.alert).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it.each([
    { starts: 0, minutes: 0 },
    { starts: 1, minutes: 60 },
    { starts: 2, minutes: 120 },
    { starts: 3, minutes: 240 },
    { starts: 4, minutes: 480 },
    { starts: 9, minutes: 480 },
  ])('after $starts starts: $minutes min', ({ starts, minutes }) => {
    expect(retryDelayMs(starts, policy)).toBe(minutes * 60_000);
  });
});

describe('startsSinceSuccess', () => {
  it.each([
    { name: 'never started', state: NO_INCIDENT, lastSuccess: null, expected: 0 },
    {
      name: 'starts since an older success count',
      state: { open: null, lastStartAt: '2026-01-10T08:00:00Z', startsSinceSuccess: 3 },
      lastSuccess: '2026-01-09T06:30:00Z',
      expected: 3,
    },
    {
      name: 'a success after the last start resets',
      state: { open: null, lastStartAt: '2026-01-10T08:00:00Z', startsSinceSuccess: 3 },
      lastSuccess: '2026-01-10T08:40:00Z',
      expected: 0,
    },
  ])('$name', ({ state, lastSuccess, expected }) => {
    expect(startsSinceSuccess(state, lastSuccess)).toBe(expected);
  });
});

describe('mayStartRun', () => {
  const started = (count: number, at: string): IncidentState => ({
    open: null,
    lastStartAt: at,
    startsSinceSuccess: count,
  });
  it.each([
    { name: 'first start: at once', state: NO_INCIDENT, now: '2026-01-10T08:00:00Z', allowed: true },
    {
      name: 'second start 30 min after the first: held 1 h',
      state: started(1, '2026-01-10T08:00:00Z'),
      now: '2026-01-10T08:30:00Z',
      allowed: false,
      until: '2026-01-10T09:00:00.000Z',
    },
    {
      name: 'second start an hour (less drift) later: allowed',
      state: started(1, '2026-01-10T08:00:30Z'),
      now: '2026-01-10T09:00:00Z',
      allowed: true,
    },
    {
      name: 'third start needs 2 h',
      state: started(2, '2026-01-10T09:00:00Z'),
      now: '2026-01-10T10:00:00Z',
      allowed: false,
      until: '2026-01-10T11:00:00.000Z',
    },
    {
      name: 'eighth start is capped at 8 h',
      state: started(7, '2026-01-10T09:00:00Z'),
      now: '2026-01-10T17:00:00Z',
      allowed: true,
    },
    {
      name: 'a success since the last start clears the back-off',
      state: started(5, '2026-01-10T09:00:00Z'),
      now: '2026-01-10T10:00:00Z',
      allowed: true,
      lastSuccess: '2026-01-10T09:40:00Z',
    },
  ])('$name', (row) => {
    const gate = mayStartRun(row.state, row.lastSuccess ?? null, new Date(row.now), policy);
    expect(gate.allowed).toBe(row.allowed);
    if (!gate.allowed) expect(gate.until).toBe(row.until);
  });
});
