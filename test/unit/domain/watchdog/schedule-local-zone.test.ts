import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  instantOf,
  lastSlotAtOrBefore,
  LOCAL_TIME_ZONE,
  localDateTime,
  zoneOffsetMinutes,
} from '../../../../src/domain/watchdog/schedule.js';

/**
 * The process-local zone (used when no zone is configured) must agree with the same zone named,
 * across both DST changes. The process zone is set to each named zone in turn.
 */
describe.each(['America/Chicago', 'Europe/London', 'Asia/Kolkata'])('the local zone as %s', (zone) => {
  const saved = process.env['TZ'];
  beforeAll(() => {
    process.env['TZ'] = zone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  });

  const instants = [
    '2026-01-15T12:00:00Z',
    '2026-03-08T07:59:59Z', // Chicago: just before spring forward
    '2026-03-08T08:00:00Z',
    '2026-03-29T00:59:59Z', // London: just before spring forward
    '2026-03-29T01:00:00Z',
    '2026-10-25T00:30:00Z', // London: first 01:30 of the fall-back overlap
    '2026-10-25T01:30:00Z',
    '2026-11-01T06:30:00Z', // Chicago: first 01:30 of the overlap
    '2026-11-01T07:30:00Z',
  ];

  it.each(instants)('reads %s the same wall clock and offset as the named zone', (iso) => {
    const instant = new Date(iso);
    expect(localDateTime(instant, LOCAL_TIME_ZONE)).toEqual(localDateTime(instant, zone));
    expect(zoneOffsetMinutes(instant, LOCAL_TIME_ZONE)).toBe(zoneOffsetMinutes(instant, zone));
  });

  it.each([
    { year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }, // Chicago gap
    { year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0 }, // London gap
    { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 }, // Chicago overlap
    { year: 2026, month: 10, day: 25, hour: 1, minute: 30, second: 0 }, // London overlap
    { year: 2026, month: 12, day: 24, hour: 23, minute: 59, second: 0 },
  ])('finds the same instant for $year-$month-$day $hour:$minute', (local) => {
    expect(instantOf(local, LOCAL_TIME_ZONE)).toEqual(instantOf(local, zone));
  });

  it('finds the same last nightly slot', () => {
    for (const iso of instants) {
      const now = new Date(iso);
      expect(lastSlotAtOrBefore({ timeZone: LOCAL_TIME_ZONE, time: '23:59' }, now)).toEqual(
        lastSlotAtOrBefore({ timeZone: zone, time: '23:59' }, now),
      );
    }
  });
});

describe('the UTC zone', () => {
  it.each(['2026-03-08T08:00:00Z', '2026-10-25T01:30:00Z', '2026-12-31T23:59:59Z'])(
    'reads %s as UTC wall clock, offset 0',
    (iso) => {
      const instant = new Date(iso);
      expect(localDateTime(instant, 'UTC')).toEqual({
        year: instant.getUTCFullYear(),
        month: instant.getUTCMonth() + 1,
        day: instant.getUTCDate(),
        hour: instant.getUTCHours(),
        minute: instant.getUTCMinutes(),
        second: instant.getUTCSeconds(),
      });
      expect(zoneOffsetMinutes(instant, 'UTC')).toBe(0);
      expect(localDateTime(instant, 'Etc/UTC')).toEqual(localDateTime(instant, 'UTC'));
    },
  );
});
