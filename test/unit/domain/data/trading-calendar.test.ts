import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  businessDaysInMonth,
  isWeekend,
  missingPeriods,
} from '../../../../src/domain/data/trading-calendar.js';

// Calendar facts, before and after 1970-01-01 (day 0), where the weekday arithmetic turns.
describe('isWeekend', () => {
  it.each([
    { date: '1965-01-01', weekend: false }, // Friday
    { date: '1965-01-02', weekend: true }, // Saturday
    { date: '1965-01-03', weekend: true }, // Sunday
    { date: '1965-01-04', weekend: false }, // Monday
    { date: '1969-12-27', weekend: true }, // Saturday
    { date: '1969-12-31', weekend: false }, // Wednesday
    { date: '1970-01-01', weekend: false }, // Thursday
    { date: '1970-01-03', weekend: true }, // Saturday
    { date: '2026-12-05', weekend: true }, // Saturday
    { date: '2026-12-07', weekend: false }, // Monday
  ])('$date: $weekend', ({ date, weekend }) => {
    expect(isWeekend(date)).toBe(weekend);
  });
});

describe('businessDaysInMonth', () => {
  it.each([
    { month: '1965-01', days: 21 },
    { month: '1965-02', days: 20 },
    { month: '1969-12', days: 23 },
    { month: '1970-01', days: 22 },
    { month: '2026-12', days: 23 },
  ])('$month has $days', ({ month, days }) => {
    expect(businessDaysInMonth(month)).toBe(days);
  });
});

describe('missingPeriods (daily)', () => {
  it.each([
    { previous: '1965-01-01', next: '1965-01-04', missing: 0 }, // Friday to Monday
    { previous: '1965-01-04', next: '1965-01-08', missing: 3 },
    { previous: '1969-12-31', next: '1970-01-05', missing: 2 }, // across the epoch
  ])('$previous to $next: $missing', ({ previous, next, missing }) => {
    expect(missingPeriods(previous, next, 'daily')).toBe(missing);
  });
});

// Every day of two centuries against an independent calendar: Python's datetime (proleptic
// Gregorian), so no date, before the epoch or after it, gets the wrong weekday.
describe('isWeekend on any date', () => {
  it("agrees with Python's datetime on every day from 1900 to 2099", () => {
    const script = [
      'import datetime',
      'd = datetime.date(1900, 1, 1)',
      'out = []',
      'while d.year < 2100:',
      '    out.append("1" if d.weekday() >= 5 else "0")',
      '    d += datetime.timedelta(days=1)',
      'print("".join(out))',
    ].join('\n');
    const expected = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim();
    const start = Date.UTC(1900, 0, 1);
    let actual = '';
    for (let i = 0; i < expected.length; i += 1)
      actual += isWeekend(new Date(start + i * 86_400_000).toISOString().slice(0, 10)) ? '1' : '0';
    expect(expected.length).toBe(73_049);
    // the first disagreement, if any, names its date
    const first = [...actual].findIndex((c, i) => c !== expected[i]);
    expect(first === -1 ? null : new Date(start + first * 86_400_000).toISOString().slice(0, 10)).toBeNull();
  });
});
