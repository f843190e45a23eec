import type { BoosterDriver } from '../booster-driver.js';

/** XGBoost: models as XGBoost JSON; Debian's libxgboost0 first; XgBoostNative is the worker's side. */
export const xgBoostDriver: BoosterDriver = {
  library: 'xgboost',
  modelFormat: 'xgboost-json',
  workerModule: 'xgboost/xgboost-worker.js',
  params: (preset, seed, threads) => ({ ...preset, seed, nthread: threads }),
  locations: (platform) =>
    platform === 'darwin'
      ? {
          cacheFiles: ['libxgboost.dylib'],
          systemPaths: [
            '/opt/homebrew/opt/xgboost/lib/libxgboost.dylib',
            '/opt/homebrew/lib/libxgboost.dylib',
            '/usr/local/opt/xgboost/lib/libxgboost.dylib',
            '/usr/local/lib/libxgboost.dylib',
          ],
          howToGet: 'run `brew install xgboost` (or set CBI_XGBOOST_LIB to libxgboost.dylib)',
        }
      : {
          // `<cache>/xgboost/<version>/` only if someone put one there: provisioning uses Debian's.
          cacheFiles: ['libxgboost.so', 'libxgboost.so.0'],
          systemPaths: [
            '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
            '/usr/lib/aarch64-linux-gnu/libxgboost.so.0',
            '/usr/local/lib/libxgboost.so',
            '/usr/lib/libxgboost.so',
          ],
          howToGet:
            'run `npm run provision` (installs Debian libxgboost0; or set CBI_XGBOOST_LIB to libxgboost.so)',
        },
};
