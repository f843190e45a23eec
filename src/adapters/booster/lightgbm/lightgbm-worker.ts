/**
 * The LightGBM worker process: `fork`ed by ChildProcessTrainer (lightGbmDriver) for one job. It
 * runs as compiled JavaScript (dist/adapters/booster/lightgbm/lightgbm-worker.js), also when the
 * trainer itself runs from the TypeScript sources under vitest (see resolveWorkerScript).
 */
import { runBoosterWorker } from '../booster-worker-runtime.js';
import { LIGHTGBM_VERSIONS } from './lightgbm-driver.js';
import { LightGbmNative } from './lightgbm-native.js';

runBoosterWorker('lightgbm', LIGHTGBM_VERSIONS, (libraryPath) => LightGbmNative.load(libraryPath));
