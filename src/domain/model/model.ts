/** The boosting libraries the product trains. */
export const MODEL_LIBRARIES = ['lightgbm', 'xgboost'] as const;

export type ModelLibrary = (typeof MODEL_LIBRARIES)[number];

/** Which library file serves a trainer and what it is, as cbi doctor shows it. */
export interface BoosterLibraryInfo {
  readonly library: ModelLibrary;
  /** As the library reports it (XGBoost), or as its files declare it (LightGBM). */
  readonly version: string;
  readonly path: string;
  /** Where it came from: `Homebrew xgboost 3.2.0`, `Debian package`, `provisioning cache, built from ...`. */
  readonly origin: string;
  /** The releases the adapter supports, in words (`XGBoost 1.7 to 3.x`); this one is among them. */
  readonly supported: string;
}

/** A dense feature matrix, row-major, NaN for a missing value. Column names in order. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
  readonly featureNames: readonly string[];
}

/** Library parameters as the library names them (LightGBM `num_leaves`, XGBoost `max_depth`). */
export type BoosterParams = Readonly<Record<string, string | number | boolean>>;

/** A trained model in the library's own standard file format, loadable by its Python package. */
export interface TrainedModel {
  readonly library: ModelLibrary;
  readonly libraryVersion: string;
  /** `lightgbm-text` (model.txt) or `xgboost-json` / `xgboost-ubj`. */
  readonly format: 'lightgbm-text' | 'xgboost-json' | 'xgboost-ubj';
  readonly content: Uint8Array;
  readonly featureNames: readonly string[];
}
