/**
 * The LightGBM worker process: `fork`ed by LightGbmTrainer for one job. It runs as compiled
 * JavaScript (dist/adapters/booster/lightgbm/lightgbm-worker.js), also when the adapter itself runs from
 * the TypeScript sources under vitest (see resolveWorkerScript).
 */
import { runBoosterWorker } from '../booster-worker-runtime.js';
import { lightGbmParams } from './lightgbm-params.js';
import { LightGbmNative } from './lightgbm-native.js';

runBoosterWorker((libraryPath) => {
  const native = LightGbmNative.load(libraryPath);
  return {
    // LightGBM 4.1 has no version call: the version is the one the build declared (VERSION.txt).
    version: (job) => job.declaredVersion ?? 'unknown',
    train: (job, values, labels) => {
      const booster = native.train({
        values,
        labels,
        rows: job.rows,
        cols: job.cols,
        featureNames: job.featureNames,
        params: lightGbmParams(job.params, job.seed, job.threads),
        rounds: job.rounds,
      });
      try {
        return booster.save();
      } finally {
        booster.free();
      }
    },
    predict: (job, model, values) => {
      const booster = native.load(model);
      try {
        return booster.predict(values, job.rows, job.cols, job.threads);
      } finally {
        booster.free();
      }
    },
  };
});
