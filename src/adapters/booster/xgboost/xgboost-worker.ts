/**
 * The XGBoost worker process: `fork`ed by XgBoostTrainer for one job, every library call on this
 * process's main thread (XGBoost 1.7 binds a booster to the thread that created it). Runs as
 * compiled JavaScript (dist/adapters/booster/xgboost/xgboost-worker.js); see resolveWorkerScript.
 */
import { runBoosterWorker } from '../booster-worker-runtime.js';
import { XgBoostNative } from './xgboost-native.js';
import { xgBoostParams } from './xgboost-params.js';

runBoosterWorker((libraryPath) => {
  const native = XgBoostNative.load(libraryPath);
  return {
    version: () => native.version(),
    train: (job, values, labels) => {
      const booster = native.train({
        values,
        labels,
        rows: job.rows,
        cols: job.cols,
        featureNames: job.featureNames,
        params: xgBoostParams(job.params, job.seed, job.threads),
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
        return booster.predict(values, job.rows, job.cols, job.threads, job.featureNames);
      } finally {
        booster.free();
      }
    },
  };
});
