import { DateDay, Float64, Table, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditArrowTable } from '../../../../../src/app/night/table/audit-horizon.js';
import { DEFAULT_QUALITY_SETTINGS } from '../../../../../src/domain/data/quality-settings.js';
import { DEFAULT_ROLE_SETTINGS } from '../../../../../src/domain/data/table-roles.js';
import { fredValues } from '../../../../builders/fred-data.js';

/**
 * The broad dollar index (DTWEXBGS, a business-day series since 2006) as a user's export might
 * carry it: a row id column (`obs_id`, unique on every row), a real category (the weekday), and
 * the date as a timestamp at 17:00 UTC (the Fed's noon buying rates, New York time).
 */
describe('a user table with an id column and timestamps', () => {
  let dates: string[];
  let price: Float64Array;
  beforeAll(async () => {
    const series = [...(await fredValues('DTWEXBGS'))];
    dates = series.map(([date]) => date);
    price = Float64Array.from(series, ([, value]) => value);
  });

  function audit(dateType: 'timestamp' | 'date', settings = DEFAULT_QUALITY_SETTINGS) {
    const day = (d: string) => new Date(`${d}T${dateType === 'timestamp' ? '17:00' : '00:00'}:00Z`);
    const table = new Table({
      date:
        dateType === 'timestamp'
          ? vectorFromArray(dates.map(day), new TimestampMillisecond())
          : vectorFromArray(dates.map(day), new DateDay()),
      zl_price: vectorFromArray(Array.from(price), new Float64()),
      obs_id: vectorFromArray(
        dates.map((d) => `DTWEXBGS-${d}`),
        new Utf8(),
      ),
      weekday: vectorFromArray(
        dates.map(
          (d) =>
            ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(`${d}T00:00:00Z`).getUTCDay()] ?? null,
        ),
        new Utf8(),
      ),
      dollar_chg_5: vectorFromArray(
        Array.from(price, (v, i) => (i >= 5 ? Math.log(v / (price[i - 5] ?? Number.NaN)) : null)),
        new Float64(),
      ),
      target_1w: vectorFromArray(
        Array.from(price, (_, i) => price[i + 5] ?? null),
        new Float64(),
      ),
    });
    return auditArrowTable(
      {
        horizon: '1w',
        table: 'training.dollar_1w',
        frequency: 'daily',
        periods: 5,
        dateColumn: 'date',
      },
      table,
      { quality: settings, roles: DEFAULT_ROLE_SETTINGS },
      new Date('2025-12-29T12:00:00Z'),
    );
  }

  it('leaves the id out of the features and says so; a real category stays one', () => {
    const { roles, audit: result } = audit('date');
    expect(roles.features).toEqual(['weekday', 'dollar_chg_5']);
    expect(roles.categorical).toEqual(['weekday']);
    expect(roles.identifiers).toEqual(['obs_id']);
    expect(result.report.findings.filter((f) => f.rule === 'ids').map((f) => f.message)).toEqual([
      `ids: obs_id is text unique on every row (${dates.length} values, none repeated): an id, left out of the features (a category seen once teaches a model nothing)`,
    ]);
  });

  it('keeps the id as a category when the ids rule is off', () => {
    const off = {
      ...DEFAULT_QUALITY_SETTINGS,
      severity: { ...DEFAULT_QUALITY_SETTINGS.severity, ids: 'off' as const },
    };
    expect(audit('date', off).roles.categorical).toEqual(['obs_id', 'weekday']);
  });

  it('finds timestamps with a time of day, and dates each row by its UTC day', () => {
    const { audit: result } = audit('timestamp');
    expect(result.dates[0]).toBe('2006-01-02');
    expect(result.report.findings.filter((f) => f.rule === 'intraday').map((f) => f.message)).toEqual([
      `intraday: date holds times of day on ${dates.length} rows (e.g. 2006-01-02T17:00:00.000Z): each row is dated by its UTC day, so a time near midnight can land on the next or previous day, and several times a day are duplicate dates (give one row per day, dated in the market's time zone)`,
    ]);
    expect(audit('date').audit.report.findings.filter((f) => f.rule === 'intraday')).toEqual([]);
  });
});
