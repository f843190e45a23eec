import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { loadConfig } from '../../src/app/config/load-config.js';
import { createExportStage } from '../../src/app/night/stages/export-stage.js';
import { createQualityStage } from '../../src/app/night/stages/quality-stage.js';
import { QUALITY_REPORT_KEY } from '../../src/app/night/stages/quality-verdict.js';
import type { QualityFinding } from '../../src/domain/data/quality-report.js';
import type { TrainingSpec } from '../../src/domain/data/training-features.js';
import { HORIZONS, type Horizon } from '../../src/domain/horizon.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR, fredFacts } from '../builders/fred-data.js';
import { dirSource } from '../builders/fred-dir.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { tableSettings } from '../support/table-settings.js';
import { tempHome } from '../support/temp-home.js';

interface Night {
  readonly warehouse: DuckDbWarehouse;
  /** Per horizon exported, the columns the project built (every column but the date, the price and the targets). */
  readonly own: ReadonlyMap<Horizon, readonly string[]>;
  readonly reports: readonly { readonly horizon: string; readonly findings: readonly QualityFinding[] }[];
}

/** The export and quality stages of a night on the real FRED series, through the embedded warehouse. */
async function night(spec: TrainingSpec, now: string): Promise<Night> {
  const clock = new FakeClock(now);
  const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
  const artifacts = new FakeArtifactStore();
  await createExportStage({
    warehouse,
    artifacts,
    clock,
    refresh: { source: dirSource(FRED_DIR), loader: warehouse, spec },
  })(stageContext({ runId: 'night1', kind: 'export', horizons: HORIZONS }));
  const quality = await createQualityStage({ warehouse, artifacts, clock, settings: tableSettings() })(
    stageContext({ runId: 'night1', kind: 'quality', horizons: HORIZONS }),
  );
  expect(quality.status).toBe('succeeded');
  const own = new Map<Horizon, readonly string[]>();
  for (const info of await warehouse.trainingTables()) {
    const table = await warehouse.readTrainingTable(info.horizon);
    own.set(
      info.horizon,
      table.schema.fields
        .map((f) => f.name)
        .filter((name) => name !== 'date' && name !== 'zl_price' && !name.startsWith('target_')),
    );
  }
  const report = JSON.parse(new TextDecoder().decode(await artifacts.read(QUALITY_REPORT_KEY))) as {
    reports: Night['reports'];
  };
  return { warehouse, own, reports: report.reports };
}

function named(f: QualityFinding): readonly string[] {
  return [...(f.columns ?? []), ...(f.column === null ? [] : [f.column])];
}

/** Every finding, of any rule and severity, that names a column the project built ("<horizon> <message>"). */
function onOwnFeatures(n: Night): readonly string[] {
  return n.reports.flatMap((t) => {
    const own = n.own.get(t.horizon as Horizon) ?? [];
    return t.findings
      .filter((f) => named(f).some((c) => own.includes(c)))
      .map((f) => `${t.horizon} ${f.message}`);
  });
}

/** Features the project makes from the target and the calendar alone, or from drivers that never stop in the data. */
const CONSTRUCTED = /^(month_sin|month_cos|zl_.*|spread_zl_.*|crush_.*)$/;

/**
 * Issue 20: the project's own features (month_sin and month_cos tripped repeated_values on every
 * daily table) must trip none of its quality rules by construction. Every column the FRED
 * builder makes (returns, volatilities, levels, changes, spreads, the crush and yield-curve
 * features, the season) is checked against every finding of the quality gate, on the embedded
 * default's monthly night (soybean oil, the default 24 drivers) and a daily night (Brent with
 * daily and monthly drivers, as `test/integration/daily-fred.test.ts` builds it). What they do
 * trip is the data's, each finding pinned here with its cause in the bundled files:
 * - monthly: two real flat stretches of the IMF series, sunflower oil at 673 USD/t for 22 months
 *   from 2006-05 and potash at 177.44 for 18 months from 2017-09 (their levels, and their
 *   one-month changes, 0 over the same months);
 * - daily: the drivers whose bundled files end before Brent's (2026-08-18): DGS10 and DGS2 end
 *   2025-12-30, DTWEXBGS 2025-12-26, the IMF series 2025-09. Each row takes a driver's value as
 *   of its date, so the last one is carried to the table's end: their levels and changes repeat
 *   for 140 to 161 trading days.
 * CBI-V14's tables carry no feature the project made (they are read as they are).
 */
