import { describe, expect, it } from 'vitest';
import { formatInterval, formatSkillTest } from '../../../../src/app/cli/format-run.js';

describe('formatInterval', () => {
  it('shows the band at its level and how many matured outcomes fell inside', () => {
    const interval = { level: 0.8, low: 1102, high: 1230.5 };
    expect(formatInterval({ interval, intervalCoverage: { matured: 5, covered: 4 } })).toBe(
      '80 % 1102.00-1230.50 (4/5)',
    );
    expect(formatInterval({ interval, intervalCoverage: null })).toBe('80 % 1102.00-1230.50 (none matured)');
    expect(formatInterval({ interval: null, intervalCoverage: null })).toBe('-');
  });
});

describe('formatSkillTest', () => {
  it('shows the statistic, the p-value and forecasts / independent forecasts', () => {
    expect(
      formatSkillTest({
        statistic: 2.187,
        pValue: 0.0153,
        forecasts: 252,
        independentForecasts: 2.1,
        errorRatio: 0.93,
        suspectedLeakage: false,
      }),
    ).toBe('DM 2.19 p 0.015 252/2.1');
  });

  it('names suspected leakage and a statistic that could not be computed', () => {
    expect(
      formatSkillTest({
        statistic: null,
        pValue: null,
        forecasts: 2,
        independentForecasts: 2,
        errorRatio: 0.01,
        suspectedLeakage: true,
      }),
    ).toBe('DM n/a p n/a 2/2.0 suspected leakage');
    expect(formatSkillTest(null)).toBe('-');
  });
});
