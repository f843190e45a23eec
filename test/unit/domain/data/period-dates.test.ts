import { describe, expect, it } from 'vitest';
import { addPeriods } from '../../../../src/domain/data/period-dates.js';

describe('addPeriods', () => {
  it.each([
    { date: '2025-09-01', periods: 1, frequency: 'monthly' as const, expected: '2025-10-01' },
    { date: '2025-09-01', periods: 12, frequency: 'monthly' as const, expected: '2026-09-01' },
    { date: '2025-11-01', periods: 3, frequency: 'monthly' as const, expected: '2026-02-01' },
    { date: '2025-01-31', periods: 1, frequency: 'monthly' as const, expected: '2025-02-28' },
    { date: '2025-12-26', periods: 5, frequency: 'daily' as const, expected: '2026-01-02' },
    { date: '2025-12-29', periods: 1, frequency: 'daily' as const, expected: '2025-12-30' },
    { date: '2025-12-26', periods: 1, frequency: 'daily' as const, expected: '2025-12-29' },
  ])('$date + $periods $frequency -> $expected', ({ date, periods, frequency, expected }) => {
    expect(addPeriods(date, periods, frequency)).toBe(expected);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => addPeriods('2025-9-1', 1, 'monthly')).toThrow(RangeError);
  });
});
