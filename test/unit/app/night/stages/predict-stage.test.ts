import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../../src/app/night/train/model-registry.js';
import { readPredictionsFile } from '../../../../../src/app/night/stages/predictions-file.js';
import { createPredictStage } from '../../../../../src/app/night/stages/predict-stage.js';
import type { StageResult } from '../../../../../src/app/night/stage.js';
import { priceHistoryKey } from '../../../../../src/domain/layout.js';
import type { ModelTrainer } from '../../../../../src/ports/model-trainer.port.js';
import { FakeModelTrainer } from '../../../../../src/testing/fake-model-trainer.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import {
  BiasedTrainer,
  fakeTrainers,
  runMlNight,
  soyOilWorld,
  type MlWorld,
  TEST_FORECAST_SETTINGS,
} from '../../../../support/ml-night.js';

describe('createPredictStage', () => {
  let soyOil: SoyOilTableBuilder;
  let world: MlWorld;
  const predict = (
    runId: string,
    earlier: ReadonlyMap<string, StageResult>,
    trainers: readonly ModelTrainer[] = fakeTrainers(),
  ) =>
    createPredictStage({ ...world, trainers, settings: TEST_FORECAST_SETTINGS })(
      stageContext({ runId, kind: 'predict', horizons: ['1w', '1m', '3m'], earlier }),
    );

  beforeAll(async () => {
    soyOil = (await SoyOilTableBuilder.load()).between('2005-01-01', '2020-12-01');
  });
  beforeEach(() => {
    world = soyOilWorld(soyOil);
  });

  it("forecasts the newest row of each trained horizon with the champion, recording every model's forecast", async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1w', '1m', '3m'], stages: [] });
    const result = await predict('night1', earlier);
    expect(result.status).toBe('succeeded');
    const file = await readPredictionsFile(world.artifacts, 'night1');
    const rows = file?.rows ?? [];
    expect(rows.map((r) => [r.horizon, r.model_name, r.is_champion])).toEqual([
      ['1m', 'lightgbm', true],
      ['1m', 'xgboost', false],
      ['3m', 'lightgbm', true],
      ['3m', 'xgboost', false],
    ]);
    const newestPrice = soyOil.build('1m').columns['zl_price']?.at(-1);
    for (const row of rows) {
      expect(row.as_of_date).toBe('2020-12-01'); // the newest month: its target is not known yet
      expect(row.target_date).toBe(row.horizon === '1m' ? '2021-01-01' : '2021-03-01');
      expect(row.current_price).toBe(newestPrice);
      expect(row.predicted_price).toBeCloseTo(row.current_price * (1 + row.predicted_return), 9);
      expect(row).toMatchObject({
        run_id: 'night1',
        surface: 'prod',
        created_at: '2021-01-20T23:59:00.000Z',
      });
    }
    expect(result.details?.['horizons']).not.toHaveProperty('1w');
  });

  it("gives each forecast a split-conformal band from its model's walk-forward errors at the nominal level", async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m', '3m'], stages: [] });
    await predict('night1', earlier);
    const rows = (await readPredictionsFile(world.artifacts, 'night1'))?.rows ?? [];
    const registry = new ModelRegistry(world.artifacts);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const metadata = await registry.latest(
        row.horizon,
        row.model_name === 'lightgbm' ? 'lightgbm' : 'xgboost',
      );
      const folds = metadata?.folds ?? [];
      expect(folds).toHaveLength(6);
      // 6 forecasts at 80 %: the ceil(7 x 0.8) = 6th smallest |log error| is the largest
      const q = Math.max(...folds.map((f) => Math.abs(Math.log(f.actual_price / f.predicted_price))));
      expect(row.interval_level).toBe(0.8);
      expect(row.interval_low).toBeCloseTo(row.predicted_price * Math.exp(-q), 9);
      expect(row.interval_high).toBeCloseTo(row.predicted_price * Math.exp(q), 9);
    }
  });

  it('gives no band when the walk-forward has too few forecasts for the level', async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    await createPredictStage({
      ...world,
      trainers: fakeTrainers(),
      settings: { ...TEST_FORECAST_SETTINGS, intervalLevel: 0.9 },
    })(stageContext({ runId: 'night1', kind: 'predict', horizons: ['1m'], earlier }));
    const rows = (await readPredictionsFile(world.artifacts, 'night1'))?.rows ?? [];
    // ceil(7 x 0.9) = 7 > 6 forecasts: an infinite band, so none
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).not.toHaveProperty('interval_level');
  });

  it('picks the champion, not the newest or the first model', async () => {
    // lightgbm made worse on purpose, so xgboost wins the first contest
    const trainers = [
      new BiasedTrainer(new FakeModelTrainer({ library: 'lightgbm' }), 0.1),
      new FakeModelTrainer({ library: 'xgboost' }),
    ];
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], trainers, stages: [] });
    const champion = await new ModelRegistry(world.artifacts).championRecord('1m');
    expect(champion?.model_name).toBe('xgboost');
    await predict('night1', earlier, trainers);
    const rows = (await readPredictionsFile(world.artifacts, 'night1'))?.rows ?? [];
    expect(
      rows.filter((r) => r.horizon === '1m' && r.is_champion).map((r) => [r.model_name, r.model_version]),
    ).toEqual([['xgboost', 'night1']]);
    // the champion's forecast is its own model's: the same as predicting with the saved file directly
    const registry = new ModelRegistry(world.artifacts);
    const metadata = await registry.metadata('1m', 'xgboost', 'night1');
    expect(metadata).toBeDefined();
    const lightgbm = rows.find((r) => r.model_name === 'lightgbm');
    const xgboost = rows.find((r) => r.model_name === 'xgboost');
    expect(lightgbm?.predicted_return).toBeCloseTo((xgboost?.predicted_return ?? 0) + 0.1, 9);
  });

  it('replaces a champion the library loaded tonight cannot read (a newer version made it), keeping its files', async () => {
    const made = [
      new BiasedTrainer(new FakeModelTrainer({ library: 'lightgbm' }), 0.1),
      new FakeModelTrainer({ library: 'xgboost', version: '3.2.0' }),
    ];
    await runMlNight(world, { runId: 'night1', horizons: ['1m'], trainers: made, stages: [] });
    const registry = new ModelRegistry(world.artifacts);
    expect((await registry.championRecord('1m'))?.model_name).toBe('xgboost');
    // tonight an older XGBoost is loaded: it trains, but cannot read the 3.2.0 champion
    const older = [
      new FakeModelTrainer({ library: 'lightgbm' }),
      new FakeModelTrainer({ library: 'xgboost', version: '1.7.4', unreadableVersions: ['3.2.0'] }),
    ];
    const tonight = await runMlNight(world, {
      runId: 'night2',
      horizons: ['1m'],
      trainers: older,
      stages: [],
    });
    const champion = await registry.championRecord('1m');
    const result = await predict('night2', tonight, older);
    expect(result.status).toBe('succeeded');
    const details = (result.details?.['horizons'] as Record<string, Record<string, unknown>>)['1m'];
    expect(details?.['unreadable_champion']).toMatchObject({
      model: champion?.model_name,
      version: champion?.version,
      trained_with: 'xgboost 3.2.0',
      loaded: 'xgboost 1.7.4',
      error: expect.stringContaining('xgboost 1.7.4 cannot read the model'),
      replaced_by: { version: 'night2' },
    });
    const replaced = await registry.championRecord('1m');
    expect(replaced?.version).toBe('night2');
    expect(replaced?.reason).toContain(
      'trained with xgboost 3.2.0, which the xgboost 1.7.4 cannot read (kept in place)',
    );
    // the unreadable model stays where it was, for the version that can read it
    expect(await registry.metadata('1m', 'xgboost', 'night1')).toBeDefined();
    expect(details?.['published']).toMatchObject({ kind: 'champion', version: 'night2' });
    expect(details?.['models']).toContainEqual(
      expect.objectContaining({
        version: 'night2',
        trained_with: expect.stringMatching(/ (1\.7\.4|fake-1\.0\.0)$/),
      }),
    );
  });

  it('forecasts with a feature the table lost since training as missing, and reports the drift', async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    const table = soyOil.build('1m');
    const { spread_zl_palm: _dropped, ...columns } = table.columns;
    world.warehouse.setTrainingTable({ ...table, columns });
    const result = await predict('night1', earlier);
    expect(result.status).toBe('succeeded');
    expect(result.details?.['horizons']).toMatchObject({
      '1m': {
        published: { kind: 'champion' },
        schema_drift: { 'lightgbm/night1': { missing: ['spread_zl_palm'] } },
      },
    });
  });

  it('publishes the naive forecast, flagged, for a horizon that has no champion', async () => {
    const earlier = new Map<string, StageResult>([['train_1m', { status: 'succeeded' }]]);
    const result = await predict('night1', earlier);
    const rows = (await readPredictionsFile(world.artifacts, 'night1'))?.rows ?? [];
    expect(
      rows.map((r) => [r.horizon, r.model_name, r.is_champion, r.has_skill, r.predicted_return]),
    ).toEqual([
      ['1m', 'naive', true, false, 0],
      ['3m', 'naive', true, false, 0],
    ]);
    expect(result.details).toMatchObject({ naive_published: 2 });
    // the report draws the table's real prices whichever model published: the naive one has no folds
    const history = JSON.parse(
      new TextDecoder().decode(await world.artifacts.read(priceHistoryKey('1m'))) || '{}',
    ) as {
      dates: string[];
      prices: number[];
      as_of_date: string;
    };
    const table = soyOil.build('1m');
    expect(history.dates).toEqual(table.dates);
    expect(history.prices).toEqual(table.columns['zl_price']);
    expect(history.as_of_date).toBe('2020-12-01');
  });

  it('publishes nothing, without failing, when no horizon can be forecast because the newest rows cannot be trusted', async () => {
    const table = soyOil.build('1m');
    const price = table.columns['zl_price'] ?? [];
    const stale = price.map((v, i) => (i >= price.length - 4 ? (price[price.length - 5] ?? v) : v));
    world.warehouse.setTrainingTable({ ...table, columns: { ...table.columns, zl_price: stale } });
    world.warehouse.removeTrainingTable('3m');
    // an expected outcome, not a broken stage: the night is judged by what it delivered (degraded)
    const result = await predict('night1', new Map());
    expect(result.status).toBe('succeeded');
    expect(result.details).toMatchObject({ published: 0 });
    expect(String((result.details?.['not_forecast'] as string[])[0])).toMatch(
      /1m: the newest trusted row, 2020-07-01, is 5 periods before/,
    );
    expect(await readPredictionsFile(world.artifacts, 'night1')).toMatchObject({ rows: [] });
    // the prices up to the newest trusted row are still there for the report's chart
    const history = JSON.parse(
      new TextDecoder().decode(await world.artifacts.read(priceHistoryKey('1m'))) || '{}',
    ) as {
      dates: string[];
    };
    expect(history.dates.at(-1)).toBe('2020-07-01');
    expect(history.dates).toEqual(table.dates.filter((d) => d <= '2020-07-01'));
  });

  it('withholds a forecast from data older than the limit on the clock, saying how old it is', async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    world.clock.set(new Date('2026-12-07T23:59:00Z')); // the table still ends in 2020-12
    const result = await predict('night2', earlier);
    expect(result.status).toBe('succeeded');
    expect(result.details).toMatchObject({
      published: 0,
      horizons: { '1m': { as_of_date: '2020-12-01', frequency: 'monthly', data_age_periods: 71 } },
    });
    expect(String((result.details?.['not_forecast'] as string[])[0])).toMatch(
      /^1m: the data is too old: the newest trusted row 2020-12-01 is 71 months old on 2026-12-07 \(limit 3/,
    );
    expect((await readPredictionsFile(world.artifacts, 'night2'))?.rows).toEqual([]);
  });

  it('publishes a forecast from old data flagged stale, with its age, when so configured', async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    world.clock.set(new Date('2026-12-07T23:59:00Z'));
    const settings = {
      ...TEST_FORECAST_SETTINGS,
      delivery: { ...TEST_FORECAST_SETTINGS.delivery, staleForecasts: 'flag' as const },
    };
    const result = await createPredictStage({ ...world, trainers: fakeTrainers(), settings })(
      stageContext({ runId: 'night2', kind: 'predict', horizons: ['1m'], earlier }),
    );
    expect(result.details).toMatchObject({
      published: 1,
      horizons: { '1m': { stale: true, data_age_periods: 71, as_of_date: '2020-12-01' } },
    });
  });

  it('records an unreadable champion.json in the run (its fallback), not only in the log', async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    await world.artifacts.write('Models/local/horizon_1m/prod/champion.json', '{ not json');
    const result = await predict('night2', earlier);
    expect(result.details).toMatchObject({ horizons: { '1m': { champion_unreadable: expect.any(String) } } });
  });

  it("uses an earlier night's champion for a horizon whose training failed tonight", async () => {
    await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    const tonight = new Map<string, StageResult>(); // train_1m failed: it has no result
    const result = await predict('night2', tonight);
    expect(result.details?.['horizons']).toMatchObject({
      '1m': { trained_tonight: false, published: { kind: 'champion', version: 'night1' } },
    });
  });

  it('publishes no forecast outside the sanity band: the naive forecast instead, the rejected one recorded', async () => {
    const earlier = await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: [] });
    // tonight the champion's library goes wild: +1000 % on every return it predicts
    const wild = fakeTrainers().map((t) => new BiasedTrainer(t, 10));
    const result = await predict('night1', earlier, wild);
    const rows = (await readPredictionsFile(world.artifacts, 'night1'))?.rows ?? [];
    expect(rows.filter((r) => r.horizon === '1m').map((r) => [r.model_name, r.is_champion])).toEqual([
      ['naive', true],
    ]);
    expect(result.details?.['horizons']).toMatchObject({
      '1m': {
        published: { kind: 'naive', reason: expect.stringMatching(/outside the sanity band/) },
        rejected: [
          expect.objectContaining({ model: 'lightgbm' }),
          expect.objectContaining({ model: 'xgboost' }),
        ],
      },
    });
  });
});
