import { z } from 'zod';
import { MODEL_LIBRARIES, type ModelLibrary } from '../../domain/model/model.js';
import type { TableSettings } from '../night/table/audit-horizon.js';
import type { LibrarySettings, TrainStageSettings } from '../night/stages/train-stage.js';

const MINUTE = 60_000;

/** Library parameters exactly as the library names them. */
const boosterParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** One library's part of a preset: boosting rounds and parameters (the seed is added from `seed`). */
const libraryPresetSchema = z.object({
  rounds: z.number().int().min(1).optional(),
  /** Merged over the built-in parameters: a key set here replaces that key only. */
  params: boosterParamsSchema.optional(),
});

const presetOverrideSchema = z.object({
  lightgbm: libraryPresetSchema.optional(),
  xgboost: libraryPresetSchema.optional(),
});

/** Booster libraries, presets and resources. Owned by the training feature. */
export const trainingConfigSchema = z
  .object({
    /** `embedded`: fast, for the embedded default; `seed`: the original system's hyperparameters. */
    preset: z.enum(['embedded', 'seed']).default('embedded'),
    libraries: z
      .array(z.enum(MODEL_LIBRARIES))
      .min(1)
      .default([...MODEL_LIBRARIES]),
    lightgbmLib: z.string().optional(),
    xgboostLib: z.string().optional(),
    /** Where `npm run provision` builds LightGBM; default `~/.cache/cbi-autopilot` (CBI_CACHE_DIR). */
    cacheDir: z.string().optional(),
    /** Threads for all concurrent jobs together; 0 means all cores. */
    threads: z.number().int().min(0).default(0),
    seed: z.number().int().min(0).default(42),
    /**
     * Walk-forward: the calendar periods (of about `foldRows` rows: a month, a quarter) holding
     * the newest K x `foldRows` labelled rows, one fold each, by the data's frequency
     * (docs/models.md). A number sets K for both. Monthly: 12 folds of a month;
     * daily: 4 folds of 63 trading days, the same year of validation rows as 12 monthly refits at
     * a third of the trainings (DART's cost grows with the square of its rounds).
     */
    folds: z
      .union([
        z.number().int().min(1).max(240),
        z.object({
          monthly: z.number().int().min(1).max(240).default(12),
          daily: z.number().int().min(1).max(240).default(4),
        }),
      ])
      .default({ monthly: 12, daily: 4 })
      .transform((folds) => (typeof folds === 'number' ? { monthly: folds, daily: folds } : folds)),
    /** Validation rows per fold: a month of a monthly table, a quarter of trading days of a daily one. */
    foldRows: z
      .object({
        monthly: z.number().int().min(1).max(120).default(1),
        daily: z.number().int().min(1).max(2520).default(63),
      })
      .prefault({}),
    /** A walk-forward fold with fewer training rows than this is dropped. */
    minTrainRows: z.number().int().min(10).default(60),
    /** A challenger replaces the champion only when its MAPE on the same folds is below champion x (1 - this). */
    promotionTolerance: z.number().min(0).max(0.5).default(0.01),
    /**
     * The skill gate: a model has skill when its walk-forward MAPE < naive MAPE x (1 - margin),
     * its errors beat naive's in a one-sided Diebold-Mariano test at `alpha`, on at least
     * `minIndependentForecasts` forecasts / h, and its MAPE is not below naive x `leakageRatio`
     * (suspected leakage); only such a model is promoted, and what a horizon without one
     * publishes (docs/models.md).
     */
    skill: z
      .object({
        margin: z.number().min(0).max(0.5).default(0),
        onNoSkill: z.enum(['naive', 'keep_champion']).default('naive'),
        alpha: z.number().gt(0).max(1).default(0.05),
        minIndependentForecasts: z.number().min(0).max(10_000).default(10),
        leakageRatio: z.number().min(0).max(1).default(0.5),
      })
      .prefault({}),
    /**
     * Each published forecast's prediction interval: split conformal from the walk-forward errors
     * at its horizon, at this nominal coverage (docs/models.md); the evaluate stage measures the
     * real coverage on matured forecasts.
     */
    interval: z.object({ level: z.number().gt(0).lt(1).default(0.8) }).prefault({}),
    /**
     * Training jobs (folds, final models) run at once; `threads` is split between them. 0: one job
     * per thread of the budget, each with one thread (bench/thread-budget.bench.mjs: on these
     * tables a second thread per job gained nothing, a second job at once doubled the pace).
     */
    parallelJobs: z.number().int().min(0).max(64).default(0),
    /** One training or prediction job is killed past this (a training job with no earlier cost measured). */
    jobTimeoutMinutes: z.number().positive().max(1440).default(20),
    /**
     * A training job whose library trained the horizon before with the same settings is given
     * `factor` x what its rows cost then, within [floorMinutes, ceilingMinutes] (docs/boosters.md,
     * "Job timeouts"): a slow night is not killed at a fixed limit, a hung job is caught early.
     */
    jobTimeout: z
      .object({
        factor: z.number().min(1).max(100).default(4),
        floorMinutes: z.number().positive().max(1440).default(5),
        ceilingMinutes: z.number().positive().max(1440).default(60),
      })
      .prefault({}),
    /** A horizon trained on the same data and settings less than this long ago is reused, not retrained (0: never). */
    reuseWithinHours: z.number().min(0).max(72).default(12),
    /**
     * Trained models kept from night to night (`Models/fold_cache`), by the key of what trained
     * them: a walk-forward fold whose rows did not change is loaded, not trained again
     * (docs/models.md, "Trained once"). Past `maxEntries` or `maxMegabytes` the least recently
     * used go; retention removes those unused for `retention.foldCacheDays`.
     */
    foldCache: z
      .object({
        enabled: z.boolean().default(true),
        maxEntries: z.number().int().min(1).default(500),
        maxMegabytes: z.number().positive().default(2048),
      })
      .prefault({}),
    /** Per-preset overrides of rounds and parameters, e.g. `{ "seed": { "xgboost": { "rounds": 800 } } }`. */
    presets: z
      .object({ embedded: presetOverrideSchema.optional(), seed: presetOverrideSchema.optional() })
      .default({}),
  })
  .prefault({});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
