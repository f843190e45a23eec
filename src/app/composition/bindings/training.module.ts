import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { MODEL_TRAINERS, type ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { Config } from '../../config/load-config.js';
import { packageRoot } from '../package-root.js';

/** The compiled worker of a library; found from the package root so the start-up bundle can load the adapters. */
function worker(library: 'lightgbm' | 'xgboost'): string | undefined {
  const path = join(packageRoot(), 'dist', 'adapters', 'booster', library, `${library}-worker.js`);
  return existsSync(path) ? path : undefined;
}

/**
 * MODEL_TRAINERS: one trainer per configured library, in config order. The adapters (and koffi)
 * load when a run first resolves them; a missing library fails the train stage, not start-up.
 */
export function trainingModule(config: Config): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(MODEL_TRAINERS)
      .toResolvedValue(
        async (logger: Logger) => {
          const training = config.training;
          const trainers: ModelTrainer[] = [];
          for (const library of training.libraries) {
            if (library === 'lightgbm') {
              const { LightGbmTrainer } =
                await import('../../../adapters/booster/lightgbm/lightgbm-trainer.js');
              trainers.push(
                new LightGbmTrainer(
                  {
                    libraryPath: training.lightgbmLib,
                    cacheDir: training.cacheDir,
                    workerScript: worker('lightgbm'),
                  },
                  logger,
                ),
              );
            } else {
              const { XgBoostTrainer } = await import('../../../adapters/booster/xgboost/xgboost-trainer.js');
              trainers.push(
                new XgBoostTrainer(
                  {
                    libraryPath: training.xgboostLib,
                    cacheDir: training.cacheDir,
                    workerScript: worker('xgboost'),
                  },
                  logger,
                ),
              );
            }
          }
          return trainers;
        },
        [LOGGER],
      )
      .inSingletonScope();
  });
}
