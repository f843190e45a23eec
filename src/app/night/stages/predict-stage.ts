import { CbiError, ModelMismatchError, TrainingFailedError, summarizeError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { SURFACE } from '../../../domain/layout.js';
import type { ModelMetadata } from '../../../domain/model/model-metadata.js';
import { addPeriods } from '../../../domain/data/period-dates.js';
import type { PredictionRow } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { ModelRegistry } from '../train/model-registry.js';
import { writePredictionsFile } from './predictions-file.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';
import { selectRows, toTrainingData, type TrainingData } from '../train/training-data.js';

export interface PredictStageSettings {
  /** Threads one prediction may use. */
  readonly threads: number;
  readonly jobTimeoutMs: number;
}

export interface PredictStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly trainers: readonly ModelTrainer[];
  readonly clock: Clock;
  readonly settings: PredictStageSettings;
}

interface Forecast {
  readonly metadata: ModelMetadata;
  readonly predictedReturn: number;
}

/**
 * The predict stage: for each horizon whose train stage did not skip it, the forecast for the
 * newest row (the latest date, whose target is not yet known) by the champion and by the newest
 * version of every library, each model checked against the feature names in its metadata.
 * Writes `Models/local/predictions/<run_id>.json` for the upload stage. A horizon whose train
 * stage failed tonight still gets its (older) champion's forecast. Fails when no champion could
 * forecast any horizon.
 */
export function createPredictStage(deps: PredictStageDeps): StageBody {
  const registry = new ModelRegistry(deps.artifacts);
  return async (context: StageContext): Promise<StageResult> => {
    const createdAt = deps.clock.now().toISOString();
    const rows: PredictionRow[] = [];
    const horizons: Record<string, unknown> = {};
    const errors: { horizon: Horizon; error: unknown }[] = [];
    for (const horizon of context.horizons) {
      const train = context.earlier.get(`train_${horizon}`);
      if (train?.status === 'skipped') continue;
      if (context.signal.aborted) throw context.signal.reason;
      try {
        const forecast = await predictHorizon(deps, registry, { horizon, context });
        if (forecast === undefined) continue;
        for (const row of forecast.rows) rows.push({ ...row, run_id: context.runId, created_at: createdAt });
        horizons[horizon] = { ...forecast.details, trained_tonight: train?.status === 'succeeded' };
      } catch (error) {
        if (context.signal.aborted) throw error;
        context.logger.error('no forecast for horizon', { horizon, error: summarizeError(error).message });
        errors.push({ horizon, error });
        horizons[horizon] = { error: summarizeError(error).message };
      }
    }
    const champions = rows.filter((r) => r.is_champion).length;
    if (champions === 0) {
      const first = errors[0]?.error;
      if (first instanceof CbiError) throw first;
      throw new TrainingFailedError('no champion model could forecast any horizon', {
        cause: first,
        hint: 'a train stage must succeed at least once per horizon (see the train stages of this run)',
      });
    }
    const file = await writePredictionsFile(deps.artifacts, {
      schema_version: 1,
      run_id: context.runId,
      created_at: createdAt,
      rows,
    });
    context.logger.info('forecasts made', { horizons: Object.keys(horizons), rows: rows.length, file });
    return {
      status: 'succeeded',
      details: { file, rows: rows.length, champion_forecasts: champions, horizons },
    };
  };
}

async function predictHorizon(
  deps: PredictStageDeps,
  registry: ModelRegistry,
  target: { readonly horizon: Horizon; readonly context: StageContext },
): Promise<
  { rows: Omit<PredictionRow, 'run_id' | 'created_at'>[]; details: Record<string, unknown> } | undefined
