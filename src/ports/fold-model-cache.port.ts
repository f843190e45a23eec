import type { ServiceIdentifier } from 'inversify';
import type { FoldModelEntry } from '../domain/model/fold-model-entry.js';

/**
 * Trained walk-forward models kept from night to night, by the key of what determined them
 * (FoldModelEntry). Bounded: past its entries or bytes, the least recently used go. Every
 * adapter guarantees that a reader never gets a part of an entry: a write is atomic (a crash
 * leaves the previous state or the whole entry), and an entry found damaged reads as missing
 * and is removed. Keys that are not FOLD_MODEL_KEY throw RangeError; I/O errors are
 * ArtifactIoError (the caller trains instead).
 */
export interface FoldModelCache {
  /** The entry under `key`, or undefined (never stored, evicted, or damaged); marks it used. */
  get(key: string): Promise<FoldModelEntry | undefined>;
  /** Stores the entry (replacing one under the same key), then evicts past the bounds, least recently used first. */
  put(entry: FoldModelEntry): Promise<void>;
}

export const FOLD_MODEL_CACHE: ServiceIdentifier<FoldModelCache> = Symbol.for('cbi.FoldModelCache');