describe("the project's own features trip none of its quality rules by construction", () => {
  let monthly: Night;
  let daily: Night;
  let home: { home: string; dispose(): Promise<void> };
  beforeAll(async () => {
    home = await tempHome();
    const config = await loadConfig({ home: home.home, env: { CBI_SOURCE_DIR: FRED_DIR } });
    monthly = await night(
      { target: config.source.target, drivers: config.source.drivers },
      '2025-11-29T23:30:00Z',
    );
    daily = await night(
      {
        target: 'DCOILBRENTEU',
        drivers: ['DCOILWTICO', 'DGS10', 'DGS2', 'DTWEXBGS', 'PSOYBUSDM', 'PPOILUSDM'],
        roles: {
          crude: 'DCOILWTICO',
          yield10y: 'DGS10',
          yield2y: 'DGS2',
          palm: 'PPOILUSDM',
          beans: 'PSOYBUSDM',
        },
      },
      '2026-08-19T05:00:00Z',
    );
  }, 300_000);
  afterAll(async () => {
    monthly.warehouse.close();
    daily.warehouse.close();
    await home.dispose();
  });

  it('the monthly FRED night: only the two real flat IMF stretches, nothing by construction', () => {
    expect([...monthly.own.keys()]).toEqual(['1m', '3m', '6m', '12m']);
    const own = monthly.own.get('1m') ?? [];
    expect(own).toEqual(
      expect.arrayContaining(['month_sin', 'month_cos', 'crush_oil_share', 'crush_margin', 'spread_zl_palm']),
    );
    expect(own.filter((c) => CONSTRUCTED.test(c)).length).toBeGreaterThan(10);
    for (const horizon of monthly.own.keys())
      expect(onOwnFeatures(monthly).filter((f) => f.startsWith(`${horizon} `))).toEqual([
        `${horizon} repeated_values: psunousdm_level repeats 673 22 times in a row from 2006-05-01 (limit 12)`,
        `${horizon} repeated_values: psunousdm_chg_1 repeats 0 21 times in a row from 2006-06-01 (limit 12)`,
        `${horizon} repeated_values: ppotashusdm_level repeats 177.436073438459 18 times in a row from 2017-09-01 (limit 12)`,
        `${horizon} repeated_values: ppotashusdm_chg_1 repeats 0 17 times in a row from 2017-10-01 (limit 12)`,
      ]);
  });

  it('the daily FRED night: only the drivers whose files end before the target, nothing by construction', async () => {
    expect([...daily.own.keys()]).toEqual(['1w', '1m', '3m', '6m', '12m']);
    const brentEnds = (await fredFacts('DCOILBRENTEU')).lastDate;
    const stopped: string[] = [];
    for (const id of ['DCOILWTICO', 'DGS10', 'DGS2', 'DTWEXBGS', 'PSOYBUSDM', 'PPOILUSDM'])
      if ((await fredFacts(id)).lastDate < brentEnds) stopped.push(id.toLowerCase());
    expect(stopped).toEqual(['dgs10', 'dgs2', 'dtwexbgs', 'psoybusdm', 'ppoilusdm']);
    const fromStopped = (column: string): boolean =>
      column === 'yield_slope_10y_2y' || stopped.some((id) => column.startsWith(`${id}_`));
    for (const report of daily.reports) {
      const own = daily.own.get(report.horizon as Horizon) ?? [];
      expect(own).toEqual(expect.arrayContaining(['month_sin', 'month_cos', 'spread_zl_crude', 'zl_ret_5']));
      const onOwn = report.findings.filter((f) => named(f).some((c) => own.includes(c)));
      expect(onOwn.map((f) => f.rule)).toEqual(['repeated_values']);
      const columns = onOwn.flatMap(named);
      expect(columns).toEqual([
        'dgs10_level',
        'dgs10_chg_5',
        'dgs10_chg_21',
        'dgs2_level',
        'dgs2_chg_5',
        'dgs2_chg_21',
        'dtwexbgs_level',
        'dtwexbgs_chg_5',
        'dtwexbgs_chg_21',
        'psoybusdm_chg_5',
        'psoybusdm_chg_21',
        'psoybusdm_chg_63',
        'ppoilusdm_chg_5',
        'ppoilusdm_chg_21',
        'ppoilusdm_chg_63',
        'yield_slope_10y_2y',
      ]);
      expect(columns.every(fromStopped)).toBe(true);
      expect(columns.some((c) => CONSTRUCTED.test(c))).toBe(false);
    }
  });
});
