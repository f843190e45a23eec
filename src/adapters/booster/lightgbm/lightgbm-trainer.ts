import type { Logger } from '../../../ports/logger.port.js';
import type { BoosterJobObserver } from '../booster-child.js';
import { resolveWorkerScript } from '../booster-child.js';
import { ChildBoosterTrainer } from '../child-booster-trainer.js';
import { type LibrarySearch, locateLibrary } from '../locate-library.js';

export interface LightGbmTrainerSettings {
  /** training.lightgbmLib / CBI_LIGHTGBM_LIB: used alone when set. */
  readonly libraryPath?: string | undefined;
  /** The provisioning cache root (training.cacheDir); default ~/.cache/cbi-autopilot. */
  readonly cacheDir?: string | undefined;
  readonly platform?: NodeJS.Platform;
  /** After SIGTERM, how long before SIGKILL (default 500 ms). */
  readonly killGraceMs?: number;
  readonly observer?: BoosterJobObserver;
  /** The compiled worker script; by default the one beside this module (or its dist/ twin). */
  readonly workerScript?: string | undefined;
}

/** Where LightGBM is looked for after the config and the cache. */
export function lightGbmSearch(settings: LightGbmTrainerSettings): LibrarySearch {
  const mac = (settings.platform ?? process.platform) === 'darwin';
  const file = mac ? 'lib_lightgbm.dylib' : 'lib_lightgbm.so';
  return {
    name: 'lightgbm',
    configured: settings.libraryPath,
    cacheDir: settings.cacheDir,
    cacheFiles: [file],
    systemPaths: mac
      ? [
          '/opt/homebrew/opt/lightgbm/lib/lib_lightgbm.dylib',
          '/opt/homebrew/lib/lib_lightgbm.dylib',
          '/usr/local/opt/lightgbm/lib/lib_lightgbm.dylib',
          '/usr/local/lib/lib_lightgbm.dylib',
        ]
      : [
          '/usr/local/lib/lib_lightgbm.so',
          '/usr/lib/lib_lightgbm.so',
          '/usr/lib/x86_64-linux-gnu/lib_lightgbm.so',
        ],
    howToGet: mac
      ? 'run `brew install lightgbm` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.dylib)'
      : 'run `npm run provision` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.so)',
  };
}

/** LightGBM through its C API, one worker process per job; models in LightGBM's text format. */
export class LightGbmTrainer extends ChildBoosterTrainer {
  constructor(settings: LightGbmTrainerSettings, logger: Logger) {
    const search = lightGbmSearch(settings);
    super(
      {
        library: 'lightgbm',
        format: 'lightgbm-text',
        locate: () => locateLibrary(search),
        workerScript: () => settings.workerScript ?? resolveWorkerScript(import.meta.url, 'lightgbm-worker'),
        killGraceMs: settings.killGraceMs ?? 500,
        observer: settings.observer,
      },
      logger,
    );
  }
}
