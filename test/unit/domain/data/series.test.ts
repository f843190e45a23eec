import { describe, expect, it } from 'vitest';
import { inferFrequency } from '../../../../src/domain/data/series.js';

describe('inferFrequency', () => {
  it.each([
    { dates: ['2020-01-01', '2020-02-01', '2020-04-01'], expected: 'monthly' },
    { dates: ['2020-01-01', '2020-01-02'], expected: 'daily' },
    { dates: ['2020-01-02', '2020-02-03'], expected: 'daily' },
    { dates: [], expected: 'monthly' },
  ])('calls $dates $expected', ({ dates, expected }) => {
    expect(inferFrequency(dates)).toBe(expected);
  });
});
