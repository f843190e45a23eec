import { describe, expect, it } from 'vitest';
import type { Frequency } from '../../../../src/domain/horizon.js';
import { auditTable } from '../../../../src/domain/data/table-audit.js';
import { missingPeriods } from '../../../../src/domain/data/trading-calendar.js';
import {
  DEFAULT_QUALITY_SETTINGS,
  type QualityRule,
  type QualitySettings,
} from '../../../../src/domain/data/quality-settings.js';
import type { ProfileInputColumn } from '../../../../src/domain/data/table-profile.js';
import { DEFAULT_ROLE_SETTINGS, discoverRoles } from '../../../../src/domain/data/table-roles.js';

// Arithmetic vectors only: a price that climbs by one each month, its value one month ahead,
// and a feature with no pattern that any rule would flag.
const N = 24;
const months = Array.from(
  { length: N },
  (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`,
);
const price = Array.from({ length: N }, (_, i) => 100 + i);
const target = price.map((_, i) => (i + 1 < N ? (price[i + 1] ?? null) : null));
const plain = Array.from({ length: N }, (_, i) => ((i * 7) % 11) + i / 10);

interface Table {
  readonly dates?: readonly string[];
  readonly frequency?: Frequency;
  readonly columns?: Readonly<Record<string, readonly (number | null)[] | readonly (string | null)[]>>;
}

const settings: QualitySettings = { ...DEFAULT_QUALITY_SETTINGS, minRows: { monthly: 12, daily: 12 } };
const now = new Date('2021-12-15T00:00:00Z'); // two weeks after the last row's month began

function judge(table: Table = {}, judged: QualitySettings = settings, at: Date = now) {
  const columns = table.columns ?? { zl_price: price, f1: plain, target_1m: target };
  const dates = table.dates ?? months;
  const input: ProfileInputColumn[] = [
    { name: 'date', type: 'DATE', kind: 'date', values: dates },
    ...Object.entries(columns).map(([name, values]): ProfileInputColumn =>
      values.every((v) => v === null || typeof v === 'string')
        ? { name, type: 'VARCHAR', kind: 'text', values: values.map((v) => (typeof v === 'string' ? v : null)) }
        : {
            name,
            type: 'DOUBLE',
            kind: 'number',
            values: Float64Array.from(values, (v) => (typeof v === 'number' ? v : Number.NaN)),
          },
    ),
  ];
  const roles = discoverRoles(
    input.map((c) => ({ name: c.name, type: c.type, kind: c.kind })),
    '1m',
    DEFAULT_ROLE_SETTINGS,
  );
  return auditTable(
    { table: 'training.t', horizon: '1m', frequency: table.frequency ?? 'monthly', nominalPeriods: 1, roles, columns: input },
    judged,
    at,
  ).report;
}

const withF1 = (f1: readonly (number | null)[]): Table => ({
  columns: { zl_price: price, f1, target_1m: target },
});

describe('auditTable: the table rules', () => {
  it('finds nothing in a clean table', () => {
    expect(judge()).toMatchObject({ passed: true, verdict: 'passed', findings: [] });
  });

  it.each<{ rule: QualityRule; table: Table; column: string | null; message: string }>([
    {
      rule: 'schema',
      table: { columns: { zl_price: price, f1: plain } },
      column: 'target_1m',
      message: 'has no column target_1m (set source.columns.target',
    },
    {
      rule: 'schema',
      table: { columns: { level: price, f1: plain, target_1m: target } },
      column: null,
      message: 'has no price column (none of its columns is named like one: set source.columns.price)',
    },
    {
      rule: 'min_rows',
      table: {
        dates: months.slice(0, 5),
        columns: { zl_price: price.slice(0, 5), f1: plain.slice(0, 5), target_1m: target.slice(0, 5) },
      },
      column: null,
      message: 'has 5 rows, fewer than 12',
    },
    {
      rule: 'duplicate_dates',
      table: { dates: months.map((d, i) => (i === 5 ? (months[4] ?? d) : d)) },
      column: 'date',
      message: '1 dates occur more than once (2020-05-01)',
    },
    {
      rule: 'gaps',
      table: {
        dates: months.map((d, i) =>
          i >= 5 ? `${2020 + Math.floor((i + 2) / 12)}-${String(((i + 2) % 12) + 1).padStart(2, '0')}-01` : d,
        ),
      },
      column: 'date',
      message: 'the largest misses 2 months between 2020-05-01 and 2020-08-01',
    },
    {
      rule: 'target_nulls',
      table: {
        columns: { zl_price: price, f1: plain, target_1m: target.map((v, i) => (i === 3 ? null : v)) },
      },
      column: 'target_1m',
      message: 'null in 1 rows whose target row (1 rows later) is there and trusted',
    },
    {
      rule: 'feature_nulls',
      table: withF1(plain.map((v, i) => (i % 4 === 0 ? v : null))),
      column: 'f1',
      message: 'null in 18 of 24 rows (75.0%, limit 50.0%)',
    },
    {
      rule: 'stale_features',
      table: withF1(plain.map((v, i) => (i < N - 6 ? v : null))),
      column: 'f1',
      message: "stops at 2021-06-01, 6 months before the table's last date 2021-12-01 (limit 3)",
    },
    {
      rule: 'constant_features',
      table: withF1(plain.map(() => 7)),
      column: 'f1',
      message: 'takes a single value (7)',
    },
    {
      rule: 'leakage',
      table: withF1(target),
      column: 'f1',
      message: 'equals target_1m on 23 of 23 rows (100.0%',
    },
    {
      rule: 'leakage',
      table: withF1(price.map((_, i) => price[i + 2] ?? null)),
      column: 'f1',
      message: 'equals zl_price+2 on 22 of 22 rows',
    },
    {
      rule: 'repeated_values',
      table: withF1(plain.map((v, i) => (i >= 4 && i < 16 ? 3 : v))),
      column: 'f1',
      message: 'repeats 3 12 times in a row from 2020-05-01 (limit 12)',
    },
    {
      rule: 'repeated_values',
      table: withF1(plain.map((v, i) => (i >= N - 12 ? 3 : v))),
      column: 'f1',
      message:
        "repeats 3 12 times in a row from 2021-01-01 to the table's last row: it stopped moving and was carried forward to the end (limit 12)",
    },
    {
      rule: 'sentinels',
      table: withF1(plain.map((v, i) => (i === 9 ? -999 : v))),
      column: 'f1',
      message: 'placeholder value -999 in 1 rows',
    },
  ])('$rule flags $column: $message', ({ rule, table, column, message }) => {
    const report = judge(table);
    const found = report.findings.filter((f) => f.rule === rule);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      column,
      severity: settings.severity[rule],
    });
    expect(found[0]?.message).toContain(message);
  });

  it.each([
    { now: '2021-12-31T00:00:00Z', age: null },
    { now: '2022-04-02T00:00:00Z', age: null },
    { now: '2022-05-02T00:00:00Z', age: 4 },
  ])('judges a monthly table on $now as $age months stale', ({ now: at, age }) => {
    const found = judge({}, settings, new Date(at)).findings.filter((f) => f.rule === 'freshness');
    expect(found.map((f) => f.value)).toEqual(age === null ? [] : [age]);
    expect(found.every((f) => f.severity === 'warning')).toBe(true);
  });

  it.each([
    { severity: 'blocking', passed: false, findings: 1 },
    { severity: 'warning', passed: true, findings: 1 },
    { severity: 'off', passed: true, findings: 0 },
  ] as const)('a $severity rule leaves passed=$passed', ({ severity, passed, findings }) => {
    const configured = { ...settings, severity: { ...settings.severity, leakage: severity } };
    const report = judge(withF1(target), configured);
    expect(report.passed).toBe(passed);
    expect(report.findings).toHaveLength(findings);
  });
});

describe('missingPeriods', () => {
  it.each([
    { previous: '2020-01-01', next: '2020-02-01', frequency: 'monthly', missing: 0 },
    { previous: '2020-01-01', next: '2020-04-01', frequency: 'monthly', missing: 2 },
    { previous: '2024-12-31', next: '2025-01-01', frequency: 'monthly', missing: 0 },
    { previous: '2019-12-27', next: '2019-12-30', frequency: 'daily', missing: 0 }, // Friday to Monday
    { previous: '2019-12-24', next: '2019-12-26', frequency: 'daily', missing: 1 }, // Christmas Day
    { previous: '2001-09-10', next: '2001-09-17', frequency: 'daily', missing: 4 }, // markets closed after 9/11
    { previous: '2020-03-02', next: '2020-03-16', frequency: 'daily', missing: 9 },
  ] as const)('$previous to $next ($frequency) misses $missing', ({ previous, next, frequency, missing }) => {
    expect(missingPeriods(previous, next, frequency)).toBe(missing);
  });

  it('does not count the weekends and holidays of a daily table as gaps', () => {
    const dates = [
      '2019-12-20',
      '2019-12-23',
      '2019-12-24',
      '2019-12-26',
      '2019-12-27',
      '2019-12-30',
      '2019-12-31',
      '2020-01-02',
    ];
    const report = judge(
      {
        dates,
        frequency: 'daily',
        columns: { zl_price: price.slice(0, 8), f1: plain.slice(0, 8), target_1m: target.slice(0, 8) },
      },
      { ...settings, minRows: { monthly: 1, daily: 1 } },
      new Date('2020-01-03T00:00:00Z'),
    );
    expect(report.findings.filter((f) => f.rule === 'gaps')).toEqual([]);
  });

  describe('repeated_values on a daily table', () => {
    // the business days of 2020 and 2021: a month-held column steps only on a month's first row
    const days: string[] = [];
    for (let d = new Date('2020-01-01T00:00:00Z'); d < new Date('2022-01-01T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1))
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
    const monthIndex = days.map((d) => (Number(d.slice(0, 4)) - 2020) * 12 + Number(d.slice(5, 7)) - 1);
    const rising = days.map((_, i) => 100 + i);
    const daily = (f1: readonly number[]) =>
      judge(
        {
          dates: days,
          frequency: 'daily',
          columns: { zl_price: rising, f1, target_1m: rising.map((_, i) => rising[i + 1] ?? null) },
        },
        settings,
        new Date('2022-01-03T00:00:00Z'),
      ).findings.filter((f) => f.rule === 'repeated_values');

    it('judges a value per month in months: a new value each month passes, though it repeats ~21 days', () => {
      expect(daily(monthIndex.map((m) => (m * 7) % 11))).toEqual([]);
    });

    it('still flags a month-held value that stays for 12 months', () => {
      const findings = daily(monthIndex.map((m) => (m >= 6 && m < 18 ? 3 : m)));
      expect(findings.map((f) => f.message)).toEqual([
        'repeated_values: f1 (a value per month) repeats 3 for 12 months in a row from 2020-07-01 (limit 12)',
      ]);
    });

    it('still flags a daily value held 20 days, although the hold ends on a month start', () => {
      const held = days.map((d, i) => (d >= '2020-06-03' && d < '2020-07-01' ? -1 : i));
      expect(daily(held).map((f) => f.message)).toEqual(['repeated_values: f1 repeats -1 20 times in a row from 2020-06-03 (limit 20)']);
    });
  });
});
