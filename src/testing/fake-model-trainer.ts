import { z } from 'zod';
import {
  LibraryMissingError,
  ModelMismatchError,
  StageTimeoutError,
  TrainingFailedError,
} from '../domain/errors.js';
import type { BoosterLibraryInfo, FeatureMatrix, ModelLibrary, TrainedModel } from '../domain/model/model.js';
import type { ModelTrainer, PredictRequest, TrainRequest } from '../ports/model-trainer.port.js';

/** How the fake misbehaves; by default it learns and predicts like a real trainer. */
export interface FakeModelTrainerOptions {
  /** The library this fake stands in for (default `lightgbm`). */
  readonly library?: ModelLibrary;
  readonly version?: string;
  /** The next `count` train calls throw TrainingFailedError with this `transient` flag. */
  readonly failTrain?: { readonly count: number; readonly transient: boolean };
  /** Train (and predict) never finish on their own: they end with StageTimeoutError when the
   *  signal aborts or `timeoutMs` passes, like a hung native library killed by its adapter. */
  readonly hang?: boolean;
  /** Every call (version too) throws LibraryMissingError, as when the native library is absent. */
  readonly missingLibrary?: boolean;
  /**
   * Models trained by these library versions cannot be read by this one: predict throws
   * ModelMismatchError, as an older XGBoost does for a newer one's model.
   */
  readonly unreadableVersions?: readonly string[];
  /** Ridge penalty of the least-squares learner (default 1e-6: plain OLS, kept solvable). */
  readonly ridge?: number;
}

/** The model file of the fake: a linear model, written as canonical JSON. */
const fakeModelSchema = z.object({
  kind: z.literal('cbi-fake-linear'),
  featureNames: z.array(z.string()),
  /** Per-column mean used to fill a missing (NaN) value, in training. */
  fill: z.array(z.number()),
  intercept: z.number(),
  weights: z.array(z.number()),
});
type FakeModel = z.infer<typeof fakeModelSchema>;

/**
 * A ModelTrainer with a real, tiny, deterministic learner: ridge-regularised ordinary least squares
 * (NaN filled with the column's training mean). Same data gives byte-identical model content; the
 * content is JSON, so the `format` field only mirrors the stood-in library and no real library can
 * read it. Records every call for assertions.
 */
export class FakeModelTrainer implements ModelTrainer {
  readonly library: ModelLibrary;
  readonly trainCalls: TrainRequest[] = [];
  readonly predictCalls: PredictRequest[] = [];
  private failuresLeft: number;

  constructor(private readonly options: FakeModelTrainerOptions = {}) {
    this.library = options.library ?? 'lightgbm';
    this.failuresLeft = options.failTrain?.count ?? 0;
  }

  private get libraryVersion(): string {
    return this.options.version ?? 'fake-1.0.0';
  }

  private assertLibrary(): void {
    if (this.options.missingLibrary === true) {
      throw new LibraryMissingError(
        `${this.library} library not found (fake): run \`npm run provision\` to install it`,
        { hint: 'npm run provision' },
      );
    }
  }

  async version(): Promise<string> {
    await Promise.resolve();
    this.assertLibrary();
    return this.libraryVersion;
  }

  async describe(): Promise<BoosterLibraryInfo> {
    return {
      library: this.library,
      version: await this.version(),
      path: `memory:${this.library}`,
      origin: 'in-memory fake',
      supported: 'any (fake)',
    };
  }

  async train(request: TrainRequest): Promise<TrainedModel> {
    this.trainCalls.push(request);
    this.assertLibrary();
    checkShape(request.features, request.labels.length);
    if (this.options.hang === true)
      await hangUntilStopped(this.library, 'train', request.timeoutMs, request.signal);
    if (request.signal?.aborted === true) throw stopped(this.library, 'train');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new TrainingFailedError(`${this.library} training failed (fake, injected)`, {
        transient: this.options.failTrain?.transient ?? false,
      });
    }
    const model = fitLinear(request.features, request.labels, this.options.ridge ?? 1e-6);
    // one solve stands for every round: all done at once
    request.onRounds?.(request.rounds);
    return {
      library: this.library,
      libraryVersion: this.libraryVersion,
      format: this.library === 'lightgbm' ? 'lightgbm-text' : 'xgboost-json',
      content: new TextEncoder().encode(JSON.stringify(model)),
      featureNames: [...request.features.featureNames],
    };
  }

  async predict(request: PredictRequest): Promise<Float64Array> {
    this.predictCalls.push(request);
    assertSameFeatures(request.model.featureNames, request.features.featureNames, this.library);
    this.assertLibrary();
    if (this.options.hang === true)
      await hangUntilStopped(this.library, 'predict', request.timeoutMs, request.signal);
    if (request.signal?.aborted === true) throw stopped(this.library, 'predict');
    if (this.options.unreadableVersions?.includes(request.model.libraryVersion) === true) {
      throw new ModelMismatchError(
        `${this.library} predict job: ${this.library} ${this.libraryVersion} cannot read the model: it was saved by ${request.model.libraryVersion} (fake)`,
      );
    }
    const model = parseModel(request.model.content, this.library);
    assertSameFeatures(model.featureNames, request.features.featureNames, this.library);
    const { rows, cols, values } = request.features;
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r += 1) {
      let sum = model.intercept;
      for (let c = 0; c < cols; c += 1) {
        const v = values[r * cols + c] ?? Number.NaN;
        sum += (Number.isNaN(v) ? (model.fill[c] ?? 0) : v) * (model.weights[c] ?? 0);
      }
      out[r] = sum;
    }
    return out;
  }
}

