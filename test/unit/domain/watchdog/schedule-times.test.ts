import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthPolicy } from '../../../../src/domain/watchdog/health.js';
import {
  dueSlot,
  lastSlotAtOrBefore,
  nextSlotAfter,
  wakeTimeBefore,
} from '../../../../src/domain/watchdog/schedule.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';

// Two runs a day in Chicago: 02:00 (08:00Z in winter) and 14:30 (20:30Z).
const twice = { timeZone: 'America/Chicago', time: '23:59', times: ['02:00', '14:30'] };

describe('several runs a day (schedule.times)', () => {
  it.each([
    { now: '2026-01-15T09:00:00Z', last: '2026-01-15T08:00:00.000Z', next: '2026-01-15T20:30:00.000Z' },
    { now: '2026-01-15T21:00:00Z', last: '2026-01-15T20:30:00.000Z', next: '2026-01-16T08:00:00.000Z' },
    { now: '2026-01-15T07:00:00Z', last: '2026-01-14T20:30:00.000Z', next: '2026-01-15T08:00:00.000Z' },
  ])('at $now the last slot is $last and the next $next', ({ now, last, next }) => {
    expect(lastSlotAtOrBefore(twice, new Date(now)).toISOString()).toBe(last);
    expect(nextSlotAfter(twice, new Date(now)).toISOString()).toBe(next);
  });

  it('holds each slot to its grace period', () => {
    // 21:30Z is an hour after the 14:30 run: within 90 min grace, the due slot is still 02:00's.
    expect(dueSlot(twice, new Date('2026-01-15T21:30:00Z'), 90).toISOString()).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(dueSlot(twice, new Date('2026-01-15T22:30:00Z'), 90).toISOString()).toBe(
      '2026-01-15T20:30:00.000Z',
    );
  });

  it('wakes before the first run of the day', () => {
    expect(wakeTimeBefore(twice, 5)).toBe('01:55:00');
  });

  it("counts the afternoon run as missed when only the morning's ran (the watchdog's missed-run rule)", () => {
    const policy: HealthPolicy = {
      schedule: twice,
      graceMinutes: 90,
      maxAgeHours: 26,
      failuresForIncident: 2,
    };
    const morning = runRecord('20260115_080000', 'success', '2026-01-15T08:00:00Z');
    const facts = (now: string) => ({
      now: new Date(now),
      status: { ok: true as const, run: morning },
      history: [morning],
      lock: undefined,
    });
    expect(evaluateHealth(facts('2026-01-15T21:00:00Z'), policy).state).toBe('healthy');
    expect(evaluateHealth(facts('2026-01-15T22:30:00Z'), policy).state).toBe('missed');
  });
});
