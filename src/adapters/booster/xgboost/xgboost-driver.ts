import type { BoosterDriver } from '../booster-driver.js';
import type { SupportedVersions } from '../library-version.js';

/** XGBoost 1.7 (Debian's libxgboost0) up to the newest 3.x (Homebrew's xgboost). */
export const XGBOOST_VERSIONS: SupportedVersions = {
  min: '1.7.0',
  belowMajor: 4,
  text: 'XGBoost 1.7 to 3.x',
};

/**
 * XGBoost: models as XGBoost JSON; the provisioning cache's build first, then the system's (Debian's
 * libxgboost0, Homebrew's xgboost); XgBoostNative is the worker's side.
 */
export const xgBoostDriver: BoosterDriver = {
  library: 'xgboost',
  modelFormat: 'xgboost-json',
  workerModule: 'xgboost/xgboost-worker.js',
  supported: XGBOOST_VERSIONS,
  params: (preset, { seed, threads, labels }) => ({
    // 2.0 made `hist` the default tree method (1.7: `auto`, i.e. `exact` on small data)
    tree_method: 'hist',
    // 2.0 estimates base_score from the labels (1.7: 0.5); for squared error the estimate is
    // their mean, so the mean, set here, gives every version the same starting point
    base_score: meanOf(labels),
    ...preset,
    seed,
    nthread: threads,
  }),
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
          howToGet: 'run `brew install xgboost lightgbm libomp` (or set CBI_XGBOOST_LIB to libxgboost.dylib)',
        }
      : {
          // `<cache>/xgboost/<version>/`: XGBoost 3.2.0 built by provisioning from vendor/
          cacheFiles: ['libxgboost.so', 'libxgboost.so.0'],
          systemPaths: [
            '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
            '/usr/lib/aarch64-linux-gnu/libxgboost.so.0',
            '/usr/local/lib/libxgboost.so',
            '/usr/lib/libxgboost.so',
          ],
          howToGet:
            'run `npm run provision` (builds XGBoost 3.2.0 into the cache and installs Debian libxgboost0; or set CBI_XGBOOST_LIB to libxgboost.so)',
        },
};

/** The labels' mean, as a float32 (XGBoost stores base_score as one); 0 for no labels. */
function meanOf(labels: Float64Array): number {
  if (labels.length === 0) return 0;
  let sum = 0;
  for (const label of labels) sum += label;
  return Math.fround(sum / labels.length);
}
