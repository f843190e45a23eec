import type { ModelLibrary, TrainedModel } from '../../domain/model/model.js';
import type { ParamValue } from './booster-job.js';
import type { SupportedVersions } from './library-version.js';

/** Where one library's shared object usually is on a platform, and how to get it. */
export interface LibraryLocations {
  /** File names inside the provisioning cache's `<cache>/<library>/<version>/`, in order. */
  readonly cacheFiles: readonly string[];
  /** Absolute paths tried in order after the cache. */
  readonly systemPaths: readonly string[];
  /** How to get it, for the one-line missing-library message. */
  readonly howToGet: string;
}

/**
 * What is really one booster library's own. ChildProcessTrainer is everything else (worker
 * processes, files, IPC, timeouts, error mapping, discovery), the same for every library; a
 * library is a driver like this plus a worker entry that opens it (docs/boosters.md).
 */
export interface BoosterDriver {
  readonly library: ModelLibrary;
  /** The format of the model bytes the worker saves, recorded in every TrainedModel. */
  readonly modelFormat: TrainedModel['format'];
  /**
   * The worker entry that calls this library's C API in a child process, relative to this
   * folder (src/adapters/booster/, compiled to dist/adapters/booster/), as a `.js` path.
   */
  readonly workerModule: string;
  /** The releases the worker accepts (it refuses others with one line naming this range). */
  readonly supported: SupportedVersions;
  /**
   * The preset's parameters plus the job's seed and thread budget, in this library's names, and
   * every default that changed between supported versions set explicitly (so one preset trains
   * the same kind of model on each); `labels` are the training job's.
   */
  params(
    preset: Readonly<Record<string, ParamValue>>,
    job: { readonly seed: number; readonly threads: number; readonly labels: Float64Array },
  ): Record<string, ParamValue>;
  /** Where to look for the shared library on this platform (after the configured path). */
  locations(platform: NodeJS.Platform): LibraryLocations;
}
