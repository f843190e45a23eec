import type { Logger } from '../../../ports/logger.port.js';
import type { BoosterJobObserver } from '../booster-child.js';
import { resolveWorkerScript } from '../booster-child.js';
import { ChildBoosterTrainer } from '../child-booster-trainer.js';
import { type LibrarySearch, locateLibrary } from '../locate-library.js';

export interface XgBoostTrainerSettings {
  /** training.xgboostLib / CBI_XGBOOST_LIB: used alone when set. */
  readonly libraryPath?: string | undefined;
  /** The cache root (training.cacheDir): `<cache>/xgboost/<version>/libxgboost.so` if someone put one there. */
  readonly cacheDir?: string | undefined;
  readonly platform?: NodeJS.Platform;
  /** After SIGTERM, how long before SIGKILL (default 500 ms). */
  readonly killGraceMs?: number;
  readonly observer?: BoosterJobObserver;
  /** The compiled worker script; by default the one beside this module (or its dist/ twin). */
  readonly workerScript?: string | undefined;
}

/** Where XGBoost is looked for after the config and the cache (Debian's libxgboost0 first). */
export function xgBoostSearch(settings: XgBoostTrainerSettings): LibrarySearch {
  const mac = (settings.platform ?? process.platform) === 'darwin';
  return {
    name: 'xgboost',
    configured: settings.libraryPath,
    cacheDir: settings.cacheDir,
    cacheFiles: mac ? ['libxgboost.dylib'] : ['libxgboost.so', 'libxgboost.so.0'],
    systemPaths: mac
      ? [
          '/opt/homebrew/opt/xgboost/lib/libxgboost.dylib',
          '/opt/homebrew/lib/libxgboost.dylib',
          '/usr/local/opt/xgboost/lib/libxgboost.dylib',
          '/usr/local/lib/libxgboost.dylib',
        ]
      : [
          '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
          '/usr/lib/aarch64-linux-gnu/libxgboost.so.0',
          '/usr/local/lib/libxgboost.so',
          '/usr/lib/libxgboost.so',
        ],
    howToGet: mac
      ? 'run `brew install xgboost` (or set CBI_XGBOOST_LIB to libxgboost.dylib)'
      : 'run `npm run provision` (installs Debian libxgboost0; or set CBI_XGBOOST_LIB to libxgboost.so)',
  };
}

/** XGBoost through its C API, one worker process per job; models as XGBoost JSON. */
export class XgBoostTrainer extends ChildBoosterTrainer {
  constructor(settings: XgBoostTrainerSettings, logger: Logger) {
    const search = xgBoostSearch(settings);
    super(
      {
        library: 'xgboost',
        format: 'xgboost-json',
        locate: () => locateLibrary(search),
        workerScript: () => settings.workerScript ?? resolveWorkerScript(import.meta.url, 'xgboost-worker'),
        killGraceMs: settings.killGraceMs ?? 500,
        observer: settings.observer,
      },
      logger,
    );
  }
}
