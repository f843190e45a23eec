import type { TrainJob } from './booster-job.js';

/**
 * The training data of one job: row-major Float64 features (NaN = missing), one label per row,
 * and the job's shape, names, rounds and parameters (every one, seed and threads included, as
 * the library names them: BoosterDriver.params).
 */
export type NativeTrainInput = Pick<TrainJob, 'rows' | 'cols' | 'featureNames' | 'params' | 'rounds'> & {
  readonly values: Float64Array;
  readonly labels: Float64Array;
};

/** A booster living in the worker process. Call free() when done. */
export interface NativeBooster {
  /** The model in the library's own format (the driver's modelFormat). */
  save(): Uint8Array;
  /** One prediction per row; a library that checks feature names (XGBoost) gets them too. */
  predict(
    values: Float64Array,
    rows: number,
    cols: number,
    threads: number,
    featureNames: readonly string[],
  ): Float64Array;
  free(): void;
}

/**
 * One library's C API as a worker process uses it, synchronously: what a worker entry hands
 * runBoosterWorker. Every call throws the library's own message when the library fails.
 */
export interface NativeLibrary {
  /** The library's version; `declared` is what its files say (LightGBM has no version call). */
  version(declared: string | null): string;
  /** Builds the dataset, runs `rounds` boosting iterations, frees the dataset. */
  train(input: NativeTrainInput): NativeBooster;
  /** Loads a model from the bytes `save()` gave. */
  load(model: Uint8Array): NativeBooster;
}

/** A C pointer (a dataset, matrix or booster) as koffi hands it over. */
export type NativeHandle = bigint;

/** Thrown by a failed library call, with the library's own message. */
export class NativeCallError extends Error {}

/** The handle a C call wrote into its `out` argument; throws when it wrote none. */
export function handleOf(out: [NativeHandle | null], call: string): NativeHandle {
  const handle = out[0];
  if (handle === null || handle === 0n) throw new NativeCallError(`${call} returned no handle`);
  return handle;
}

/** `free` made safe to call twice: a second free of a C handle would corrupt the heap. */
export function freeOnce(free: () => void): () => void {
  let freed = false;
  return () => {
    if (!freed) free();
    freed = true;
  };
}

/**
 * Feature names as handed to a library: characters the libraries reject (LightGBM refuses JSON
 * punctuation, XGBoost `[`, `]`, `<`, spaces) become `_`. The exact names stay in the
 * TrainedModel, which is what the feature-order check compares.
 */
export function libraryFeatureNames(names: readonly string[]): string[] {
  return names.map((name) => name.replace(/[^A-Za-z0-9_.-]/g, '_'));
}
