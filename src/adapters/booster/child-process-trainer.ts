import { ModelMismatchError, TrainingFailedError } from '../../domain/errors.js';
import type {
  BoosterLibraryInfo,
  FeatureMatrix,
  ModelLibrary,
  TrainedModel,
} from '../../domain/model/model.js';
import type { Logger } from '../../ports/logger.port.js';
import type { ModelTrainer, PredictRequest, TrainRequest } from '../../ports/model-trainer.port.js';
import {
  type BoosterJobInputs,
  type BoosterJobLimits,
  type BoosterJobObserver,
  type BoosterJobResult,
  type BoosterJobSpec,
  resolveWorkerScript,
  runBoosterJob,
} from './booster-child.js';
import type { BoosterDriver } from './booster-driver.js';
import { BoosterWorkerPool } from './booster-worker-pool.js';
import { type LibraryHints, librarySearch, type LocatedLibrary, locateLibrary } from './locate-library.js';

/** One trainer's settings; the driver says which library. */
export interface ChildProcessTrainerSettings extends LibraryHints {
  /** The compiled worker script; by default the driver's workerModule beside this module (or its dist/ twin). */
  readonly workerScript?: string | undefined;
  /** After SIGTERM, how long before SIGKILL (default 500 ms). */
  readonly killGraceMs?: number | undefined;
  /** Keep one worker process started ahead of the next job (default true). */
  readonly warmSpare?: boolean | undefined;
  readonly observer?: BoosterJobObserver | undefined;
}

const VERSION_TIMEOUT_MS = 30_000;

/**
 * A ModelTrainer for any booster library (the driver): every job runs in its own worker process
 * (see runBoosterJob). Predict checks the feature names and their order against the model's
 * before any process starts. The library is looked for per job, so a fix needs no restart.
 */
export class ChildProcessTrainer implements ModelTrainer {
  readonly library: ModelLibrary;
  private described: Promise<BoosterLibraryInfo> | undefined;
  private readonly workers: BoosterWorkerPool;

  constructor(
    private readonly driver: BoosterDriver,
    private readonly settings: ChildProcessTrainerSettings,
    private readonly logger: Logger,
  ) {
    this.library = driver.library;
    this.workers = new BoosterWorkerPool(settings.warmSpare ?? true);
  }

  async version(): Promise<string> {
    return (await this.describe()).version;
  }

  /**
   * One worker answers for every caller: the horizons of a night ask at once, side by side, and
   * share its answer. A failed ask is forgotten, so the next one (a retry) asks again.
   */
  describe(): Promise<BoosterLibraryInfo> {
    this.described ??= this.askLibrary().catch((error: unknown) => {
      this.described = undefined;
      throw error;
    });
    return this.described;
  }

  private async askLibrary(): Promise<BoosterLibraryInfo> {
    const located = this.locate();
    const result = await this.run(
      { kind: 'version', libraryPath: located.path, declaredVersion: located.declaredVersion },
      {},
      { timeoutMs: VERSION_TIMEOUT_MS },
    );
    return {
      library: this.library,
      version: result.version,
      path: located.path,
      origin: located.origin,
      supported: this.driver.supported.text,
    };
  }

  async train(request: TrainRequest): Promise<TrainedModel> {
    const { features } = request;
    this.checkMatrix(features, 'train');
    if (request.labels.length !== features.rows) {
      throw new TrainingFailedError(
        `${this.library} train: ${request.labels.length} labels for ${features.rows} rows`,
      );
    }
    const result = await this.run(
      {
        kind: 'train',
        ...this.matrixJob(features),
        params: this.driver.params(request.params, {
          seed: request.seed,
          threads: Math.max(1, request.threads),
          labels: request.labels,
        }),
        rounds: request.rounds,
      },
      { features: features.values, labels: request.labels },
      { timeoutMs: request.timeoutMs, signal: request.signal, jobName: request.jobName },
    );
    if (result.model === undefined)
      throw new TrainingFailedError(`${this.library} train job returned no model`);
    return {
      library: this.library,
      libraryVersion: result.version,
      format: this.driver.modelFormat,
      content: result.model,
      featureNames: [...features.featureNames],
    };
  }

  async predict(request: PredictRequest): Promise<Float64Array> {
    const { model, features } = request;
    if (model.library !== this.library || model.format !== this.driver.modelFormat) {
      throw new ModelMismatchError(
        `a ${model.library} model (${model.format}) cannot be used by the ${this.library} trainer`,
      );
    }
    const expected = model.featureNames;
    const actual = features.featureNames;
    if (expected.length !== actual.length || expected.some((name, i) => name !== actual[i])) {
      throw new ModelMismatchError(
        `${this.library} model was trained on features [${expected.join(', ')}] but asked to predict on [${actual.join(', ')}]`,
        { hint: 'build the prediction matrix with the model metadata feature names, in order' },
      );
    }
    this.checkMatrix(features, 'predict');
    if (features.rows === 0) return new Float64Array(0);
    const result = await this.run(
      {
        kind: 'predict',
        ...this.matrixJob(features),
        threads: Math.max(1, request.threads),
      },
      { features: features.values, model: model.content },
      { timeoutMs: request.timeoutMs, signal: request.signal, jobName: request.jobName },
    );
    if (result.predictions === undefined)
      throw new TrainingFailedError(`${this.library} predict job returned nothing`);
    return result.predictions;
  }

  /** Throws LibraryMissingError naming the library and how to get it. */
  private locate(): LocatedLibrary {
    return locateLibrary(librarySearch(this.driver, this.settings));
  }

  /** What every train and predict job carries: the library found now, the matrix's shape and names. */
  private matrixJob(features: FeatureMatrix) {
    const located = this.locate();
    return {
      libraryPath: located.path,
      declaredVersion: located.declaredVersion,
      rows: features.rows,
      cols: features.cols,
      featureNames: [...features.featureNames],
    };
  }

  private checkMatrix(features: FeatureMatrix, job: string): void {
    const { rows, cols, values, featureNames } = features;
    if (values.length !== rows * cols || featureNames.length !== cols || (job === 'train' && rows === 0)) {
      throw new TrainingFailedError(
        `${this.library} ${job}: feature matrix ${rows}x${cols} with ${values.length} values and ${featureNames.length} names`,
      );
    }
  }

  private async run(
    spec: BoosterJobSpec,
    inputs: BoosterJobInputs,
    limits: BoosterJobLimits,
  ): Promise<BoosterJobResult> {
    const settings = {
      library: this.library,
      workerScript: this.settings.workerScript ?? resolveWorkerScript(this.driver.workerModule),
      workers: this.workers,
      killGraceMs: this.settings.killGraceMs ?? 500,
      howToGet: this.driver.locations(this.settings.platform ?? process.platform).howToGet,
      observer: this.settings.observer,
    };
    const result = await runBoosterJob(settings, spec, inputs, limits);
    this.logger.debug('booster job done', {
      library: this.library,
      job: spec.kind,
      wallMs: Math.round(result.stats.wallMs),
      nativeMs: Math.round(result.stats.nativeMs),
      maxRssKb: result.stats.maxRssKb,
    });
    return result;
  }
}
