import type { BoosterDriver } from '../booster-driver.js';
import type { SupportedVersions } from '../library-version.js';

/** LightGBM 4.x: 4.1 (built by provisioning) to 4.6 (Homebrew's lightgbm); the calls used did not change. */
export const LIGHTGBM_VERSIONS: SupportedVersions = { min: '4.0.0', belowMajor: 5, text: 'LightGBM 4.x' };

/** LightGBM: models in its text format (model.txt); LightGbmNative is the worker's side. */
export const lightGbmDriver: BoosterDriver = {
  library: 'lightgbm',
  modelFormat: 'lightgbm-text',
  workerModule: 'lightgbm/lightgbm-worker.js',
  supported: LIGHTGBM_VERSIONS,
  // `seed` also derives bagging_seed, feature_fraction_seed and drop_seed (DART) unless set.
  // No default that matters here changed between 4.1 and 4.6.
  params: (preset, { seed, threads }) => ({ ...preset, seed, num_threads: threads }),
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
          howToGet:
            'run `brew install xgboost lightgbm libomp` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.dylib)',
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
