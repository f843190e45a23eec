import { beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../../src/app/night/train/model-registry.js';
import { createEvaluateStage } from '../../../../../src/app/night/stages/evaluate-stage.js';
import type { Horizon } from '../../../../../src/domain/horizon.js';
import { FakeArtifactStore } from '../../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../../src/testing/fake-clock.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { runMlNight, type MlWorld, TEST_FORECAST_SETTINGS } from '../../../../support/ml-night.js';

const MONTHS = ['2020-07-01', '2020-08-01', '2020-09-01', '2020-10-01', '2020-11-01', '2020-12-01'];

describe('createEvaluateStage', () => {
  let allHistory: SoyOilTableBuilder;
  let world: MlWorld;
  const horizons: readonly Horizon[] = ['1m', '3m'];

  /** One night per month, each on the data as it stood then; the last night evaluates. */
  beforeAll(async () => {
    allHistory = await SoyOilTableBuilder.load();
    world = {
      warehouse: new FakeWarehouse(),
      artifacts: new FakeArtifactStore(),
      clock: new FakeClock('2020-07-20T23:59:00Z'),
    };
    for (const [i, month] of MONTHS.entries()) {
      const known = allHistory.between('2005-01-01', month);
      for (const h of horizons) world.warehouse.setTrainingTable(known.build(h));
      await runMlNight(world, { runId: `night${i + 1}`, horizons, stages: ['predict', 'upload'] });
      world.clock.advance(30 * 86_400_000);
    }
  });

  const evaluate = () =>
    createEvaluateStage({ ...world, settings: { table: TEST_FORECAST_SETTINGS.table, skillMargin: 0 } })(
      stageContext({ runId: 'night6', kind: 'evaluate', horizons }),
    );

  it('computes the MAPE of matured forecasts from the real values that arrived since', async () => {
    const result = await evaluate();
    expect(result.status).toBe('succeeded');
    const table = allHistory.between('2005-01-01', '2020-12-01').build('1m');
    const price = (date: string): number =>
      table.columns['zl_price']?.[table.dates.indexOf(date)] ?? Number.NaN;
    // 1m forecasts made as of 2020-07 .. 2020-11 have matured by 2020-12; the 2020-12 one has not
    const champion = (await world.warehouse.readPredictions('1m')).filter((r) => r.is_champion);
    const matured = champion.filter((r) => r.target_date <= '2020-12-01');
    expect(matured.map((r) => r.as_of_date)).toEqual(MONTHS.slice(0, 5));
    const ape = matured.map(
      (r) => (100 * Math.abs(price(r.target_date) - r.predicted_price)) / price(r.target_date),
    );
    const naive = matured.map(
      (r) => (100 * Math.abs(price(r.target_date) - r.current_price)) / price(r.target_date),
    );
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const metrics = await world.warehouse.readMetrics('night6');
    const metric = (h: Horizon, model: string, name: string) =>
      metrics.find((m) => m.horizon === h && m.model_name === model && m.metric === name)?.value;
    expect(metric('1m', 'champion', 'matured_count')).toBe(5);
    expect(metric('1m', 'champion', 'matured_mape')).toBeCloseTo(mean(ape), 10);
    expect(metric('1m', 'naive', 'matured_mape')).toBeCloseTo(mean(naive), 10);
    // 3m forecasts as of 2020-07 .. 2020-09 have matured
    expect(metric('3m', 'champion', 'matured_count')).toBe(3);
    expect(result.details?.['horizons']).toMatchObject({
      '1m': { matured: { champion: { count: 5 }, naive: { count: 5 } } },
    });
  });

  it("tracks the published forecasts' band coverage on the matured ones against the nominal 80 %", async () => {
    const result = await evaluate();
    const table = allHistory.between('2005-01-01', '2020-12-01').build('1m');
    const price = (date: string): number =>
      table.columns['zl_price']?.[table.dates.indexOf(date)] ?? Number.NaN;
    const matured = (await world.warehouse.readPredictions('1m')).filter(
      (r) => r.is_champion && r.target_date <= '2020-12-01',
    );
    expect(matured).toHaveLength(5);
    const inside = matured.filter((r) => {
      expect(r.interval_level).toBe(0.8);
      const actual = price(r.target_date);
      return actual >= (r.interval_low ?? Number.NaN) && actual <= (r.interval_high ?? Number.NaN);
    }).length;
    expect(result.details?.['horizons']).toMatchObject({
      '1m': { matured: { intervals: [{ level: 0.8, matured: 5, covered: inside, coverage: inside / 5 }] } },
    });
    const metrics = await world.warehouse.readMetrics('night6');
    const metric = (name: string) =>
      metrics.find((m) => m.horizon === '1m' && m.model_name === 'champion' && m.metric === name)?.value;
    expect(metric('interval_coverage_80')).toBe(inside / 5);
    expect(metric('interval_matured_80')).toBe(5);
  });

  it('records the walk-forward backtest of the champion next to the naive forecast', async () => {
    await evaluate();
    const metrics = await world.warehouse.readMetrics('night6');
    const champion = await new ModelRegistry(world.artifacts).champion('1m');
    const metric = (model: string, name: string) =>
      metrics.find((m) => m.horizon === '1m' && m.model_name === model && m.metric === name)?.value;
    expect(metric('champion', 'walk_forward_mape')).toBe(champion?.metadata.metrics.mape);
    expect(metric('champion', 'backtest_hit_rate')).toBe(champion?.metadata.metrics.backtest.hit_rate);
    expect(metric('champion', 'backtest_max_drawdown')).toBe(
      champion?.metadata.metrics.backtest.max_drawdown,
    );
    expect(metric('champion', 'backtest_sharpe')).toBe(champion?.metadata.metrics.backtest.sharpe);
    expect(metric('naive', 'walk_forward_mape')).toBe(champion?.metadata.metrics.naive_mape);
    expect(metric('naive', 'backtest_trades')).toBe(6);
    expect(metric('naive', 'backtest_sharpe')).toBeUndefined(); // never in the market: no Sharpe
    expect(metric('lightgbm', 'walk_forward_mape')).toBeGreaterThan(0);
  });

  it('replaces its own rows when run again (idempotent per run)', async () => {
    await evaluate();
    const first = await world.warehouse.readMetrics('night6');
    await evaluate();
    expect(await world.warehouse.readMetrics('night6')).toEqual(first);
  });
});
