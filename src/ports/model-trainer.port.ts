import type { ServiceIdentifier } from 'inversify';
import type {
  BoosterLibraryInfo,
  BoosterParams,
  FeatureMatrix,
  ModelLibrary,
  TrainedModel,
} from '../domain/model/model.js';

export interface TrainRequest {
  readonly features: FeatureMatrix;
  /** One label per row. */
  readonly labels: Float64Array;
  readonly params: BoosterParams;
  readonly rounds: number;
  readonly seed: number;
  /** Threads the library may use for this job. */
  readonly threads: number;
  /** The job is killed past this. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Names the job in errors and logs, e.g. `horizon 1m fold 3`. */
  readonly jobName?: string;
  /**
   * Told the boosting rounds done so far, as the adapter learns them (optional: an adapter that
   * cannot tell mid-job never calls it; the caller counts a finished job's rounds itself).
   */
  readonly onRounds?: (roundsDone: number) => void;
}

export interface PredictRequest {
  readonly model: TrainedModel;
  readonly features: FeatureMatrix;
  readonly threads: number;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Names the job in errors and logs, e.g. `horizon 1m`. */
  readonly jobName?: string;
}

/**
 * One boosting library. Training is contained (a native crash or hang fails the job, not the
 * caller) and deterministic for the same data, parameters and seed. Errors: LibraryMissingError,
 * TrainingFailedError, StageTimeoutError on a timeout, ModelMismatchError when features differ
 * from the model's or when this library cannot read the model (another version trained it).
 */
export interface ModelTrainer {
  readonly library: ModelLibrary;
  /**
   * The library's version string. Throws LibraryMissingError when it cannot be loaded or is
   * outside the versions the adapter supports.
   */
  version(): Promise<string>;
  /** The library's file, version, origin and supported range (cbi doctor); throws as version(). */
  describe(): Promise<BoosterLibraryInfo>;
  train(request: TrainRequest): Promise<TrainedModel>;
  /** One prediction per row. */
  predict(request: PredictRequest): Promise<Float64Array>;
}

/** Every configured trainer, one per library. */
export const MODEL_TRAINERS: ServiceIdentifier<readonly ModelTrainer[]> = Symbol.for('cbi.ModelTrainers');
