import { BUILT_IN_PRESETS } from '../../src/app/config/training-config.js';
import { DEFAULT_DELIVERY_POLICY } from '../../src/domain/night/night-delivery.js';
import { createEvaluateStage } from '../../src/app/night/stages/evaluate-stage.js';
import { createPredictStage, type PredictStageSettings } from '../../src/app/night/stages/predict-stage.js';
import { createTrainStage, type TrainStageSettings } from '../../src/app/night/stages/train-stage.js';
import { createUploadStage } from '../../src/app/night/stages/upload-stage.js';
import type { StageResult } from '../../src/app/night/stage.js';
import type { Horizon } from '../../src/domain/horizon.js';
import type { ArtifactStore } from '../../src/ports/artifact-store.port.js';
import type { ModelTrainer, PredictRequest, TrainRequest } from '../../src/ports/model-trainer.port.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeModelTrainer, type FakeModelTrainerOptions } from '../../src/testing/fake-model-trainer.js';
import { FakeWarehouse } from '../../src/testing/fake-warehouse.js';
import type { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { tableSettings } from './table-settings.js';

/**
 * The skill gate reduced to its MAPE comparison (any p-value below 1, no minimum of independent
 * forecasts, no leakage ratio): for the tests of promotion and publication mechanics on a few
 * monthly folds. The test of skill has its own cases (skill-test.test.ts).
 */
export const MAPE_ONLY_SKILL = {
  margin: 0,
  onNoSkill: 'naive',
  alpha: 1,
  minIndependentForecasts: 0,
  leakageRatio: 0,
} as const;

/** The skill gate as configured by default (docs/models.md). */
export const DEFAULT_SKILL = {
  margin: 0,
  onNoSkill: 'naive',
  alpha: 0.05,
  minIndependentForecasts: 10,
  leakageRatio: 0.5,
} as const;

/** Small, fast settings for the fake learner; the quality gate and roles as configured by default, the skill gate as its MAPE comparison. */
export const TEST_TRAIN_SETTINGS: TrainStageSettings = {
  folds: { monthly: 6, daily: 4 },
  foldRows: { monthly: 1, daily: 21 },
  minTrainRows: 36,
  promotionTolerance: 0.01,
  skill: MAPE_ONLY_SKILL,
  parallelJobs: 2,
  threads: 2,
  jobTimeoutMs: 60_000,
  seed: 42,
  libraries: { lightgbm: { rounds: 10, params: {} }, xgboost: { rounds: 10, params: {} } },
  reuseWithinMs: 0,
  table: tableSettings(),
};

/**
 * The embedded preset's real boosters on a daily table, as a night trains it by default: four
 * walk-forward folds of a quarter (63 trading days), the skill gate as configured, two places.
 */
export const EMBEDDED_DAILY_SETTINGS: TrainStageSettings = {
  ...TEST_TRAIN_SETTINGS,
  folds: { monthly: 12, daily: 4 },
  foldRows: { monthly: 1, daily: 63 },
  minTrainRows: 60,
  skill: DEFAULT_SKILL,
  jobTimeoutMs: 600_000,
  libraries: BUILT_IN_PRESETS.embedded,
};

/** What the predict stage is given in these tests: the same gates, the default sanity band. */
export const TEST_FORECAST_SETTINGS: PredictStageSettings = {
  threads: 1,
  jobTimeoutMs: 60_000,
  table: tableSettings(),
  skill: TEST_TRAIN_SETTINGS.skill,
  band: { factor: 1.5 },
  intervalLevel: 0.8,
  delivery: DEFAULT_DELIVERY_POLICY,
};

/** One fake trainer per library, each with `options`. */
export function fakeTrainers(options: FakeModelTrainerOptions = {}): FakeModelTrainer[] {
  return [
    new FakeModelTrainer({ ...options, library: 'lightgbm' }),
    new FakeModelTrainer({ ...options, library: 'xgboost' }),
  ];
}

/** A deliberately worse learner: the inner learner's return forecasts plus a fixed bias. */
export class BiasedTrainer implements ModelTrainer {
  constructor(
    private readonly inner: ModelTrainer,
    private readonly bias: number,
  ) {}
  get library() {
    return this.inner.library;
  }
  version(): Promise<string> {
    return this.inner.version();
  }
  describe(): ReturnType<ModelTrainer['describe']> {
    return this.inner.describe();
  }
  train(request: TrainRequest) {
    return this.inner.train(request);
  }
  async predict(request: PredictRequest): Promise<Float64Array> {
    return (await this.inner.predict(request)).map((v) => v + this.bias);
  }
}

export interface MlWorld {
  readonly warehouse: FakeWarehouse;
  readonly artifacts: ArtifactStore;
  readonly clock: FakeClock;
}

/** The 1m and 3m tables cut from the real series, empty artifacts, and a clock at `now`. */
export function soyOilWorld(soyOil: SoyOilTableBuilder, now = '2021-01-20T23:59:00Z'): MlWorld {
  return {
    warehouse: new FakeWarehouse([soyOil.build('1m'), soyOil.build('3m')]),
    artifacts: new FakeArtifactStore(),
    clock: new FakeClock(now),
  };
}

/** The ML stages of one night (train per horizon, predict, upload, evaluate), called as the runner would. */
export async function runMlNight(
  world: MlWorld,
  options: {
    readonly runId: string;
    readonly horizons: readonly Horizon[];
    readonly trainers?: readonly ModelTrainer[];
    readonly stages?: readonly ('predict' | 'upload' | 'evaluate')[];
    /** Overrides TEST_TRAIN_SETTINGS.reuseWithinMs (0: always train). */
    readonly reuseWithinMs?: number;
    /** Overrides of TEST_TRAIN_SETTINGS (the skill gate given here judges the predict stage too). */
    readonly train?: Partial<TrainStageSettings>;
  },
): Promise<Map<string, StageResult>> {
  const trainers = options.trainers ?? fakeTrainers();
  const { warehouse, artifacts, clock } = world;
  const earlier = new Map<string, StageResult>();
  const context = (kind: 'train' | 'predict' | 'upload' | 'evaluate', horizon?: Horizon) =>
    stageContext({
      runId: options.runId,
      kind,
      horizons: options.horizons,
      earlier,
      ...(horizon === undefined ? {} : { horizon }),
    });
  for (const horizon of options.horizons) {
    const train = createTrainStage({
      warehouse,
      artifacts,
      trainers,
      clock,
      settings: { ...TEST_TRAIN_SETTINGS, reuseWithinMs: options.reuseWithinMs ?? 0, ...options.train },
    });
    earlier.set(`train_${horizon}`, await train(context('train', horizon)));
  }
  const bodies = {
    predict: createPredictStage({
      warehouse,
      artifacts,
      trainers,
      clock,
      settings: { ...TEST_FORECAST_SETTINGS, skill: options.train?.skill ?? TEST_FORECAST_SETTINGS.skill },
    }),
    upload: createUploadStage({ warehouse, artifacts }),
    evaluate: createEvaluateStage({
      warehouse,
      artifacts,
      clock,
      settings: { table: TEST_FORECAST_SETTINGS.table, skillMargin: 0 },
    }),
  };
  for (const kind of options.stages ?? ['predict', 'upload', 'evaluate']) {
    earlier.set(kind, await bodies[kind](context(kind)));
  }
  return earlier;
}
