import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUALITY_SETTINGS, type QualitySettings } from '../../../../src/domain/data/quality-settings.js';
import { auditTable, type TableAudit } from '../../../../src/domain/data/table-audit.js';
import type { ProfileInputColumn } from '../../../../src/domain/data/table-profile.js';
import { DEFAULT_ROLE_SETTINGS, discoverRoles } from '../../../../src/domain/data/table-roles.js';
import { fredValues } from '../../../builders/fred-data.js';

/**
 * The broad dollar index (DTWEXBGS, a value per business day since 2006) has one real gap: the
 * Federal Reserve published nothing from 2010-02-08 to 2010-02-11 (Washington's February 2010
 * blizzards), four business days. With gaps counted from four days, that one old gap blocked
 * twenty years of rows; `trim` trains from the row after it.
 */
describe('gaps set to trim, on the dollar index', () => {
  let dates: string[];
  let columns: ProfileInputColumn[];
  beforeAll(async () => {
    const series = [...(await fredValues('DTWEXBGS'))];
    dates = series.map(([date]) => date);
    const price = Float64Array.from(series, ([, value]) => value);
    const ahead = (lead: number) => price.map((_, i) => price[i + lead] ?? Number.NaN);
    const change = price.map((v, i) => (i >= 5 ? Math.log(v / (price[i - 5] ?? Number.NaN)) : Number.NaN));
    columns = [
      { name: 'date', type: 'DATE', kind: 'date', values: dates },
      { name: 'zl_price', type: 'DOUBLE', kind: 'number', values: price },
      { name: 'dollar_chg_5', type: 'DOUBLE', kind: 'number', values: change },
      { name: 'target_1w', type: 'DOUBLE', kind: 'number', values: ahead(5) },
    ];
  });

  function audit(severity: 'blocking' | 'trim'): TableAudit {
    const settings: QualitySettings = {
      ...DEFAULT_QUALITY_SETTINGS,
      severity: { ...DEFAULT_QUALITY_SETTINGS.severity, gaps: severity },
      gapPeriods: { monthly: 1, daily: 4 },
    };
    const roles = discoverRoles(
      columns.map((c) => ({ name: c.name, type: c.type, kind: c.kind })),
      '1w',
      DEFAULT_ROLE_SETTINGS,
    );
    return auditTable(
      { table: 'training.dollar_1w', horizon: '1w', frequency: 'daily', nominalPeriods: 5, roles, columns },
      settings,
      new Date('2025-12-29T12:00:00Z'),
    );
  }

  it('blocks the horizon on the one gap when gaps is blocking', () => {
    const { report } = audit('blocking');
    expect(report.verdict).toBe('blocked');
    expect(report.findings.find((f) => f.rule === 'gaps')?.message).toBe(
      'gaps: 1 gaps in the dates; the largest misses 4 business days between 2010-02-05 and 2010-02-12 (a gap is 4 or more)',
    );
  });

  it('trims every row before the last gap and says where training starts', () => {
    const { report, trustedRows } = audit('trim');
    const firstKept = dates.indexOf('2010-02-12');
    expect(report.verdict).toBe('trimmed');
    expect(report.findings.filter((f) => f.rule === 'gaps')).toEqual([
      {
        rule: 'gaps',
        severity: 'trim',
        column: null,
        message: `gaps: 1 gaps in the dates (a gap is 4 or more business days); the last misses 4 business days between 2010-02-05 and 2010-02-12: training starts at 2010-02-12, the ${firstKept} rows before it are left out`,
        value: 1,
        limit: 4,
        rows: { count: firstKept, ranges: [{ from: '2006-01-02', to: '2010-02-05', rows: firstKept }] },
      },
    ]);
    expect(trustedRows.slice(0, firstKept).every((v) => v === 0)).toBe(true);
    expect(trustedRows[firstKept]).toBe(1);
    expect(report.trustedRows).toBe(dates.length - firstKept);
  });
});
