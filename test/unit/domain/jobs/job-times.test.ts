import { describe, expect, it } from 'vitest';
import {
  sortedTimes,
  timesInZone,
  wakeBefore,
  zoneDisagreements,
} from '../../../../src/domain/jobs/job-times.js';

describe('timesInZone', () => {
  it.each([
    {
      name: 'same zone: sorted, once each',
      times: ['23:59', '02:00', '23:59'],
      from: 'UTC',
      to: 'UTC',
      at: '2026-01-15T12:00:00Z',
      expected: ['02:00', '23:59'],
    },
    {
      name: 'Chicago winter to UTC crosses midnight',
      times: ['23:59'],
      from: 'America/Chicago',
      to: 'UTC',
      at: '2026-01-15T12:00:00Z',
      expected: ['05:59'],
    },
    {
      name: 'Chicago summer to UTC',
      times: ['23:59'],
      from: 'America/Chicago',
      to: 'UTC',
      at: '2026-07-15T12:00:00Z',
      expected: ['04:59'],
    },
    {
      name: 'several runs, Chicago to London in winter',
      times: ['14:30', '02:00'],
      from: 'America/Chicago',
      to: 'Europe/London',
      at: '2026-01-15T12:00:00Z',
      expected: ['08:00', '20:30'],
    },
    {
      name: 'half-hour zone',
      times: ['23:59'],
      from: 'UTC',
      to: 'Asia/Kolkata',
      at: '2026-01-15T12:00:00Z',
      expected: ['05:29'],
    },
  ])('$name', ({ times, from, to, at, expected }) => {
    expect(timesInZone(times, from, to, new Date(at))).toEqual(expected);
  });
});

describe('wakeBefore', () => {
  it.each([
    { times: ['23:59'], lead: 5, expected: '23:54:00' },
    { times: ['00:02'], lead: 5, expected: '23:57:00' },
    { times: ['14:30', '02:00'], lead: 10, expected: '01:50:00' },
    { times: ['05:59'], lead: 0, expected: '05:59:00' },
  ])('$lead min before the first of $times is $expected', ({ times, lead, expected }) => {
    expect(wakeBefore(times, lead)).toBe(expected);
  });
});

describe('sortedTimes', () => {
  it('normalises "2:05" to "02:05" and sorts by time of day', () => {
    expect(sortedTimes(['23:00', '2:05'])).toEqual(['02:05', '23:00']);
  });
});

describe('zoneDisagreements', () => {
  // 2026-03-08: Chicago springs forward; London only on 2026-03-29. Installed in February,
  // launchd (London system zone) fires at 05:59 for 23:59 Chicago; from March 8 that run is 04:59 London.
  const base = {
    times: ['23:59'],
    configZone: 'America/Chicago',
    systemZone: 'Europe/London',
    installed: ['05:59'],
  };

  it('finds the day a DST change in one zone moves the run off the installed time', () => {
    const found = zoneDisagreements({ ...base, now: new Date('2026-03-01T12:00:00Z'), days: 14 });
    expect(found[0]).toEqual({ date: '2026-03-08', configured: '23:59', systemTime: '04:59' });
    expect(found.every((d) => d.systemTime === '04:59')).toBe(true);
  });

  it('finds none while both zones keep their offsets', () => {
    expect(zoneDisagreements({ ...base, now: new Date('2026-01-10T12:00:00Z'), days: 30 })).toEqual([]);
  });

  it('finds none for a zone that is the system zone', () => {
    expect(
      zoneDisagreements({
        times: ['23:59'],
        configZone: 'UTC',
        systemZone: 'UTC',
        installed: ['23:59'],
        now: new Date('2026-03-01T00:00:00Z'),
        days: 60,
      }),
    ).toEqual([]);
  });
});