export type TrainingPresetName = TrainingConfig['preset'];
export type BoosterLibraryName = TrainingConfig['libraries'][number];

/** Rounds and parameters for one library, ready for a TrainRequest. */
export interface LibraryPreset {
  readonly rounds: number;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Settings that make a run repeatable: same data + seed give byte-identical models. The seed
 * itself is passed with each TrainRequest (`seed`), which the adapters write into the library's
 * `seed` parameter (LightGBM derives its bagging, feature and drop seeds from it).
 */
const LIGHTGBM_BASE = {
  objective: 'regression',
  verbosity: -1,
  deterministic: true,
  force_row_wise: true,
} as const;
const XGBOOST_BASE = { objective: 'reg:squarederror', verbosity: 0 } as const;

/** The built-in presets. `seed` is the original Python system's hyperparameters, unchanged. */
export const BUILT_IN_PRESETS: Readonly<
  Record<TrainingPresetName, Readonly<Record<BoosterLibraryName, LibraryPreset>>>
> = {
  seed: {
    lightgbm: {
      rounds: 1500,
      params: {
        ...LIGHTGBM_BASE,
        boosting: 'dart',
        num_leaves: 31,
        max_depth: 6,
        learning_rate: 0.05,
        feature_fraction: 0.8,
        bagging_fraction: 0.8,
        bagging_freq: 1, // bagging is off in LightGBM unless a frequency is set
        min_data_in_leaf: 100,
        drop_rate: 0.1,
        max_drop: 50,
        skip_drop: 0.5,
      },
    },
    xgboost: {
      rounds: 1500,
      params: {
        ...XGBOOST_BASE,
        booster: 'dart',
        max_depth: 8,
        eta: 0.03,
        subsample: 0.8,
        colsample_bytree: 0.8,
        min_child_weight: 3,
        tree_method: 'hist',
        rate_drop: 0.1,
        skip_drop: 0.5,
      },
    },
  },
  /** For the embedded default: ~420 monthly rows x ~60 features, many folds, minutes not hours. */
  embedded: {
    lightgbm: {
      rounds: 200,
      params: {
        ...LIGHTGBM_BASE,
        boosting: 'dart',
        num_leaves: 15,
        max_depth: 4,
        learning_rate: 0.1,
        feature_fraction: 0.8,
        bagging_fraction: 0.8,
        bagging_freq: 1,
        min_data_in_leaf: 20, // 100 would leave a 400-row fold with a handful of leaves
        drop_rate: 0.1,
        max_drop: 50,
        skip_drop: 0.5,
      },
    },
    xgboost: {
      rounds: 200, // XGBoost DART re-predicts all trees every round: cost grows with rounds squared
      params: {
        ...XGBOOST_BASE,
        booster: 'dart',
        max_depth: 4,
        eta: 0.1,
        subsample: 0.8,
        colsample_bytree: 0.8,
        min_child_weight: 3,
        tree_method: 'hist',
        rate_drop: 0.1,
        skip_drop: 0.5,
      },
    },
  },
};

/** The configured preset for one library: built-in values with the config's overrides on top. */
export function presetFor(training: TrainingConfig, library: BoosterLibraryName): LibraryPreset {
  const builtIn = BUILT_IN_PRESETS[training.preset][library];
  const override = training.presets[training.preset]?.[library];
  return {
    rounds: override?.rounds ?? builtIn.rounds,
    params: { ...builtIn.params, ...override?.params },
  };
}

/**
 * The train stage's settings from the training config: what the composition root gives the stage,
 * and what the benches use, so a bench trains exactly as a night does. `cores`: the machine's
 * (used when `threads` is 0, all of them).
 */
export function trainStageSettings(
  training: TrainingConfig,
  table: TableSettings,
  cores: number,
): TrainStageSettings {
  const budget = training.threads > 0 ? training.threads : Math.max(1, cores);
  const libraries: Partial<Record<ModelLibrary, LibrarySettings>> = {};
  for (const library of MODEL_LIBRARIES)
    if (training.libraries.includes(library)) libraries[library] = presetFor(training, library);
  return {
    folds: training.folds,
    foldRows: training.foldRows,
    skill: training.skill,
    table,
    minTrainRows: training.minTrainRows,
    promotionTolerance: training.promotionTolerance,
    parallelJobs: training.parallelJobs > 0 ? training.parallelJobs : budget,
    threads: budget,
    jobTimeoutMs: training.jobTimeoutMinutes * MINUTE,
    jobTimeout: {
      factor: training.jobTimeout.factor,
      floorMs: training.jobTimeout.floorMinutes * MINUTE,
      ceilingMs: training.jobTimeout.ceilingMinutes * MINUTE,
    },
    seed: training.seed,
    libraries,
    reuseWithinMs: training.reuseWithinHours * 60 * MINUTE,
  };
}
