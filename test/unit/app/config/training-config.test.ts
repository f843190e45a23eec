import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PRESETS,
  presetFor,
  trainingConfigSchema,
  trainStageSettings,
} from '../../../../src/app/config/training-config.js';
import { qualityConfigSchema } from '../../../../src/app/config/quality-config.js';
import { sourceConfigSchema } from '../../../../src/app/config/source-config.js';

describe('training presets', () => {
  it('keep the seed system hyperparameters for LightGBM DART, with bagging really on', () => {
    expect(BUILT_IN_PRESETS.seed.lightgbm).toEqual({
      rounds: 1500,
      params: expect.objectContaining({
        boosting: 'dart',
        num_leaves: 31,
        max_depth: 6,
        learning_rate: 0.05,
        feature_fraction: 0.8,
        bagging_fraction: 0.8,
        bagging_freq: 1,
        min_data_in_leaf: 100,
        drop_rate: 0.1,
        max_drop: 50,
        skip_drop: 0.5,
        deterministic: true,
        force_row_wise: true,
      }),
    });
  });

  it('keep the seed system hyperparameters for XGBoost DART', () => {
    expect(BUILT_IN_PRESETS.seed.xgboost).toEqual({
      rounds: 1500,
      params: expect.objectContaining({
        booster: 'dart',
        max_depth: 8,
        eta: 0.03,
        subsample: 0.8,
        colsample_bytree: 0.8,
        min_child_weight: 3,
        tree_method: 'hist',
        rate_drop: 0.1,
        skip_drop: 0.5,
      }),
    });
  });

  it('default to the embedded preset, with leaves small enough for ~400 monthly rows', () => {
    const training = trainingConfigSchema.parse({});
    expect(training.preset).toBe('embedded');
    const lightgbm = presetFor(training, 'lightgbm');
    expect(lightgbm.rounds).toBeLessThan(1500);
    expect(Number(lightgbm.params['min_data_in_leaf'])).toBeLessThanOrEqual(40);
    expect(presetFor(training, 'xgboost').params['booster']).toBe('dart');
  });

  it('merge config overrides key by key over the built-in preset', () => {
    const training = trainingConfigSchema.parse({
      preset: 'seed',
      presets: { seed: { xgboost: { rounds: 800, params: { eta: 0.05 } } } },
    });
    const xgboost = presetFor(training, 'xgboost');
    expect(xgboost.rounds).toBe(800);
    expect(xgboost.params['eta']).toBe(0.05);
    expect(xgboost.params['max_depth']).toBe(8);
    expect(presetFor(training, 'lightgbm')).toEqual(BUILT_IN_PRESETS.seed.lightgbm);
  });
});

describe('the thread budget of a train stage', () => {
  const table = {
    quality: qualityConfigSchema.parse({}),
    roles: sourceConfigSchema.parse({}).columns,
  };
  const split = (training: unknown, cores: number) => {
    const settings = trainStageSettings(trainingConfigSchema.parse(training), table, cores);
    return { jobs: settings.parallelJobs, threads: settings.threads };
  };

  it('runs one job per core by default, each with one thread (bench/thread-budget.bench.mjs)', () => {
    expect(split({}, 2)).toEqual({ jobs: 2, threads: 2 });
    expect(split({}, 10)).toEqual({ jobs: 10, threads: 10 });
    expect(split({}, 1)).toEqual({ jobs: 1, threads: 1 });
  });

  it('runs one job per thread of a budget the config sets, and as many jobs as it says', () => {
    expect(split({ threads: 4 }, 10)).toEqual({ jobs: 4, threads: 4 });
    expect(split({ parallelJobs: 2 }, 10)).toEqual({ jobs: 2, threads: 10 });
    expect(split({ parallelJobs: 3, threads: 6 }, 10)).toEqual({ jobs: 3, threads: 6 });
  });

  it('refuses a negative number of jobs', () => {
    expect(trainingConfigSchema.safeParse({ parallelJobs: -1 }).success).toBe(false);
  });
});
