import { describe, expect, it } from 'vitest';
import {
  dueSlot,
  instantOf,
  isKnownTimeZone,
  lastSlotAtOrBefore,
  nextSlotAfter,
  wakeTimeBefore,
  zoneOffsetMinutes,
} from '../../../../src/domain/watchdog/schedule.js';

describe('zoneOffsetMinutes', () => {
  it.each([
    { zone: 'America/Chicago', at: '2026-01-15T12:00:00Z', expected: -360 },
    { zone: 'America/Chicago', at: '2026-07-15T12:00:00Z', expected: -300 },
    { zone: 'Europe/London', at: '2026-01-15T12:00:00Z', expected: 0 },
    { zone: 'Europe/London', at: '2026-07-15T12:00:00Z', expected: 60 },
    { zone: 'Asia/Kolkata', at: '2026-07-15T12:00:00Z', expected: 330 },
    { zone: 'UTC', at: '2026-07-15T12:00:00Z', expected: 0 },
  ])('$zone at $at is $expected min', ({ zone, at, expected }) => {
    expect(zoneOffsetMinutes(new Date(at), zone)).toBe(expected);
  });
});

describe('instantOf', () => {
  it.each([
    {
      name: 'an ordinary Chicago evening',
      zone: 'America/Chicago',
      local: [2026, 3, 1, 23, 59],
      expected: '2026-03-02T05:59:00.000Z',
    },
    // 2026-03-08 02:00 CST -> 03:00 CDT: 02:30 does not exist and runs at 03:30 CDT
    {
      name: 'Chicago spring-forward gap',
      zone: 'America/Chicago',
      local: [2026, 3, 8, 2, 30],
      expected: '2026-03-08T08:30:00.000Z',
    },
    // 2026-11-01 02:00 CDT -> 01:00 CST: 01:30 happens twice; the first is taken
    {
      name: 'Chicago fall-back overlap',
      zone: 'America/Chicago',
      local: [2026, 11, 1, 1, 30],
      expected: '2026-11-01T06:30:00.000Z',
    },
    // 2026-03-29 01:00 GMT -> 02:00 BST
    {
      name: 'London spring-forward gap',
      zone: 'Europe/London',
      local: [2026, 3, 29, 1, 30],
      expected: '2026-03-29T01:30:00.000Z',
    },
    // 2026-10-25 02:00 BST -> 01:00 GMT
    {
      name: 'London fall-back overlap',
      zone: 'Europe/London',
      local: [2026, 10, 25, 1, 30],
      expected: '2026-10-25T00:30:00.000Z',
    },
  ])('$name', ({ zone, local, expected }) => {
    const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = local;
    expect(instantOf({ year, month, day, hour, minute, second: 0 }, zone).toISOString()).toBe(expected);
  });
});

describe('lastSlotAtOrBefore', () => {
  it.each([
    {
      name: 'before tonight: last night',
      zone: 'America/Chicago',
      time: '23:59',
      now: '2026-03-02T03:00:00Z',
      expected: '2026-03-01T05:59:00.000Z',
    },
    {
      name: 'after tonight: tonight',
      zone: 'America/Chicago',
      time: '23:59',
      now: '2026-03-02T06:00:00Z',
      expected: '2026-03-02T05:59:00.000Z',
    },
    {
      name: 'exactly at the slot',
      zone: 'UTC',
      time: '23:59',
      now: '2026-03-02T23:59:00Z',
      expected: '2026-03-02T23:59:00.000Z',
    },
    // the night of the change: 23:59 on 2026-03-07 is still CST (-6); the next night is CDT (-5)
    {
      name: 'Chicago across spring forward',
      zone: 'America/Chicago',
      time: '23:59',
      now: '2026-03-09T12:00:00Z',
      expected: '2026-03-09T04:59:00.000Z',
    },
    {
      name: 'Chicago slot in the gap',
      zone: 'America/Chicago',
      time: '02:30',
      now: '2026-03-08T09:00:00Z',
      expected: '2026-03-08T08:30:00.000Z',
    },
    {
      name: 'Chicago slot in the overlap',
      zone: 'America/Chicago',
      time: '01:30',
      now: '2026-11-01T08:00:00Z',
      expected: '2026-11-01T06:30:00.000Z',
    },
    {
      name: 'London across fall back',
      zone: 'Europe/London',
      time: '23:59',
      now: '2026-10-26T08:00:00Z',
      expected: '2026-10-25T23:59:00.000Z',
    },
    {
      name: 'London slot in the gap',
      zone: 'Europe/London',
      time: '01:30',
      now: '2026-03-29T03:00:00Z',
      expected: '2026-03-29T01:30:00.000Z',
    },
    {
      name: 'three days off: still only the last slot',
      zone: 'America/Chicago',
      time: '23:59',
      now: '2026-06-04T14:00:00Z',
      expected: '2026-06-04T04:59:00.000Z',
    },
  ])('$name', ({ zone, time, now, expected }) => {
    expect(lastSlotAtOrBefore({ timeZone: zone, time }, new Date(now)).toISOString()).toBe(expected);
  });
});

describe('nextSlotAfter', () => {
  it.each([
    { zone: 'America/Chicago', now: '2026-03-08T12:00:00Z', expected: '2026-03-09T04:59:00.000Z' },
    { zone: 'Europe/London', now: '2026-10-25T12:00:00Z', expected: '2026-10-25T23:59:00.000Z' },
    { zone: 'UTC', now: '2026-03-02T23:59:00Z', expected: '2026-03-03T23:59:00.000Z' },
  ])('$zone after $now', ({ zone, now, expected }) => {
    expect(nextSlotAfter({ timeZone: zone, time: '23:59' }, new Date(now)).toISOString()).toBe(expected);
  });
});

describe('dueSlot', () => {
  it.each([
    {
      name: 'inside the grace period: the night before',
      now: '2026-03-03T00:30:00Z',
      expected: '2026-03-01T23:59:00.000Z',
    },
    { name: 'grace over: tonight', now: '2026-03-03T01:30:00Z', expected: '2026-03-02T23:59:00.000Z' },
  ])('$name', ({ now, expected }) => {
    expect(dueSlot({ timeZone: 'UTC', time: '23:59' }, new Date(now), 90).toISOString()).toBe(expected);
  });
});

describe('wakeTimeBefore', () => {
  it.each([
    { time: '23:59', lead: 5, expected: '23:54:00' },
    { time: '00:03', lead: 5, expected: '23:58:00' },
    { time: '12:00', lead: 0, expected: '12:00:00' },
  ])('$lead min before $time is $expected', ({ time, lead, expected }) => {
    expect(wakeTimeBefore({ timeZone: 'UTC', time }, lead)).toBe(expected);
  });
});

describe('isKnownTimeZone', () => {
  it.each([
    { zone: 'America/Chicago', expected: true },
    { zone: 'Mars/Olympus_Mons', expected: false },
  ])('$zone is $expected', ({ zone, expected }) => {
    expect(isKnownTimeZone(zone)).toBe(expected);
  });
});
