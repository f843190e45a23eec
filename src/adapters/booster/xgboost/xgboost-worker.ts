/**
 * The XGBoost worker process: `fork`ed by ChildProcessTrainer (xgBoostDriver) for one job, every
 * library call on this process's main thread (XGBoost 1.7 binds a booster to the thread that
 * created it). Runs as compiled JavaScript (dist/adapters/booster/xgboost/xgboost-worker.js);
 * see resolveWorkerScript.
 */
import { runBoosterWorker } from '../booster-worker-runtime.js';
import { XGBOOST_VERSIONS } from './xgboost-driver.js';
import { XgBoostNative } from './xgboost-native.js';

runBoosterWorker('xgboost', XGBOOST_VERSIONS, (libraryPath) => XgBoostNative.load(libraryPath));
