import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { BUILT_IN_PRESETS } from '../../src/app/config/training-config.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { cacheDir, libraryAbsence } from '../support/booster-cli.js';
import { BoosterMatrixBuilder } from '../builders/booster-matrix.builder.js';
import { modelTrainerContract } from '../../src/testing/contracts/model-trainer.contract.js';

const libraryPath = process.env['CBI_LIGHTGBM_LIB'];

modelTrainerContract(
  'lightgbm (native, child process)',
  async () => {
    const trainer = new ChildProcessTrainer(lightGbmDriver, { libraryPath, cacheDir }, new FakeLogger());
    return {
      trainer,
      data: (await BoosterMatrixBuilder.load()).build(),
      params: BUILT_IN_PRESETS.embedded.lightgbm.params,
      rounds: BUILT_IN_PRESETS.embedded.lightgbm.rounds,
      // The seed preset for 100k DART rounds: minutes of real work, cut by the timeout.
      stuck: { trainer, params: BUILT_IN_PRESETS.seed.lightgbm.params, rounds: 100_000 },
      missing: new ChildProcessTrainer(
        lightGbmDriver,
        { libraryPath: '/nonexistent/lib_lightgbm.so' },
        new FakeLogger(),
      ),
    };
  },
  libraryAbsence('lightgbm'),
);
