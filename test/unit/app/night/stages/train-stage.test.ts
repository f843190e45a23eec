import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../../src/app/night/train/model-registry.js';
import {
  createTrainStage,
  type TrainStageDeps,
  type TrainStageSettings,
} from '../../../../../src/app/night/stages/train-stage.js';
import {
  LibraryMissingError,
  StageTimeoutError,
  TrainingFailedError,
} from '../../../../../src/domain/errors.js';
import type { Horizon } from '../../../../../src/domain/horizon.js';
import { exportManifestKey } from '../../../../../src/domain/layout.js';
import {
  isBlockedTraining,
  type PromotionSummary,
  type TrainDetails,
} from '../../../../../src/domain/night/stage-details.js';
import type { ModelTrainer } from '../../../../../src/ports/model-trainer.port.js';
import { FakeArtifactStore } from '../../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../../src/testing/fake-clock.js';
import { FakeModelTrainer } from '../../../../../src/testing/fake-model-trainer.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { BiasedTrainer, fakeTrainers, TEST_TRAIN_SETTINGS } from '../../../../support/ml-night.js';

/** The details of a horizon that trained (the test fails when it was blocked or reported none). */
function trained(details: TrainDetails | undefined): Exclude<TrainDetails, { readonly quality: 'blocked' }> {
  if (details === undefined || isBlockedTraining(details)) throw new Error('the horizon did not train');
  return details;
}

/** The promotion decided by a horizon trained tonight (the test fails when it reused its models). */
function promotion(details: TrainDetails | undefined): PromotionSummary {
  const done = trained(details);
  if (done.reused) throw new Error('the horizon reused its models');
  return done;
}

