import { TrainingFailedError } from '../../../domain/errors.js';
import type { ModelMetadata } from '../../../domain/model/model-metadata.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { AuditedTable } from '../table/audit-horizon.js';
import type { ModelRegistry } from '../train/model-registry.js';
import { selectRows, trainingData, type FeatureDrift } from '../train/training-data.js';

/** One model's forecast of a row: the return it predicts, and what of its features the table lacked. */
export interface ModelForecast {
  readonly metadata: ModelMetadata;
  readonly predictedReturn: number;
  readonly drift: FeatureDrift;
}

/**
 * A model's forecast for one row of the audited table. The features are the model's own, in its
 * order, with the categories it learned: a column the table no longer has, or a category the
 * model never saw, reads as missing and is reported in `drift` (a changed schema is a finding,
 * not a crash). Throws ModelCorruptError for a damaged model file, TrainingFailedError when the
 * library fails or forecasts nothing finite.
 */
export async function forecastRow(
  deps: {
    readonly registry: ModelRegistry;
    readonly trainers: readonly ModelTrainer[];
    readonly threads: number;
    readonly jobTimeoutMs: number;
  },
  metadata: ModelMetadata,
  audited: AuditedTable,
  row: number,
  signal: AbortSignal,
): Promise<ModelForecast> {
  const { data, drift } = trainingData(audited, {
    featureNames: metadata.feature_names,
    categories: metadata.categories ?? {},
  });
  const trainer = deps.trainers.find((t) => t.library === metadata.library);
  if (trainer === undefined)
    throw new TrainingFailedError(
      `no ${metadata.library} trainer is configured to load ${metadata.model_name} ${metadata.version}`,
    );
  const model = await deps.registry.loadModel(metadata);
  const predicted = await trainer.predict({
    jobName: `horizon ${metadata.horizon} ${metadata.model_name} ${metadata.version}`,
    model,
    features: selectRows(data.features, [row]),
    threads: deps.threads,
    timeoutMs: deps.jobTimeoutMs,
    signal,
  });
  const value = predicted[0];
  if (value === undefined || !Number.isFinite(value))
    throw new TrainingFailedError(`${metadata.model_name} ${metadata.version} predicted no finite value`);
  return { metadata, predictedReturn: value, drift };
}

/** Whether the drift is worth reporting. */
export function hasDrift(drift: FeatureDrift): boolean {
  return drift.missing.length > 0 || Object.keys(drift.unseenCategories).length > 0;
}
