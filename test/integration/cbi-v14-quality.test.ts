import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { ParquetDirTableSource } from '../../src/adapters/parquet/parquet-dir-table-source.js';
import { createQualityStage } from '../../src/app/night/stages/quality-stage.js';
import { QUALITY_REPORT_KEY } from '../../src/app/night/stages/quality-verdict.js';
import type { StageResult } from '../../src/app/night/stage.js';
import type { Horizon } from '../../src/domain/horizon.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI_DIR } from '../builders/cbi-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { tableSettings } from '../support/table-settings.js';

const HORIZONS = ['1w', '1m', '3m', '6m', '12m'] as const;

const rowsSchema = z.object({
  count: z.number(),
  ranges: z.array(z.object({ from: z.string(), to: z.string(), rows: z.number() })),
});
const reportSchema = z.object({
  passed: z.boolean(),
  reports: z.array(
    z.object({
      horizon: z.string(),
      verdict: z.string(),
      trustedRows: z.number(),
      trustedTargets: z.number(),
      lastTrustedDate: z.string().nullable(),
      target: z
        .object({ kind: z.string(), lead: z.number(), nominal: z.number(), exact: z.boolean() })
        .nullable(),
      droppedFeatures: z.array(z.string()),
      findings: z.array(
        z.object({
          rule: z.string(),
          severity: z.string(),
          column: z.string().nullable(),
          columns: z.array(z.string()).optional(),
          message: z.string(),
          rows: rowsSchema.optional(),
          targetRows: rowsSchema.optional(),
        }),
      ),
    }),
  ),
});

/**
 * What a careful analyst finds in CBI-V14's production tables (data/cbi-v14), held to the rule
 * that finds it and its rows: the rows made up for weekends, the price frozen at a placeholder for
 * weeks to months at the end of each table, targets that are not the lead they are named for (7, 30,
 * 90 and 180 trading days; 12m a return), and in 2020 targets that are not the table's own price.
 */
