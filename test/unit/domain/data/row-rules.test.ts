import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_SETTINGS, type QualitySettings } from '../../../../src/domain/data/quality-settings.js';
import { auditTable } from '../../../../src/domain/data/table-audit.js';
import type { ProfileInputColumn } from '../../../../src/domain/data/table-profile.js';
import { DEFAULT_ROLE_SETTINGS, discoverRoles } from '../../../../src/domain/data/table-roles.js';

// Arithmetic vectors only: 40 weekdays from Monday 2024-01-01, a price that climbs by one a day,
// its value one row ahead as the 1w target (lead 1 stands for the horizon here), a plain feature.
const N = 40;
const weekdays: string[] = [];
for (let day = new Date('2024-01-01T00:00:00Z'); weekdays.length < N; day.setUTCDate(day.getUTCDate() + 1))
  if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) weekdays.push(day.toISOString().slice(0, 10));
const price = Array.from({ length: N }, (_, i) => 100 + i);
const ahead = (values: readonly number[], lead: number): (number | null)[] =>
  values.map((_, i) => values[i + lead] ?? null);
const plain = Array.from({ length: N }, (_, i) => ((i * 7) % 11) + i / 10);

const settings: QualitySettings = { ...DEFAULT_QUALITY_SETTINGS, minRows: { monthly: 10, daily: 10 } };
const now = new Date('2024-02-26T12:00:00Z');

function audit(
  table: { dates?: readonly string[]; price?: readonly number[]; target?: readonly (number | null)[]; f1?: readonly number[] },
  judged: QualitySettings = settings,
) {
  const p = table.price ?? price;
  const columns: ProfileInputColumn[] = [
    { name: 'date', type: 'DATE', kind: 'date', values: table.dates ?? weekdays },
    { name: 'zl_price', type: 'DOUBLE', kind: 'number', values: Float64Array.from(p) },
    { name: 'f1', type: 'DOUBLE', kind: 'number', values: Float64Array.from(table.f1 ?? plain) },
    {
      name: 'target_1w',
      type: 'DOUBLE',
      kind: 'number',
      values: Float64Array.from(table.target ?? ahead(p, 1), (v) => v ?? Number.NaN),
    },
  ];
  const roles = discoverRoles(columns, '1w', DEFAULT_ROLE_SETTINGS);
  return auditTable(
    { table: 'training.t', horizon: '1w', frequency: 'daily', nominalPeriods: 1, roles, columns },
    judged,
    now,
  );
}

const finding = (result: ReturnType<typeof audit>, rule: string) =>
  result.report.findings.find((f) => f.rule === rule);

