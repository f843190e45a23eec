import type { TrainedModel } from './model.js';

/**
 * A trained model kept for reuse, under the key of everything that determined it: the exact
 * values of its training rows and labels, the feature names, the library, its version, the
 * parameters, rounds, seed and threads (src/app/night/train/fold-model-key.ts). The same key
 * trains the same model, so a model found under it is loaded instead of trained again.
 */
export interface FoldModelEntry {
  /** sha256 in lowercase hex (FOLD_MODEL_KEY). */
  readonly key: string;
  readonly model: TrainedModel;
  /** Rows it was trained on. */
  readonly trainRows: number;
  /** Wall seconds its training took: the job's measured cost (job timeouts follow it). */
  readonly trainSeconds: number;
  /** When it was trained (ISO 8601). */
  readonly trainedAt: string;
}

/** What a cache key looks like: a sha256 in lowercase hex. */
export const FOLD_MODEL_KEY = /^[0-9a-f]{64}$/;

/** Throws RangeError unless `key` is a cache key (a key never names a path). */
export function assertFoldModelKey(key: string): void {
  if (!FOLD_MODEL_KEY.test(key)) throw new RangeError(`not a fold cache key: ${key.slice(0, 80)}`);
}