const DEFECTS: readonly {
  readonly horizon: Horizon;
  readonly rule: string;
  readonly column: string | null;
  readonly rows?: { readonly count: number; readonly first: string; readonly last: string };
  readonly targetRows?: number;
  readonly message?: RegExp;
}[] = [
  {
    horizon: '1w',
    rule: 'non_trading_days',
    column: null,
    rows: { count: 6, first: '2025-10-18', last: '2025-11-02' },
  },
  {
    horizon: '1w',
    rule: 'stale_price',
    column: 'zl_price_current',
    rows: { count: 24, first: '2025-10-14', last: '2025-11-06' },
    message: /34\.24\d* on 24 rows from 2025-10-14/,
  },
  {
    horizon: '1w',
    rule: 'target_lead',
    column: 'target_1w',
    message: /the price 7 rows after the row .* where 1w is 5 periods/,
  },
  {
    horizon: '1w',
    rule: 'target_lead',
    column: 'target_1w',
    targetRows: 194,
    message: /not the price 7 rows later on 194 rows/,
  },
  {
    horizon: '1m',
    rule: 'non_trading_days',
    column: null,
    rows: { count: 16, first: '2025-09-13', last: '2025-11-02' },
  },
  {
    horizon: '1m',
    rule: 'jumps',
    column: 'zl_price_current',
    rows: { count: 1, first: '2025-11-06', last: '2025-11-06' },
    message: /34\.24 on 2025-11-06/,
  },
  {
    horizon: '1m',
    rule: 'target_lead',
    column: 'target_1m',
    message: /the price 30 rows after the row .* where 1m is 21 periods/,
  },
  {
    horizon: '1m',
    rule: 'target_lead',
    column: 'target_1m',
    targetRows: 169,
    message: /known on 21 rows .* beyond the table's last row, and not the price 30 rows later on 148 rows/,
  },
  {
    horizon: '1m',
    rule: 'coverage',
    column: 'date',
    message: /9 months hold fewer than 80\.0% of their business days \(79 missing/,
  },
  {
    horizon: '1m',
    rule: 'stale_features',
    column: null,
    message: /223 columns, e\.g\. seasonal_index stops at 2025-09-10/,
  },
  {
    horizon: '3m',
    rule: 'non_trading_days',
    column: null,
    rows: { count: 42, first: '2025-06-14', last: '2025-11-02' },
  },
  {
    horizon: '3m',
    rule: 'stale_price',
    column: 'zl_price_current',
    rows: { count: 146, first: '2025-06-14', last: '2025-11-06' },
    message: /34\.06\d* on 146 rows from 2025-06-14/,
  },
  {
    horizon: '3m',
    rule: 'target_lead',
    column: 'target_3m',
    message: /the price 90 rows after the row .* where 3m is 63 periods/,
  },
  {
    horizon: '3m',
    rule: 'target_lead',
    column: 'target_3m',
    targetRows: 161,
    message: /not the price 90 rows later on 161 rows/,
  },
  { horizon: '3m', rule: 'coverage', column: 'date', message: /6 months hold fewer than 80\.0%/ },
  {
    horizon: '6m',
    rule: 'non_trading_days',
    column: null,
    rows: { count: 78, first: '2025-02-08', last: '2025-11-02' },
  },
  {
    horizon: '6m',
    rule: 'stale_price',
    column: 'zl_price_current',
    rows: { count: 275, first: '2025-02-05', last: '2025-11-06' },
  },
  {
    horizon: '6m',
    rule: 'target_lead',
    column: 'target_6m',
    message: /the price 180 rows after the row .* where 6m is 126 periods/,
  },
  {
    horizon: '6m',
    rule: 'target_lead',
    column: 'target_6m',
    targetRows: 120,
    message: /not the price 180 rows later on 120 rows/,
  },
  { horizon: '6m', rule: 'coverage', column: 'date', message: /9 months hold fewer than 80\.0%/ },
  {
    horizon: '12m',
    rule: 'non_trading_days',
    column: null,
    rows: { count: 78, first: '2025-02-08', last: '2025-11-02' },
  },
  {
    horizon: '12m',
    rule: 'stale_price',
    column: 'zl_price_current',
    rows: { count: 275, first: '2025-02-05', last: '2025-11-06' },
  },
  {
    horizon: '12m',
    rule: 'target_lead',
    column: 'target_12m',
    message: /a return \(future \/ current - 1\), not a price, 254 rows after the row .* on no row exactly/,
  },
  { horizon: '12m', rule: 'coverage', column: 'date', message: /9 months hold fewer than 80\.0%/ },
];

describe("the quality gate on CBI-V14's production tables", () => {
  let warehouse: DuckDbWarehouse;
  let artifacts: FakeArtifactStore;
  let result: StageResult;
  let report: z.infer<typeof reportSchema>;
  beforeAll(async () => {
    warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
    const files = await new ParquetDirTableSource({ dir: CBI_DIR }).list();
    await warehouse.loadTrainingTables(files, { roles: DEFAULT_ROLE_SETTINGS });
    artifacts = new FakeArtifactStore();
    // the night after the export: freshness is judged on the tables' own dates
    const quality = createQualityStage({
      warehouse,
      artifacts,
      clock: new FakeClock('2025-11-07T05:00:00Z'),
      settings: tableSettings(),
    });
    result = await quality(stageContext({ runId: 'r1', kind: 'quality', horizons: HORIZONS }));
    report = reportSchema.parse(
      JSON.parse(new TextDecoder().decode(artifacts.files.get(QUALITY_REPORT_KEY))),
    );
  }, 120_000);
  afterAll(() => warehouse.close());

  it.each(
    DEFECTS.map((d) => ({ ...d, name: `${d.horizon} ${d.rule}${d.rows ? ` ${d.rows.count} rows` : ''}` })),
  )('finds $name', (defect) => {
    const findings = report.reports.find((r) => r.horizon === defect.horizon)?.findings ?? [];
    const matching = findings.filter(
      (f) =>
        f.rule === defect.rule &&
        f.column === defect.column &&
        (defect.message === undefined || defect.message.test(f.message)),
    );
    expect(
      matching,
      `${defect.horizon}: ${findings.map((f) => f.message.slice(0, 120)).join('\n')}`,
    ).toHaveLength(1);
    const [found] = matching;
    if (defect.rows !== undefined) {
      expect(found?.rows?.count).toBe(defect.rows.count);
      expect(found?.rows?.ranges[0]?.from).toBe(defect.rows.first);
      expect(found?.rows?.ranges.at(-1)?.to).toBe(defect.rows.last);
    }
    if (defect.targetRows !== undefined) expect(found?.targetRows?.count).toBe(defect.targetRows);
  });

  it.each([
    { horizon: '1w', lead: 7, lastTrusted: '2025-10-13', kind: 'price' },
    { horizon: '1m', lead: 30, lastTrusted: '2025-11-05', kind: 'price' },
    { horizon: '3m', lead: 90, lastTrusted: '2025-06-13', kind: 'price' },
    { horizon: '6m', lead: 180, lastTrusted: '2025-02-04', kind: 'price' },
    { horizon: '12m', lead: 254, lastTrusted: '2025-02-04', kind: 'return' },
  ])(
    'trims $horizon (nothing blocks it), trusting rows up to $lastTrusted, its target $lead rows ahead',
    (expected) => {
      const table = report.reports.find((r) => r.horizon === expected.horizon);
      expect(table).toMatchObject({
        verdict: 'trimmed',
        lastTrustedDate: expected.lastTrusted,
        target: { lead: expected.lead, kind: expected.kind },
      });
      expect(table?.findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    },
  );

  it('lets the night go on, every horizon trimmed, with the verdicts in the run record', () => {
    expect(result.status).toBe('succeeded');
    expect(result.details).toMatchObject({
      verdicts: { '1w': 'trimmed', '1m': 'trimmed', '3m': 'trimmed', '6m': 'trimmed', '12m': 'trimmed' },
    });
  });
});
