import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { xgBoostDriver } from '../../src/adapters/booster/xgboost/xgboost-driver.js';
import { BUILT_IN_PRESETS } from '../../src/app/config/training-config.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { cacheDir, xgBoostsUnderTest } from '../support/booster-cli.js';
import { BoosterMatrixBuilder } from '../builders/booster-matrix.builder.js';
import { modelTrainerContract } from '../../src/testing/contracts/model-trainer.contract.js';

// Both ends of the supported range: Debian's 1.7.4 and 3.2.0 (what Homebrew ships), one suite each.
for (const xgboost of xgBoostsUnderTest()) {
  modelTrainerContract(
    `xgboost (native, child process): ${xgboost.name}`,
    async () => {
      const trainer = new ChildProcessTrainer(
        xgBoostDriver,
        { libraryPath: xgboost.path, cacheDir },
        new FakeLogger(),
      );
      return {
        trainer,
        data: (await BoosterMatrixBuilder.load()).build(),
        params: BUILT_IN_PRESETS.embedded.xgboost.params,
        rounds: BUILT_IN_PRESETS.embedded.xgboost.rounds,
        // The seed preset for 100k DART rounds: minutes of real work, cut by the timeout.
        stuck: { trainer, params: BUILT_IN_PRESETS.seed.xgboost.params, rounds: 100_000 },
        missing: new ChildProcessTrainer(
          xgBoostDriver,
          { libraryPath: '/nonexistent/libxgboost.so' },
          new FakeLogger(),
        ),
      };
    },
    xgboost.skip,
  );
}
