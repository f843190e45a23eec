import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { LightGbmNative } from '../../src/adapters/booster/lightgbm/lightgbm-native.js';
import { librarySearch, locateLibrary } from '../../src/adapters/booster/locate-library.js';
import { xgBoostDriver } from '../../src/adapters/booster/xgboost/xgboost-driver.js';
import { XgBoostNative } from '../../src/adapters/booster/xgboost/xgboost-native.js';
import { BUILT_IN_PRESETS } from '../../src/app/config/training-config.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { BoosterMatrixBuilder, type BoosterDataset } from '../builders/booster-matrix.builder.js';
import {
  cacheDir,
  libraryAbsence,
  libsvmUri,
  lightGbmCli,
  readPredictions,
  runLightGbmCli,
  runXgBoostCli,
  writeCsv,
  writeLibsvm,
  xgBoostsUnderTest,
} from '../support/booster-cli.js';

const SEED = 42;
const lightGbmSkip =
  libraryAbsence('lightgbm') ?? (lightGbmCli() === undefined ? 'LightGBM CLI not provisioned' : undefined);

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i += 1) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? Number.NaN)));
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}

let data: BoosterDataset;
let dir: string;
beforeAll(async () => {
  data = (await BoosterMatrixBuilder.load()).build();
  dir = await mkdtemp(join(tmpdir(), 'cbi-formats-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(lightGbmSkip !== undefined)(
  `LightGBM model file${lightGbmSkip === undefined ? '' : ` (skipped: ${lightGbmSkip})`}`,
  { timeout: 120_000 },
  () => {
    const preset = BUILT_IN_PRESETS.embedded.lightgbm;

    it('is what the library itself saves, and predicts after reload exactly as in the training session', async () => {
      const native = LightGbmNative.load(locateLibrary(librarySearch(lightGbmDriver, { cacheDir })).path);
      const booster = native.train({
        ...data.features,
        values: data.features.values,
        labels: data.labels,
        params: lightGbmDriver.params(preset.params, { seed: SEED, threads: 1, labels: data.labels }),
        rounds: preset.rounds,
      });
      const { values, rows, cols, featureNames } = data.features;
      const inSession = booster.predict(values, rows, cols, 1, featureNames);
      const saved = booster.save();
      booster.free();

      const trainer = new ChildProcessTrainer(lightGbmDriver, { cacheDir }, new FakeLogger());
      const model = await trainer.train({
        features: data.features,
        labels: data.labels,
        params: preset.params,
        rounds: preset.rounds,
        seed: SEED,
        threads: 1,
        timeoutMs: 60_000,
      });
      expect(Buffer.from(model.content).equals(Buffer.from(saved))).toBe(true);
      const reloaded = await trainer.predict({
        model,
        features: data.features,
        threads: 1,
        timeoutMs: 60_000,
      });
      expect(reloaded).toEqual(inSession);
    });

    it('loads in the LightGBM CLI, which predicts the same values', async () => {
      const trainer = new ChildProcessTrainer(lightGbmDriver, { cacheDir }, new FakeLogger());
      const model = await trainer.train({
        features: data.features,
        labels: data.labels,
        params: preset.params,
        rounds: preset.rounds,
        seed: SEED,
        threads: 1,
        timeoutMs: 60_000,
      });
      const ours = await trainer.predict({ model, features: data.features, threads: 1, timeoutMs: 60_000 });
      await writeFile(join(dir, 'model.txt'), model.content);
      await writeCsv(join(dir, 'data.csv'), data.features, data.labels);
      await runLightGbmCli(
        lightGbmCli() ?? 'lightgbm',
        {
          task: 'predict',
          data: 'data.csv',
          header: false,
          label_column: 0,
          input_model: 'model.txt',
          output_result: 'cli-predictions.txt',
          num_threads: 1,
        },
        dir,
      );
      const cli = await readPredictions(join(dir, 'cli-predictions.txt'));
      expect(cli).toHaveLength(data.features.rows);
      // The CLI prints 17 significant digits: the same doubles.
      expect(maxAbsDiff(cli, ours)).toBeLessThan(1e-12);
    });
  },
);

for (const xgboost of xgBoostsUnderTest())
  describe.skipIf(xgboost.skip !== undefined)(
    `XGBoost model file, ${xgboost.name}${xgboost.skip === undefined ? '' : ` (skipped: ${xgboost.skip})`}`,
    { timeout: 120_000 },
    () => {
      const preset = BUILT_IN_PRESETS.embedded.xgboost;

      it('is what the library itself saves, and predicts after reload exactly as in the training session', async () => {
        const native = XgBoostNative.load(xgboost.path ?? '');
        const booster = native.train({
          ...data.features,
          labels: data.labels,
          params: xgBoostDriver.params(preset.params, { seed: SEED, threads: 1, labels: data.labels }),
          rounds: preset.rounds,
        });
        const { values, rows, cols, featureNames } = data.features;
        const inSession = booster.predict(values, rows, cols, 1, featureNames);
        const saved = booster.save();
        booster.free();

        const trainer = new ChildProcessTrainer(
          xgBoostDriver,
          { libraryPath: xgboost.path, cacheDir },
          new FakeLogger(),
        );
        const model = await trainer.train({
          features: data.features,
          labels: data.labels,
          params: preset.params,
          rounds: preset.rounds,
          seed: SEED,
          threads: 1,
          timeoutMs: 60_000,
        });
        expect(Buffer.from(model.content).equals(Buffer.from(saved))).toBe(true);
        expect(JSON.parse(new TextDecoder().decode(model.content))).toHaveProperty('learner.feature_names', [
          ...featureNames,
        ]);
        const reloaded = await trainer.predict({
          model,
          features: data.features,
          threads: 1,
          timeoutMs: 60_000,
        });
        expect(reloaded).toEqual(inSession);
      });

      // The reference: the version's own CLI (1.7 has one; 3.x ships none, and no Python here).
      it.skipIf(xgboost.cli === undefined)(
        `loads as JSON in that version's own xgboost CLI, which predicts the same values${xgboost.cli === undefined ? ' (skipped: this version ships no CLI: XGBoost 3.x has none, and no Python here)' : ''}`,
        async () => {
          const trainer = new ChildProcessTrainer(
            xgBoostDriver,
            { libraryPath: xgboost.path, cacheDir },
            new FakeLogger(),
          );
          const model = await trainer.train({
            features: data.features,
            labels: data.labels,
            params: preset.params,
            rounds: preset.rounds,
            seed: SEED,
            threads: 1,
            timeoutMs: 60_000,
          });
          const ours = await trainer.predict({
            model,
            features: data.features,
            threads: 1,
            timeoutMs: 60_000,
          });
          await writeFile(join(dir, 'model.json'), model.content);
          await writeLibsvm(join(dir, 'data.libsvm'), data.features, data.labels);
          await runXgBoostCli(
            xgboost.cli ?? 'xgboost',
            { booster: 'dart', nthread: 1 },
            {
              task: 'pred',
              model_in: 'model.json',
              'test:data': libsvmUri('data.libsvm'),
              name_pred: 'cli-pred.txt',
            },
            dir,
          );
          const cli = await readPredictions(join(dir, 'cli-pred.txt'));
          expect(cli).toHaveLength(data.features.rows);
          // XGBoost predicts in float32; its CLI prints 9 significant digits.
          const scale = Math.max(...Array.from(ours, Math.abs));
          expect(maxAbsDiff(cli, ours)).toBeLessThan(scale * 1e-6);
        },
      );
    },
  );
