import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { describe, expect, it } from 'vitest';
import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { loadConfig } from '../../src/app/config/load-config.js';
import { openAutopilot } from '../../src/autopilot.js';
import {
  MODEL_TRAINERS,
  type ModelTrainer,
  type PredictRequest,
  type TrainRequest,
} from '../../src/ports/model-trainer.port.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { REPO_ROOT } from '../support/repo.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { tempHome } from '../support/temp-home.js';

/**
 * The real LightGBM adapter for every horizon but one, whose worker process dies by SIGSEGV on
 * its first job (a native crash), or hangs past the job timeout. The jobs carry their horizon
 * in their name.
 */
class OneHorizonBroken implements ModelTrainer {
  readonly library = 'lightgbm' as const;
  constructor(
    private readonly healthy: ModelTrainer,
    private readonly broken: ModelTrainer,
    private readonly horizon: string,
  ) {}
  version(): Promise<string> {
    return this.healthy.version();
  }
  describe(): ReturnType<ModelTrainer['describe']> {
    return this.healthy.describe();
  }
  train(request: TrainRequest): ReturnType<ModelTrainer['train']> {
    const target = request.jobName?.startsWith(`horizon ${this.horizon} `) ? this.broken : this.healthy;
    return target.train(request);
  }
  predict(request: PredictRequest): Promise<Float64Array> {
    return this.healthy.predict(request);
  }
}

describe.each([
  { name: 'killed (SIGSEGV)', worker: 'crashing-worker.mjs', error: /died by SIGSEGV|SIGSEGV/ },
  { name: 'hung past its timeout', worker: 'stubborn-worker.mjs', error: /timed out|timeout/i },
])('a training child that is $name', ({ worker, error }) => {
  it("fails that horizon's train stage and the run goes on to the next horizon", async () => {
    const { home, dispose } = await tempHome();
    try {
      const logger = new FakeLogger();
      const config = await loadConfig({
        home,
        // the bundled series end in 2025: their forecasts published flagged stale (vitest.config.ts)
        env: { CBI_SOURCE_DIR: FRED_DIR, CBI_STALE_FORECASTS: 'flag', CBI_MIN_CURRENT_HORIZONS: '0' },
        overrides: {
          run: { horizons: ['1m', '3m'], minHorizons: 1, retry: { maxAttempts: 1 } },
          training: { libraries: ['lightgbm'], folds: 3, jobTimeoutMinutes: 0.2 },
        },
      });
      const healthy = new ChildProcessTrainer(lightGbmDriver, { killGraceMs: 200 }, logger);
      const broken = new ChildProcessTrainer(
        lightGbmDriver,
        { workerScript: join(REPO_ROOT, 'test/support/fixtures', worker), killGraceMs: 200 },
        logger,
      );
      const trainers = new ContainerModule((options) => {
        options.rebind(MODEL_TRAINERS).toConstantValue([new OneHorizonBroken(healthy, broken, '1m')]);
      });
      const autopilot = await openAutopilot({ config, logger, modules: [trainers] });
      const run = await autopilot.runNight().finally(() => autopilot.close());
      const train1m = run.stages.find((s) => s.name === 'train_1m');
      const train3m = run.stages.find((s) => s.name === 'train_3m');
      expect(train1m).toMatchObject({ status: 'failed', success: false });
      expect(train1m?.error).toMatch(error);
      expect(train3m).toMatchObject({ status: 'succeeded' });
      expect(run).toMatchObject({ state: 'partial', exit_code: 3, failed_stage: 'train_1m' });
      expect(run.stages.find((s) => s.name === 'predict')?.status).toBe('succeeded');
    } finally {
      await dispose();
    }
  }, 300_000);
});