> {
  const { horizon, context } = target;
  const champion = await registry.champion(horizon);
  if (champion === undefined) {
    if (context.earlier.get(`train_${horizon}`)?.status === 'succeeded') {
      throw new TrainingFailedError(`${horizon} trained but has no champion`);
    }
    context.logger.warn('no champion yet: horizon not forecast', { horizon });
    return undefined;
  }
  const data = toTrainingData(await deps.warehouse.readTrainingTable(horizon), horizon);
  const latest = data.dates.length - 1;
  const asOf = data.dates[latest];
  const currentPrice = data.prices[latest] ?? Number.NaN;
  if (asOf === undefined || !(currentPrice > 0))
    throw new TrainingFailedError(`${horizon}: the newest row has no current price`);

  const candidates: ModelMetadata[] = [champion.metadata];
  for (const trainer of deps.trainers) {
    const newest = await registry.latest(horizon, trainer.library).catch(() => undefined);
    if (
      newest !== undefined &&
      !candidates.some((c) => c.model_name === newest.model_name && c.version === newest.version)
    )
      candidates.push(newest);
  }
  const forecasts: Forecast[] = [];
  const failures: Record<string, string> = {};
  for (const metadata of candidates) {
    const isChampion = metadata === champion.metadata;
    try {
      forecasts.push({
        metadata,
        predictedReturn: await predictLatest(deps, registry, metadata, data, context.signal),
      });
    } catch (error) {
      if (isChampion || context.signal.aborted) throw error;
      failures[`${metadata.model_name}/${metadata.version}`] = summarizeError(error).message;
      context.logger.warn('model could not forecast', {
        horizon,
        model: metadata.model_name,
        version: metadata.version,
        error: summarizeError(error).message,
      });
    }
  }
  const rows = forecasts.map((f) => ({
    as_of_date: asOf,
    horizon,
    target_date: addPeriods(asOf, f.metadata.horizon_periods, f.metadata.frequency),
    current_price: currentPrice,
    predicted_price: currentPrice * (1 + f.predictedReturn),
    predicted_return: f.predictedReturn,
    model_name: f.metadata.model_name,
    model_version: f.metadata.version,
    surface: SURFACE,
    is_champion: f.metadata === champion.metadata,
  }));
  const championRow = rows.find((r) => r.is_champion);
  return {
    rows,
    details: {
      as_of_date: asOf,
      target_date: championRow?.target_date ?? null,
      current_price: currentPrice,
      champion: championRow === undefined ? null : forecastDetails(championRow),
      models: rows.map(forecastDetails),
      ...(Object.keys(failures).length > 0 ? { failures } : {}),
    },
  };
}

function forecastDetails(row: Omit<PredictionRow, 'run_id' | 'created_at'>): Record<string, unknown> {
  return {
    model: row.model_name,
    version: row.model_version,
    predicted_price: row.predicted_price,
    predicted_return: row.predicted_return,
  };
}

/** One model's return forecast for the newest row, after checking the features against its metadata. */
async function predictLatest(
  deps: PredictStageDeps,
  registry: ModelRegistry,
  metadata: ModelMetadata,
  data: TrainingData,
  signal: AbortSignal,
): Promise<number> {
  const names = data.features.featureNames;
  const expected = metadata.feature_names;
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i])) {
    throw new ModelMismatchError(
      `${metadata.model_name} ${metadata.version} was trained on features [${expected.join(', ')}], the table now has [${names.join(', ')}]`,
      { hint: 'the next successful training replaces it' },
    );
  }
  const trainer = deps.trainers.find((t) => t.library === metadata.library);
  if (trainer === undefined)
    throw new TrainingFailedError(
      `no ${metadata.library} trainer is configured to load ${metadata.model_name} ${metadata.version}`,
    );
  const predicted = await trainer.predict({
    jobName: `horizon ${metadata.horizon} ${metadata.model_name} ${metadata.version}`,
    model: await registry.loadModel(metadata),
    features: selectRows(data.features, [data.dates.length - 1]),
    threads: deps.settings.threads,
    timeoutMs: deps.settings.jobTimeoutMs,
    signal,
  });
  const value = predicted[0];
  if (value === undefined || !Number.isFinite(value))
    throw new TrainingFailedError(`${metadata.model_name} ${metadata.version} predicted no finite value`);
  return value;
}
