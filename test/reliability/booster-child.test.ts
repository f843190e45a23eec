import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { BUILT_IN_PRESETS } from '../../src/app/config/training-config.js';
import { StageTimeoutError, TrainingFailedError } from '../../src/domain/errors.js';
import type { ModelTrainer, TrainRequest } from '../../src/ports/model-trainer.port.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { BoosterMatrixBuilder, type BoosterDataset } from '../builders/booster-matrix.builder.js';
import { cacheDir, DRIVERS, libraryAbsence } from '../support/booster-cli.js';

let data: BoosterDataset;
beforeAll(async () => {
  data = (await BoosterMatrixBuilder.load()).build();
});

const request = (library: 'lightgbm' | 'xgboost', overrides: Partial<TrainRequest> = {}): TrainRequest => ({
  features: data.features,
  labels: data.labels,
  params: BUILT_IN_PRESETS.seed[library].params,
  rounds: 100_000, // far more work than any test waits for
  seed: 42,
  threads: 1,
  timeoutMs: 120_000,
  ...overrides,
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A trainer over a stand-in worker script (fixtures), to play a hung or crashing library. */
function fixtureTrainer(fixture: string, onSpawn: (pid: number) => void): ModelTrainer {
  const workerScript = fileURLToPath(new URL(`../support/fixtures/${fixture}`, import.meta.url));
  return new ChildProcessTrainer(
    lightGbmDriver,
    {
      libraryPath: workerScript, // any file that exists: the stand-in worker never opens it
      workerScript,
      killGraceMs: 300,
      warmSpare: false,
      observer: { onSpawn },
    },
    new FakeLogger(),
  );
}

describe('booster worker processes', { timeout: 60_000 }, () => {
  it('report a hung worker that ignores SIGTERM as StageTimeoutError, and SIGKILL it', async () => {
    let pid = 0;
    const trainer = fixtureTrainer('stubborn-worker.mjs', (p) => (pid = p));
    const started = performance.now();
    const failure = await trainer.train(request('lightgbm', { timeoutMs: 500 })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StageTimeoutError);
    expect(String(failure)).toMatch(/lightgbm train job timed out after 500 ms/);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it('report a worker killed by a signal the adapter did not send (SIGSEGV) as a transient TrainingFailedError', async () => {
    const trainer = fixtureTrainer('crashing-worker.mjs', () => undefined);
    const failure = await trainer
      .train(request('lightgbm', { jobName: 'horizon 3m' }))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TrainingFailedError);
    expect(String(failure)).toMatch(/lightgbm train job \(horizon 3m\): worker process died by SIGSEGV/);
    expect(failure instanceof TrainingFailedError && failure.transient).toBe(true);
  });

  it('never lose a reply sent just before the worker exits (many short jobs at once, as horizons side by side start)', async () => {
    // The worker exits in its send's callback: its exit can reach the parent before the reply
    // is read from the channel. Ending the job on 'exit' lost about 1 reply in 30 here.
    const lanes = 8;
    const perLane = 20;
    const versions = await Promise.all(
      Array.from({ length: lanes }, async () => {
        const got: string[] = [];
        for (let i = 0; i < perLane; i += 1) {
          // a trainer keeps the version it was told: a new one asks its worker again
          got.push(await fixtureTrainer('replying-worker.mjs', () => undefined).version());
        }
        return got;
      }),
    );
    expect(versions.flat()).toEqual(Array.from({ length: lanes * perLane }, () => '4.1.0'));
  });

  it('ask the library once for all who ask at once, and again after an ask that failed', async () => {
    let spawned = 0;
    const answering = fixtureTrainer('replying-worker.mjs', () => (spawned += 1));
    const answers = await Promise.all(Array.from({ length: 5 }, () => answering.version()));
    expect(answers).toEqual(['4.1.0', '4.1.0', '4.1.0', '4.1.0', '4.1.0']);
    expect(await answering.version()).toBe('4.1.0');
    expect(spawned).toBe(1);

    let crashed = 0;
    const crashing = fixtureTrainer('crashing-worker.mjs', () => (crashed += 1));
    await expect(crashing.version()).rejects.toThrow(/died by SIGSEGV/);
    await expect(crashing.version()).rejects.toThrow(/died by SIGSEGV/);
    expect(crashed).toBe(2);
  });

  for (const library of ['lightgbm', 'xgboost'] as const) {
    const absent = libraryAbsence(library);
    const make = (onSpawn: (pid: number) => void): ModelTrainer =>
      new ChildProcessTrainer(DRIVERS[library], { cacheDir, observer: { onSpawn } }, new FakeLogger());

    describe.skipIf(absent !== undefined)(
      `${library}${absent === undefined ? '' : ` (skipped: ${absent})`}`,
      () => {
        it('reports a training child killed by SIGKILL as TrainingFailedError naming the library and job', async () => {
          const trainer = make((pid) => setTimeout(() => process.kill(pid, 'SIGKILL'), 700));
          const failure = await trainer
            .train(request(library, { jobName: 'horizon 1m' }))
            .catch((e: unknown) => e);
          expect(failure).toBeInstanceOf(TrainingFailedError);
          expect(String(failure)).toContain(
            `${library} train job (horizon 1m): worker process died by SIGKILL`,
          );
          expect(failure instanceof TrainingFailedError && failure.transient).toBe(true);
        });

        it('reports an error of the library itself as a permanent TrainingFailedError naming the library and job', async () => {
          const trainer = make(() => undefined);
          const params = { ...BUILT_IN_PRESETS.embedded[library].params, objective: 'no-such-objective' };
          const failure = await trainer
            .train(request(library, { params, rounds: 5, jobName: 'horizon 1m' }))
            .catch((e: unknown) => e);
          expect(failure).toBeInstanceOf(TrainingFailedError);
          expect(String(failure)).toContain(`${library} train job (horizon 1m) failed:`);
          expect(String(failure)).toMatch(/no-such-objective/i);
          expect(failure instanceof TrainingFailedError && failure.transient).toBe(false);
        });

        it('keeps the parent event loop responsive while the library trains', async () => {
          const trainer = make(() => undefined);
          let last = performance.now();
          let worstLag = 0;
          const ticker = setInterval(() => {
            const now = performance.now();
            worstLag = Math.max(worstLag, now - last - 10);
            last = now;
          }, 10);
          const failure = await trainer
            .train(request(library, { timeoutMs: 2_500 }))
            .catch((e: unknown) => e);
          clearInterval(ticker);
          expect(failure).toBeInstanceOf(StageTimeoutError); // it trained (natively) the whole 2.5 s
          // In-process native training would block the loop for the whole 2.5 s; CI load may add some lag.
          expect(worstLag).toBeLessThan(1000);
        });
      },
    );
  }

  it.skipIf(libraryAbsence('lightgbm') !== undefined)(
    'hands the job thread budget to the library (LightGBM records num_threads in the model)',
    async () => {
      const trainer = new ChildProcessTrainer(lightGbmDriver, { cacheDir }, new FakeLogger());
      const small = (await BoosterMatrixBuilder.load())
        .firstRowsOnly(120)
        .seriesOnly(['PSOILUSDM', 'PSOYBUSDM'])
        .build();
      const model = await trainer.train({
        features: small.features,
        labels: small.labels,
        params: BUILT_IN_PRESETS.embedded.lightgbm.params,
        rounds: 5,
        seed: 7,
        threads: 2,
        timeoutMs: 60_000,
      });
      const text = new TextDecoder().decode(model.content);
      expect(text).toContain('[num_threads: 2]');
      expect(text).toContain('[seed: 7]');
      expect(text).toContain('feature_names=PSOILUSDM_logret_1m PSOILUSDM_logret_3m');
    },
  );
});
