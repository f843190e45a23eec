import { beforeAll, describe, expect, it } from 'vitest';
import { LibraryMissingError, ModelMismatchError, StageTimeoutError } from '../../domain/errors.js';
import type { FeatureMatrix, TrainedModel } from '../../domain/model/model.js';
import type { ModelTrainer, TrainRequest } from '../../ports/model-trainer.port.js';
import { contractTitle } from './contract-title.js';

/** Training data for the suite: a feature matrix and one label per row. */
export interface ModelTrainerData {
  readonly features: FeatureMatrix;
  readonly labels: Float64Array;
}

export interface ModelTrainerSubject {
  readonly trainer: ModelTrainer;
  /**
   * Real data a model can learn from (a matrix cut from real series, at least two features):
   * the suite checks that the model fits it better than the labels' mean.
   */
  readonly data: ModelTrainerData;
  /** Parameters and rounds of a normal job (the embedded preset for real libraries). */
  readonly params: TrainRequest['params'];
  readonly rounds: number;
  /** A trainer and job that do not end within a few seconds (a hung library, or a huge job). */
  readonly stuck: {
    readonly trainer: ModelTrainer;
    readonly params: TrainRequest['params'];
    readonly rounds: number;
  };
  /** The same kind of trainer whose library is absent. */
  readonly missing: ModelTrainer;
}

/** Behaviours every ModelTrainer shows, on the real data its subject brings. */
export function modelTrainerContract(
  name: string,
  create: () => Promise<ModelTrainerSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('ModelTrainer', name, skip), { timeout: 120_000 }, () => {
    let subject: ModelTrainerSubject;
    let data: ModelTrainerData;
    /** Trained once in beforeAll (real trainings take seconds). */
    let model: TrainedModel;
    const request = (overrides: Partial<TrainRequest> = {}): TrainRequest => ({
      features: data.features,
      labels: data.labels,
      params: subject.params,
      rounds: subject.rounds,
      seed: 42,
      threads: 1,
      timeoutMs: 120_000,
      ...overrides,
    });

    beforeAll(async () => {
      subject = await create();
      data = subject.data;
      model = await subject.trainer.train(request());
    });

    it('reports its library version', async () => {
      expect(await subject.trainer.version()).toMatch(/\S/);
    });

    it('describes its library (version, file, origin, supported range) and records the version in each model', async () => {
      const described = await subject.trainer.describe();
      expect(described).toMatchObject({
        library: subject.trainer.library,
        version: await subject.trainer.version(),
      });
      expect(described.path).toMatch(/\S/);
      expect(described.origin).toMatch(/\S/);
      expect(described.supported).toMatch(/\S/);
      expect(model.libraryVersion).toBe(described.version);
    });

    it('trains a model that predicts one finite value per row and fits better than the mean', async () => {
      expect(model.library).toBe(subject.trainer.library);
      expect(model.featureNames).toEqual(data.features.featureNames);
      const predictions = await subject.trainer.predict({
        model,
        features: data.features,
        threads: 1,
        timeoutMs: 60_000,
      });
      expect(predictions).toHaveLength(data.features.rows);
      expect(predictions.every(Number.isFinite)).toBe(true);
      expect(meanSquaredError(predictions, data.labels)).toBeLessThan(variance(data.labels));
    });

    it('gives byte-identical models for the same data, parameters and seed', async () => {
      const second = await subject.trainer.train(request());
      expect(model.content.byteLength).toBeGreaterThan(0);
      expect(Buffer.from(second.content).equals(Buffer.from(model.content))).toBe(true);
    });

    it('predicts the same from a copy of the saved model bytes', async () => {
      const copy = { ...model, content: Uint8Array.from(model.content) };
      const predict = (m: TrainedModel) =>
        subject.trainer.predict({ model: m, features: data.features, threads: 1, timeoutMs: 60_000 });
      expect(await predict(copy)).toEqual(await predict(model));
    });

    it('refuses features in another order than the model was trained on', async () => {
      const names = [...data.features.featureNames];
      [names[0], names[1]] = [names[1] ?? '', names[0] ?? ''];
      const swapped: FeatureMatrix = { ...data.features, featureNames: names };
      await expect(
        subject.trainer.predict({ model, features: swapped, threads: 1, timeoutMs: 60_000 }),
      ).rejects.toBeInstanceOf(ModelMismatchError);
    });

    it('fails a job past its timeout with StageTimeoutError', async () => {
      const { trainer, params, rounds } = subject.stuck;
      const started = performance.now();
      await expect(trainer.train(request({ params, rounds, timeoutMs: 1500 }))).rejects.toBeInstanceOf(
        StageTimeoutError,
      );
      expect(performance.now() - started).toBeLessThan(10_000);
    });

    it('stops a job when its signal aborts', async () => {
      const { trainer, params, rounds } = subject.stuck;
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('run deadline')), 800);
      await expect(
        trainer.train(request({ params, rounds, timeoutMs: 120_000, signal: controller.signal })),
      ).rejects.toBeInstanceOf(StageTimeoutError);
    });

    it('says in one line how to get a missing library', async () => {
      const failure = await subject.missing.version().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(LibraryMissingError);
      const message = failure instanceof Error ? failure.message : '';
      expect(message).not.toContain('\n');
      expect(message).toMatch(/npm run provision|brew install/);
      await expect(subject.missing.train(request())).rejects.toBeInstanceOf(LibraryMissingError);
    });
  });
}

function meanSquaredError(predictions: Float64Array, labels: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i += 1) sum += ((predictions[i] ?? 0) - (labels[i] ?? 0)) ** 2;
  return sum / labels.length;
}

function variance(values: Float64Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
}