function checkShape(features: FeatureMatrix, labels: number): void {
  if (
    features.values.length !== features.rows * features.cols ||
    features.featureNames.length !== features.cols
  ) {
    throw new TrainingFailedError(
      `feature matrix shape ${features.rows}x${features.cols} does not match its data`,
    );
  }
  if (labels !== features.rows) {
    throw new TrainingFailedError(`${labels} labels for ${features.rows} rows`);
  }
}

function assertSameFeatures(
  expected: readonly string[],
  actual: readonly string[],
  library: ModelLibrary,
): void {
  const same = expected.length === actual.length && expected.every((name, i) => name === actual[i]);
  if (!same) {
    throw new ModelMismatchError(
      `${library} model was trained on features [${expected.join(', ')}], asked to predict on [${actual.join(', ')}]`,
    );
  }
}

function stopped(library: ModelLibrary, job: string): StageTimeoutError {
  return new StageTimeoutError(`${library} ${job} stopped: timed out or aborted`, { transient: true });
}

function hangUntilStopped(
  library: ModelLibrary,
  job: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      reject(stopped(library, job));
    }, timeoutMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(stopped(library, job));
    };
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function parseModel(content: Uint8Array, library: ModelLibrary): FakeModel {
  try {
    return fakeModelSchema.parse(JSON.parse(new TextDecoder().decode(content)));
  } catch (cause) {
    throw new TrainingFailedError(`${library} model content is not a fake model`, { cause });
  }
}

/** Least squares on [1, x] by the normal equations, solved with partial-pivot Gauss elimination. */
function fitLinear(features: FeatureMatrix, labels: Float64Array, ridge: number): FakeModel {
  const { rows, cols, values } = features;
  const fill = columnMeans(features);
  const n = cols + 1;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  const x = new Float64Array(n);
  for (let r = 0; r < rows; r += 1) {
    x[0] = 1;
    for (let c = 0; c < cols; c += 1) {
      const v = values[r * cols + c] ?? Number.NaN;
      x[c + 1] = Number.isNaN(v) ? (fill[c] ?? 0) : v;
    }
    const y = labels[r] ?? 0;
    for (let i = 0; i < n; i += 1) {
      const xi = x[i] ?? 0;
      b[i] = (b[i] ?? 0) + xi * y;
      for (let j = 0; j < n; j += 1) a[i * n + j] = (a[i * n + j] ?? 0) + xi * (x[j] ?? 0);
    }
  }
  for (let i = 1; i < n; i += 1) a[i * n + i] = (a[i * n + i] ?? 0) + ridge * Math.max(1, rows);
  const beta = solve(a, b, n);
  return {
    kind: 'cbi-fake-linear',
    featureNames: [...features.featureNames],
    fill,
    intercept: beta[0] ?? 0,
    weights: Array.from(beta.subarray(1)),
  };
}

function columnMeans({ rows, cols, values }: FeatureMatrix): number[] {
  const means: number[] = [];
  for (let c = 0; c < cols; c += 1) {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < rows; r += 1) {
      const v = values[r * cols + c] ?? Number.NaN;
      if (!Number.isNaN(v)) {
        sum += v;
        count += 1;
      }
    }
    means.push(count === 0 ? 0 : sum / count);
  }
  return means;
}

function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const at = (i: number, j: number): number => a[i * n + j] ?? 0;
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(at(r, col)) > Math.abs(at(pivot, col))) pivot = r;
    if (Math.abs(at(pivot, col)) < 1e-12) continue; // a constant column: its weight stays 0
    if (pivot !== col) {
      for (let j = 0; j < n; j += 1) {
        const t = at(col, j);
        a[col * n + j] = at(pivot, j);
        a[pivot * n + j] = t;
      }
      const t = b[col] ?? 0;
      b[col] = b[pivot] ?? 0;
      b[pivot] = t;
    }
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const factor = at(r, col) / at(col, col);
      if (factor === 0) continue;
      for (let j = col; j < n; j += 1) a[r * n + j] = at(r, j) - factor * at(col, j);
      b[r] = (b[r] ?? 0) - factor * (b[col] ?? 0);
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const d = at(i, i);
    out[i] = Math.abs(d) < 1e-12 ? 0 : (b[i] ?? 0) / d;
  }
  return out;
}
