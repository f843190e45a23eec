import { describe, expect, it } from 'vitest';
import { DEFAULT_INCIDENT_POLICY } from '../../../../src/domain/watchdog/incident-policy.js';
import {
  stepUnwritableHome,
  type UnwritableHomeState,
} from '../../../../src/domain/watchdog/unwritable-home.js';

const spell = (alertsSent: number, lastAlertAt: string, checks = 5): UnwritableHomeState => ({
  openedAt: '2026-01-10T07:00:00.000Z',
  lastAlertAt,
  alertsSent,
  checks,
});

describe('stepUnwritableHome', () => {
  it.each([
    {
      name: 'the first check alerts',
      previous: undefined,
      now: '2026-01-10T07:00:00Z',
      alert: 'incident_opened',
      sent: 1,
      checks: 1,
    },
    {
      name: 'an hour later: silent',
      previous: spell(1, '2026-01-10T07:00:00.000Z', 1),
      now: '2026-01-10T08:00:00Z',
      alert: null,
      sent: 1,
      checks: 2,
    },
    {
      name: '11 h later: silent',
      previous: spell(1, '2026-01-10T07:00:00.000Z', 11),
      now: '2026-01-10T18:00:00Z',
      alert: null,
      sent: 1,
      checks: 12,
    },
    {
      name: '12 h later: one reminder',
      previous: spell(1, '2026-01-10T07:00:00.000Z', 12),
      now: '2026-01-10T19:00:00Z',
      alert: 'incident_reminder',
      sent: 2,
      checks: 13,
    },
    {
      name: 'after the first reminder the wait doubles: 23 h silent',
      previous: spell(2, '2026-01-10T19:00:00.000Z'),
      now: '2026-01-11T18:00:00Z',
      alert: null,
      sent: 2,
      checks: 6,
    },
    {
      name: '24 h after the first reminder: the second',
      previous: spell(2, '2026-01-10T19:00:00.000Z'),
      now: '2026-01-11T19:00:00Z',
      alert: 'incident_reminder',
      sent: 3,
      checks: 6,
    },
  ] as const)('$name', ({ previous, now, alert, sent, checks }) => {
    const step = stepUnwritableHome(previous, new Date(now), DEFAULT_INCIDENT_POLICY);
    expect(step.alert).toBe(alert);
    expect(step.state.alertsSent).toBe(sent);
    expect(step.state.checks).toBe(checks);
    expect(step.state.openedAt).toBe(previous?.openedAt ?? new Date(now).toISOString());
  });

  it('paces 48 hourly checks to 3 alerts (the opening, then 12 h and 36 h later)', () => {
    let state: UnwritableHomeState | undefined;
    const sentAt: number[] = [];
    for (let hour = 0; hour < 48; hour += 1) {
      const step = stepUnwritableHome(
        state,
        new Date(Date.UTC(2026, 0, 10, 7 + hour)),
        DEFAULT_INCIDENT_POLICY,
      );
      if (step.alert !== null) sentAt.push(hour);
      state = step.state;
    }
    expect(sentAt).toEqual([0, 12, 36]);
  });
});