describe('auditTable: the row rules', () => {
  it('trusts every row of a clean table, and every target but the last', () => {
    const result = audit({});
    expect(result.report).toMatchObject({ verdict: 'passed', trustedRows: N, trustedTargets: N - 1, findings: [] });
    expect(result.lead).toBe(1);
  });

  it('trims a price carried forward unchanged, and the targets that look into it', () => {
    const stale = price.map((v, i) => (i >= 34 ? (price[33] ?? 0) : v)); // the last 7 rows repeat row 33
    const result = audit({ price: stale });
    expect(finding(result, 'stale_price')).toMatchObject({
      severity: 'trim',
      rows: { count: 7, ranges: [{ from: weekdays[33], to: weekdays[39], rows: 7 }] },
      targetRows: { count: 1, ranges: [{ from: weekdays[32], to: weekdays[32], rows: 1 }] },
    });
    expect(result.report).toMatchObject({ verdict: 'trimmed', trustedRows: 33, lastTrustedDate: weekdays[32] });
    expect(result.trustedTargets[32]).toBe(0);
    expect(result.trustedTargets[31]).toBe(1);
  });

  it('trims rows dated on a weekend', () => {
    const dates = weekdays.map((d, i) => (i === 20 ? '2024-01-27' : d)); // a Saturday in the place of a Friday... rows stay in date order
    const result = audit({ dates: [...dates.slice(0, 20), '2024-01-27', ...dates.slice(21)].sort() });
    expect(finding(result, 'non_trading_days')).toMatchObject({
      severity: 'trim',
      rows: { count: 1, ranges: [{ from: '2024-01-27', to: '2024-01-27', rows: 1 }] },
    });
  });

  it('blocks on an infinite value, naming the column', () => {
    const f1 = plain.map((v, i) => (i === 12 ? Number.POSITIVE_INFINITY : v));
    expect(finding(audit({ f1 }), 'non_finite')).toMatchObject({ severity: 'blocking', column: 'f1', rows: { count: 1 } });
    expect(audit({ f1 }).report.verdict).toBe('blocked');
  });

  it('blocks on 1e308 in the price: a level outside the range its history allows', () => {
    const damaged = price.map((v, i) => (i === 15 ? 1e308 : v));
    const result = audit({ price: damaged });
    expect(finding(result, 'levels')).toMatchObject({
      severity: 'blocking',
      column: 'zl_price',
      rows: { count: 1, ranges: [{ from: weekdays[15], to: weekdays[15], rows: 1 }] },
    });
    expect(result.report.verdict).toBe('blocked');
  });

  it('trims a spike no market makes (+40 % for one day, the price rising 1 % a day otherwise)', () => {
    const spiked = price.map((v, i) => (i === 20 ? v * 1.4 : v));
    const result = audit({ price: spiked, target: ahead(spiked, 1) });
    expect(finding(result, 'jumps')).toMatchObject({
      severity: 'trim',
      column: 'zl_price',
      rows: { count: 1, ranges: [{ from: weekdays[20], to: weekdays[20], rows: 1 }] },
    });
    expect(result.trustedRows[20]).toBe(0);
    expect(result.trustedTargets[19]).toBe(0); // its target is the spike
  });

  it('measures the lead a target really has, reports one other than the horizon, and trains with it', () => {
    const result = audit({ target: ahead(price, 3) });
    expect(result.lead).toBe(3);
    expect(result.report.target).toMatchObject({ kind: 'price', lead: 3, nominal: 1, exact: true });
    expect(finding(result, 'target_lead')?.message).toMatch(/target_1w is the price 3 rows after the row/);
  });

  it('reads a return target as a return, measured against the price', () => {
    const returns = price.map((v, i) => (i + 2 < N ? (price[i + 2] ?? 0) / v - 1 : null));
    const result = audit({ target: returns });
    expect(result.report.target).toMatchObject({ kind: 'return', lead: 2, exact: true });
    expect(result.target[0]).toBeCloseTo(price[2] ?? 0, 9); // turned into the price it implies
  });

  it('untrusts a target known beyond the last row (not made from this table) and one that is not the price it names', () => {
    const target = ahead(price, 1).map((v, i) => (i === N - 1 ? 140 : i === 5 ? 999 : v));
    const result = audit({ target });
    expect(finding(result, 'target_lead')).toMatchObject({ severity: 'trim', targetRows: { count: 2 } });
    expect(result.trustedTargets[N - 1]).toBe(0);
    expect(result.trustedTargets[5]).toBe(0);
    expect(result.trustedRows[5]).toBe(1); // the row itself stays: only its target is untrusted
  });

  it.each([
    { severity: 'blocking', verdict: 'blocked' },
    { severity: 'trim', verdict: 'trimmed' },
    { severity: 'warning', verdict: 'passed' },
    { severity: 'off', verdict: 'passed' },
  ] as const)('a stale price under severity $severity leaves the horizon $verdict', ({ severity, verdict }) => {
    const stale = price.map((v, i) => (i >= 34 ? (price[33] ?? 0) : v));
    const configured = { ...settings, severity: { ...settings.severity, stale_price: severity } };
    const result = audit({ price: stale }, configured);
    expect(result.report.verdict).toBe(verdict);
    expect(result.report.trustedRows).toBe(severity === 'trim' || severity === 'blocking' ? 33 : N);
  });

  it('blocks a horizon trimmed below the rows it needs, naming what trimmed it', () => {
    const stale = price.map((v, i) => (i >= 8 ? (price[7] ?? 0) : v));
    const result = audit({ price: stale });
    expect(result.report.verdict).toBe('blocked');
    expect(finding(result, 'min_rows')?.message).toMatch(/after trimming by stale_price/);
  });
});