describe('createTrainStage', () => {
  let allHistory: SoyOilTableBuilder;
  let soyOil: SoyOilTableBuilder;
  let warehouse: FakeWarehouse;
  let artifacts: FakeArtifactStore;
  let clock: FakeClock;
  const deps = (
    models: readonly ModelTrainer[],
    overrides: Partial<TrainStageSettings> = {},
  ): TrainStageDeps => ({
    warehouse,
    artifacts,
    trainers: models,
    clock,
    settings: { ...TEST_TRAIN_SETTINGS, ...overrides },
  });
  const run = (
    runId: string,
    models: readonly ModelTrainer[],
    horizon: Horizon = '1m',
    overrides: Partial<TrainStageSettings> = {},
  ) => createTrainStage(deps(models, overrides))(stageContext({ runId, kind: 'train', horizon }));

  beforeAll(async () => {
    allHistory = await SoyOilTableBuilder.load();
    soyOil = allHistory.between('2005-01-01', '2020-12-01'); // 192 real months
  });
  beforeEach(() => {
    warehouse = new FakeWarehouse([soyOil.build('1m'), soyOil.build('3m')]);
    artifacts = new FakeArtifactStore();
    clock = new FakeClock('2026-11-29T23:59:00Z');
  });

  it('trains every library on each walk-forward fold, saves versions and makes the best the first champion', async () => {
    const models = fakeTrainers();
    const result = await run('20261129_235900', models);
    expect(result.status).toBe('succeeded');
    const details = result.details ?? {};
    expect(details).toMatchObject({
      horizon: '1m',
      folds: 6,
      first_fold: '2020-06-01',
      last_fold: '2020-11-01',
      rows: 192,
      promoted: true,
    });
    // 6 folds + the final model per library
    expect(models.map((m) => m.trainCalls.length)).toEqual([7, 7]);
    // the final model trains on every row with a known target: all but the newest month
    expect(models[0]?.trainCalls.map((c) => c.labels.length)).toContain(191);
    const registry = new ModelRegistry(artifacts);
    for (const library of ['lightgbm', 'xgboost']) {
      const metadata = await registry.metadata('1m', library, '20261129_235900');
      expect(metadata?.folds).toHaveLength(6);
      expect(metadata?.feature_names).toEqual([
        'zl_ret_1',
        'zl_ret_3',
        'psoybusdm_level',
        'psmeausdm_chg_1',
        'poilwtiusdm_chg_1',
        'spread_zl_palm',
      ]);
      expect(metadata?.metrics.mape).toBeGreaterThan(0);
      expect(metadata?.metrics.naive_mape).toBeGreaterThan(0);
      expect(metadata?.last_date).toBe('2020-11-01');
      expect(
        await artifacts.exists(
          `Models/local/horizon_1m/prod/${library}/20261129_235900/model.${library === 'lightgbm' ? 'txt' : 'json'}`,
        ),
      ).toBe(true);
    }
    const champion = await registry.championRecord('1m');
    expect(champion?.version).toBe('20261129_235900');
    expect(champion?.reason).toMatch(/first model/);
  });

  it("records the export manifest's content hash and the data hash in the metadata", async () => {
    await artifacts.write(exportManifestKey('1m'), JSON.stringify({ rows: 192, content_hash: 'ab12' }));
    const result = await run('20261129_235900', fakeTrainers());
    const metadata = await new ModelRegistry(artifacts).metadata('1m', 'xgboost', '20261129_235900');
    expect(metadata?.export_hash).toBe('ab12');
    expect(metadata?.data_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.details).toMatchObject({ export_hash: 'ab12', data_hash: metadata?.data_hash });
  });

  it('scores the naive forecast on the same folds as the models', async () => {
    await run('20261129_235900', fakeTrainers());
    const metadata = await new ModelRegistry(artifacts).metadata('1m', 'lightgbm', '20261129_235900');
    const folds = metadata?.folds ?? [];
    // naive = no change: its error on each fold is |actual - current| / actual, from the real prices
    const naive = folds.map((f) => (100 * Math.abs(f.actual_price - f.current_price)) / f.actual_price);
    expect(metadata?.metrics.naive_mape).toBeCloseTo(naive.reduce((s, v) => s + v, 0) / naive.length, 10);
    const table = soyOil.build('1m');
    for (const fold of folds) {
      const row = table.dates.indexOf(fold.cut_date);
      expect(fold.current_price).toBe(table.columns['zl_price']?.[row]);
      expect(fold.actual_price).toBe(table.columns['zl_price']?.[row + 1]);
    }
  });

  it('keeps the champion when the challenger is worse on the same folds', async () => {
    await run('20261128_235900', fakeTrainers());
    const before = await new ModelRegistry(artifacts).championRecord('1m');
    const worse = fakeTrainers().map((t) => new BiasedTrainer(t, -0.01)); // -1 % on every return forecast: worse, still better than no change
    const result = await run('20261129_235900', worse);
    expect(result.status).toBe('succeeded');
    expect(result.details).toMatchObject({ promoted: false, compared_folds: 6 });
    expect(String(promotion(result.details).promotion_reason)).toMatch(/champion kept/);
    expect(await new ModelRegistry(artifacts).championRecord('1m')).toEqual(before);
    // the challengers' versions are still saved, with their (worse) metrics
    expect(await new ModelRegistry(artifacts).versions('1m', 'lightgbm')).toEqual([
      '20261128_235900',
      '20261129_235900',
    ]);
  });

  it('keeps the champion when no challenger beats the naive forecast, and says so', async () => {
    await run('20261128_235900', fakeTrainers());
    const before = await new ModelRegistry(artifacts).championRecord('1m');
    const result = await run(
      '20261129_235900',
      fakeTrainers().map((t) => new BiasedTrainer(t, 0.2)), // +20 %: far worse than no change
    );
    expect(result.details).toMatchObject({
      promoted: false,
      models: [
        expect.objectContaining({ model: 'lightgbm', has_skill: false }),
        expect.objectContaining({ model: 'xgboost', has_skill: false }),
      ],
    });
    expect(String(promotion(result.details).promotion_reason)).toMatch(
      /no challenger beats the naive forecast/,
    );
    expect(await new ModelRegistry(artifacts).championRecord('1m')).toEqual(before);
  });

  it('promotes a challenger that beats the champion on the same folds by the tolerance', async () => {
    await run(
      '20261128_235900',
      fakeTrainers().map((t) => new BiasedTrainer(t, 0.1)),
    );
    const result = await run('20261129_235900', fakeTrainers());
    expect(result.details).toMatchObject({ promoted: true });
    expect((await new ModelRegistry(artifacts).championRecord('1m'))?.version).toBe('20261129_235900');
  });

  it('keeps the champion and fails the stage when every library fails to train', async () => {
    await run('20261128_235900', fakeTrainers());
    const before = await new ModelRegistry(artifacts).championRecord('1m');
    const failing = fakeTrainers({ failTrain: { count: 100, transient: false } });
    await expect(run('20261129_235900', failing)).rejects.toBeInstanceOf(TrainingFailedError);
    expect(await new ModelRegistry(artifacts).championRecord('1m')).toEqual(before);
    expect(await new ModelRegistry(artifacts).versions('1m', 'lightgbm')).toEqual(['20261128_235900']);
  });

  it('is partial with the libraries that trained when one fails, and names the failed library', async () => {
    const models = [
      new FakeModelTrainer({ library: 'lightgbm' }),
      new FakeModelTrainer({ library: 'xgboost', failTrain: { count: 1, transient: false } }),
    ];
    const result = await run('20261129_235900', models);
    expect(result).toMatchObject({
      status: 'partial',
      problem: { code: 'TRAINING_FAILED', message: expect.stringMatching(/^xgboost failed for 1m: /) },
    });
    expect(trained(result.details).models).toMatchObject([
      { model: 'lightgbm', status: 'trained' },
      { model: 'xgboost', status: 'failed', error: expect.stringContaining('injected') },
    ]);
    expect((await new ModelRegistry(artifacts).championRecord('1m'))?.model_name).toBe('lightgbm');
  });

  it('retries a job that failed transiently (a worker killed from outside) and then succeeds', async () => {
    const models = [
      new FakeModelTrainer({ library: 'lightgbm', failTrain: { count: 1, transient: true } }),
      new FakeModelTrainer({ library: 'xgboost' }),
    ];
    const result = await run('20261129_235900', models);
    expect(result.status).toBe('succeeded');
    expect(trained(result.details).models).toMatchObject([
      { model: 'lightgbm', status: 'trained' },
      { model: 'xgboost', status: 'trained' },
    ]);
  });

  it('records a hung library as failed (its job killed at the timeout) and goes on with the other', async () => {
    const models = [
      new FakeModelTrainer({ library: 'lightgbm', hang: true }),
      new FakeModelTrainer({ library: 'xgboost' }),
    ];
    const result = await run('20261129_235900', models, '1m', { jobTimeoutMs: 50 });
    expect(trained(result.details).models).toMatchObject([
      { model: 'lightgbm', status: 'failed', error: expect.stringContaining('timed out') },
      { model: 'xgboost', status: 'trained' },
    ]);
  });

  it('fails with the timeout when every library hangs', async () => {
    await expect(
      run('20261129_235900', fakeTrainers({ hang: true }), '1m', { jobTimeoutMs: 50 }),
    ).rejects.toBeInstanceOf(StageTimeoutError);
  });

  it('throws the missing-library error when no library can be loaded', async () => {
    await expect(run('20261129_235900', fakeTrainers({ missingLibrary: true }))).rejects.toBeInstanceOf(
      LibraryMissingError,
    );
  });

  it('skips 1w on monthly data with the reason', async () => {
    const result = await run('20261129_235900', fakeTrainers(), '1w');
    expect(result).toEqual({ status: 'skipped', reason: 'not supported at monthly resolution' });
  });

  it('does not repeat a training of the same data and settings within the reuse window', async () => {
    await run('20261129_235900', fakeTrainers(), '3m', { reuseWithinMs: 6 * 3_600_000 });
    clock.advance(2 * 3_600_000);
    const again = fakeTrainers();
    const result = await run('20261130_015900', again, '3m', { reuseWithinMs: 6 * 3_600_000 });
    expect(result).toMatchObject({
      status: 'succeeded',
      details: { reused: true, champion: { version: '20261129_235900' } },
    });
    expect(again.map((m) => m.trainCalls.length)).toEqual([0, 0]);
  });

  it('retrains only the library that failed in an earlier run of the same data', async () => {
    const first = [
      new FakeModelTrainer({ library: 'lightgbm', failTrain: { count: 1, transient: false } }),
      new FakeModelTrainer({ library: 'xgboost' }),
    ];
    await run('20261129_235900', first, '3m', { reuseWithinMs: 6 * 3_600_000 });
    clock.advance(3_600_000);
    const again = fakeTrainers();
    const result = await run('20261130_005900', again, '3m', { reuseWithinMs: 6 * 3_600_000 });
    expect(again.map((m) => m.trainCalls.length)).toEqual([7, 0]);
    expect(result.details).toMatchObject({
      reused: false,
      models: [
        { model: 'lightgbm', status: 'trained', version: '20261130_005900' },
        { model: 'xgboost', status: 'reused', version: '20261129_235900' },
      ],
    });
  });

  it('retrains when the data changed since the last training', async () => {
    await run('20261129_235900', fakeTrainers(), '3m', { reuseWithinMs: 6 * 3_600_000 });
    warehouse.setTrainingTable(allHistory.between('2005-01-01', '2021-01-01').build('3m')); // one more real month
    const again = fakeTrainers();
    const result = await run('20261130_015900', again, '3m', { reuseWithinMs: 6 * 3_600_000 });
    expect(result.details).toMatchObject({ reused: false });
    expect(again.map((m) => m.trainCalls.length)).toEqual([7, 7]);
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    const stage = createTrainStage(deps(fakeTrainers()));
    await expect(
      stage(stageContext({ runId: 'r', kind: 'train', horizon: '1m', signal: controller.signal })),
    ).rejects.toThrow();
    expect(await artifacts.list('Models/local')).toEqual([]);
  });
});
