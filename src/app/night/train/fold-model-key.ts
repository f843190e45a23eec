import { createHash } from 'node:crypto';
import type { BoosterParams, FeatureMatrix, ModelLibrary } from '../../../domain/model/model.js';
import { settingsHash } from './training-fingerprint.js';

/** Bumped when what a key covers changes: every older entry then misses. */
const KEY_SCHEMA = 'cbi-fold-model-key/1';

/** Everything that determines a trained model. */
export interface FoldModelKeyInput {
  readonly library: ModelLibrary;
  readonly libraryVersion: string;
  readonly params: BoosterParams;
  readonly rounds: number;
  readonly seed: number;
  /** A library may sum in another order with another thread count. */
  readonly threads: number;
  /** The training rows' features, exactly as the library gets them. */
  readonly features: FeatureMatrix;
  readonly labels: Float64Array;
}

/**
 * The fold cache's key: sha256 of the settings (library, its version, parameters, rounds, seed,
 * threads), the feature names and the exact bits of every training value and label. Not rounded,
 * unlike the data hash that decides whether a whole horizon is retrained: a model is reused only
 * when training would have seen the very same numbers, so the reused model is the one training
 * would make. A revised price anywhere in the rows changes the key.
 */
export function foldModelKey(input: FoldModelKeyInput): string {
  const { features, labels } = input;
  const hash = createHash('sha256');
  hash.update(
    settingsHash({
      schema: KEY_SCHEMA,
      library: input.library,
      libraryVersion: input.libraryVersion,
      params: input.params,
      rounds: input.rounds,
      seed: input.seed,
      threads: input.threads,
      featureNames: features.featureNames,
      rows: features.rows,
      cols: features.cols,
    }),
  );
  hash.update(new Uint8Array(features.values.buffer, features.values.byteOffset, features.values.byteLength));
  hash.update(new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  return hash.digest('hex');
}
