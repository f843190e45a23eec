import { describe, expect, it } from 'vitest';
import { formatInterval, formatSkillTest, formatStatus } from '../../../../src/app/cli/format-run.js';
import type { StatusReport } from '../../../../src/app/status/read-status.js';
import { DEFAULT_DELIVERY_POLICY, judgeDelivery } from '../../../../src/domain/night/night-delivery.js';
import type { RunRecord } from '../../../../src/domain/night/run.js';
import type { HorizonPrediction } from '../../../../src/domain/night/stage-details.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';

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

function report(last: RunRecord): StatusReport {
  return {
    forecasts: [],
    last,
    ageSeconds: 3600,
    current: null,
    abandoned: null,
    corrupt: null,
    lock: null,
    recent: [last],
    incident: null,
    at: '2026-12-07T12:00:00.000Z',
  };
}

const naiveOld: HorizonPrediction = {
  as_of_date: '2025-09-01',
  table_last_date: '2025-09-01',
  frequency: 'monthly',
  current_price: 50,
  lead: 1,
  target_date: '2025-10-01',
  champion: null,
  published: { kind: 'naive', reason: 'no model beat it', has_skill: false },
  models: [],
  trained_tonight: true,
};

/** The README's CBI-V14 night in December 2026: 1m naive from 2025 data, the rest not forecast. */
function degradedNight(): RunRecord {
  const base = runRecord('20261207_020000', 'degraded', '2026-12-07T02:00:00Z', {
    horizons: ['1w', '1m', '3m'],
  });
  const predict = {
    ...base,
    stages: [
      {
        name: 'predict',
        kind: 'predict' as const,
        success: true,
        start_time: null,
        end_time: null,
        duration_seconds: 3,
        error: null,
        retries: 0,
        status: 'succeeded' as const,
        started_at: null,
        ended_at: null,
        critical: false,
        horizon: null,
        attempts: 1,
        error_code: null,
        reason: null,
        details: {
          file: 'Models/local/predictions/20261207_020000.json',
          rows: 1,
          published: 1,
          naive_published: 1,
          not_forecast: [],
          horizons: {
            '1w': {
              as_of_date: '2025-09-30',
              frequency: 'daily' as const,
              reason: 'the data is too old: the newest trusted row 2025-09-30 is 308 business days old',
              published: null,
              trained_tonight: true,
            },
            '1m': naiveOld,
          },
        },
      },
    ],
  };
  const delivery = judgeDelivery(predict, new Date('2026-12-07T03:00:00Z'), DEFAULT_DELIVERY_POLICY);
  return { ...predict, delivery, error: delivery.summary };
}

describe('formatStatus', () => {
  it('leads with a degraded night: which horizons were not forecast, why, and how old the data is', () => {
    const lines = formatStatus(report(degradedNight())).split('\n');
    expect(lines[0]).toBe(
      'run 20261207_020000 DEGRADED: 0 of 1 expected horizon forecast from current data (data age counted on 2026-12-07):',
    );
    const table = lines.slice(1, 6).join('\n');
    expect(table).toMatch(
      /1w\s+NOT FORECAST\s+2025-09-30\s+308 business days \(433 d\)\s+the data is too old/,
    );
    expect(table).toMatch(/1m\s+STALE\s+2025-09-01\s+14 months \(462 d\)\s+published flagged stale/);
    expect(table).toMatch(/3m\s+NOT FORECAST\s+-\s+-\s+no table to forecast it from/);
  });

  it('says what the run set aside and which settings it took for itself alone, under its verdict', () => {
    const ok = runRecord('20261207_020000', 'success', '2026-12-07T02:00:00Z');
    const run: RunRecord = {
      ...ok,
      set_aside: [
        {
          what: 'warehouse',
          path: '/h/Data/warehouse.duckdb',
          moved_to: '/h/Data/warehouse.duckdb.corrupt-20261207_020000',
          reason: 'not a valid DuckDB database file',
        },
      ],
      environment: {
        file: '/h/cbi.config.json',
        recorded: [],
        not_recorded: [
          { variable: 'CBI_LOG_LEVEL', key: 'log.level', reason: 'it is for reading this run’s log' },
        ],
      },
    };
    const lines = formatStatus(report(run)).split('\n');
    const verdict = lines.findIndex((l) => l.startsWith('run 20261207_020000: success'));
    expect(lines.slice(verdict + 1, verdict + 3)).toEqual([
      'set aside: the warehouse /h/Data/warehouse.duckdb (not a valid DuckDB database file), moved to /h/Data/warehouse.duckdb.corrupt-20261207_020000 and rebuilt',
      'not recorded for the unattended runs: CBI_LOG_LEVEL (log.level): it is for reading this run’s log',
    ]);
    expect(formatStatus(report(ok))).not.toMatch(/set aside|not recorded/);
  });

  it('starts with the forecasts when the night delivered every horizon with skill (no record of delivery: older records)', () => {
    const ok = runRecord('20261207_020000', 'success', '2026-12-07T02:00:00Z');
    expect(formatStatus(report(ok)).split('\n')[0]).toMatch(/^forecasts: none yet/);
  });
});
