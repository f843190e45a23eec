import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { createExportStage } from '../../src/app/night/stages/export-stage.js';
import { createQualityStage } from '../../src/app/night/stages/quality-stage.js';
import { QUALITY_REPORT_KEY } from '../../src/app/night/stages/quality-verdict.js';
import type { QualityFinding } from '../../src/domain/data/quality-report.js';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import type { StageResult } from '../../src/app/night/stage.js';
import { ModelRegistry } from '../../src/app/night/train/model-registry.js';
import { HORIZONS } from '../../src/domain/horizon.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { dirSource } from '../builders/fred-dir.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { TEST_TRAIN_SETTINGS, fakeTrainers } from '../support/ml-night.js';
import { tableSettings } from '../support/table-settings.js';

/**
 * A daily target in FRED's layout (Brent, DCOILBRENTEU, a value per trading day since 1987) with
 * daily and monthly drivers: the builder makes one row per trading day, every horizon is a count
 * of trading days, and all five train, 1w included.
 */
describe('the FRED builder on a daily target', () => {
  const spec = {
    target: 'DCOILBRENTEU',
    drivers: ['DCOILWTICO', 'DGS10', 'DGS2', 'DTWEXBGS', 'PSOYBUSDM', 'PPOILUSDM'],
    roles: { crude: 'DCOILWTICO', yield10y: 'DGS10', yield2y: 'DGS2', palm: 'PPOILUSDM', beans: 'PSOYBUSDM' },
  };
  const clock = new FakeClock('2026-08-19T05:00:00Z');
  let warehouse: DuckDbWarehouse;
  let artifacts: FakeArtifactStore;
  let exported: StageResult;
  const trained = new Map<string, StageResult>();
  beforeAll(async () => {
    warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
    artifacts = new FakeArtifactStore();
    exported = await createExportStage({
      warehouse,
      artifacts,
      clock,
      refresh: { source: dirSource(FRED_DIR), loader: warehouse, spec },
    })(stageContext({ runId: 'night1', kind: 'export', horizons: HORIZONS }));
    const quality = await createQualityStage({ warehouse, artifacts, clock, settings: tableSettings() })(
      stageContext({ runId: 'night1', kind: 'quality', horizons: HORIZONS }),
    );
    expect(quality.status).toBe('succeeded');
    for (const horizon of HORIZONS) {
      const train = createTrainStage({
        warehouse,
        artifacts,
        trainers: fakeTrainers(),
        clock,
        settings: TEST_TRAIN_SETTINGS,
      });
      trained.set(horizon, await train(stageContext({ runId: 'night1', kind: 'train', horizon })));
    }
  }, 300_000);
  afterAll(() => warehouse.close());

  it('builds a daily table for every horizon, 1w included, and reports the role no driver fills', () => {
    expect(exported.details).toMatchObject({
      frequency: 'daily',
      supported_horizons: ['1w', '1m', '3m', '6m', '12m'],
      skipped: [],
      refresh: { unfilled_roles: expect.arrayContaining([{ role: 'meal', series: null }]) },
    });
  });

  it("never warns about the project's own features: the season and the monthly drivers step once a month", async () => {
    const report = JSON.parse(new TextDecoder().decode(await artifacts.read(QUALITY_REPORT_KEY))) as {
      reports: readonly { horizon: string; findings: readonly QualityFinding[] }[];
    };
    const named = (f: QualityFinding) => [...(f.columns ?? []), ...(f.column === null ? [] : [f.column])];
    const own = ['month_sin', 'month_cos', 'psoybusdm_level', 'ppoilusdm_level'];
    const findings = report.reports.flatMap((t) =>
      t.findings.filter((f) => named(f).some((c) => own.includes(c))).map((f) => `${t.horizon} ${f.message}`),
    );
    expect(findings).toEqual([]);
  });

  it.each([
    ['1w', 5],
    ['1m', 21],
    ['3m', 63],
    ['6m', 126],
    ['12m', 252],
  ] as const)('trains %s on its target %i trading days ahead', async (horizon, periods) => {
    expect(trained.get(horizon)?.status).toBe('succeeded');
    const model = await new ModelRegistry(artifacts).latest(horizon, 'lightgbm');
    expect(model).toMatchObject({
      frequency: 'daily',
      horizon_periods: periods,
      target_column: `target_${horizon}`,
    });
    expect(model?.feature_names).toEqual(
      expect.arrayContaining(['zl_ret_5', 'dcoilwtico_level', 'spread_zl_crude', 'yield_slope_10y_2y']),
    );
    // the calendar months holding the newest K x foldRows trusted rows, the oldest month whole
    const { folds, foldRows } = TEST_TRAIN_SETTINGS;
    expect(model?.metrics.folds).toBeGreaterThanOrEqual(folds.daily * foldRows.daily);
    expect(model?.metrics.folds).toBeLessThanOrEqual((folds.daily + 1) * 23);
  });
});
