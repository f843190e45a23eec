import type { BoosterDriver } from '../booster-driver.js';

/** LightGBM: models in its text format (model.txt); LightGbmNative is the worker's side. */
export const lightGbmDriver: BoosterDriver = {
  library: 'lightgbm',
  modelFormat: 'lightgbm-text',
  workerModule: 'lightgbm/lightgbm-worker.js',
  // `seed` also derives bagging_seed, feature_fraction_seed and drop_seed (DART) unless set.
  params: (preset, seed, threads) => ({ ...preset, seed, num_threads: threads }),
  locations: (platform) =>
    platform === 'darwin'
      ? {
          cacheFiles: ['lib_lightgbm.dylib'],
          systemPaths: [
            '/opt/homebrew/opt/lightgbm/lib/lib_lightgbm.dylib',
            '/opt/homebrew/lib/lib_lightgbm.dylib',
            '/usr/local/opt/lightgbm/lib/lib_lightgbm.dylib',
            '/usr/local/lib/lib_lightgbm.dylib',
          ],
          howToGet: 'run `brew install lightgbm` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.dylib)',
        }
      : {
          cacheFiles: ['lib_lightgbm.so'],
          systemPaths: [
            '/usr/local/lib/lib_lightgbm.so',
            '/usr/lib/lib_lightgbm.so',
            '/usr/lib/x86_64-linux-gnu/lib_lightgbm.so',
          ],
          howToGet: 'run `npm run provision` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.so)',
        },
};
