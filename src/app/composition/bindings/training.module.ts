import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import type { BoosterDriver } from '../../../adapters/booster/booster-driver.js';
import type { ModelLibrary } from '../../../domain/model/model.js';
import { CLOCK, type Clock } from '../../../ports/clock.port.js';
import { FOLD_MODEL_CACHE } from '../../../ports/fold-model-cache.port.js';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { MODEL_TRAINERS, type ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { Config } from '../../config/config-schema.js';
import type { TrainingConfig } from '../../config/training-config.js';
import { packageRoot } from '../package-root.js';
import { nodeFs } from '../../node-fs.js';

/** Each library's driver and its configured path; loaded only when a run first needs a trainer. */
const BOOSTERS: Record<
  ModelLibrary,
  { driver(): Promise<BoosterDriver>; libraryPath(training: TrainingConfig): string | undefined }
> = {
  lightgbm: {
    driver: async () =>
      (await import('../../../adapters/booster/lightgbm/lightgbm-driver.js')).lightGbmDriver,
    libraryPath: (training) => training.lightgbmLib,
  },
  xgboost: {
    driver: async () => (await import('../../../adapters/booster/xgboost/xgboost-driver.js')).xgBoostDriver,
    libraryPath: (training) => training.xgboostLib,
  },
};

/** A driver's compiled worker, found from the package root so the start-up bundle can load the adapter. */
function workerScript(driver: BoosterDriver): string | undefined {
  const path = join(packageRoot(), 'dist', 'adapters', 'booster', driver.workerModule);
  return nodeFs.existsSync(path) ? path : undefined;
}

/**
 * MODEL_TRAINERS: one trainer per configured library, in config order. The adapter (and koffi)
 * load when a run first resolves them; a missing library fails the train stage, not start-up.
 */
export function trainingModule(config: Config): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(MODEL_TRAINERS)
      .toResolvedValue(
        async (logger: Logger) => {
          const training = config.training;
          const { ChildProcessTrainer } = await import('../../../adapters/booster/child-process-trainer.js');
          const trainers: ModelTrainer[] = [];
          for (const library of training.libraries) {
            const booster = BOOSTERS[library];
            const driver = await booster.driver();
            const settings = {
              libraryPath: booster.libraryPath(training),
              cacheDir: training.cacheDir,
              workerScript: workerScript(driver),
            };
            trainers.push(new ChildProcessTrainer(driver, settings, logger));
          }
          return trainers;
        },
        [LOGGER],
      )
      .inSingletonScope();
    // The fold cache, under the home; `training.foldCache.enabled: false` leaves it unbound (every job trains).
    const foldCache = config.training.foldCache;
    if (foldCache.enabled) {
      options
        .bind(FOLD_MODEL_CACHE)
        .toResolvedValue(
          async (clock: Clock) => {
            const { FsFoldModelCache } = await import('../../../adapters/fs/fs-fold-model-cache.js');
            const settings = {
              home: config.home,
              maxEntries: foldCache.maxEntries,
              maxBytes: Math.round(foldCache.maxMegabytes * 1024 * 1024),
            };
            return new FsFoldModelCache(settings, clock);
          },
          [CLOCK],
        )
        .inSingletonScope();
    }
  });
}
