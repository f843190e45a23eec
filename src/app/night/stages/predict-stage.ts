import type { HorizonPredictOutcome, PredictDetails } from '../../../domain/night/stage-details.js';
import { CbiError, TrainingFailedError, summarizeError } from '../../../domain/errors.js';
import { horizonPeriods, type Horizon } from '../../../domain/horizon.js';
import { priceHistoryKey } from '../../../domain/layout.js';
import { stageName } from '../../../domain/night/pipeline-plan.js';
import type { PredictionRow } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { ModelTrainer } from '../../../ports/model-trainer.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { forecastHorizon, type ForecastSettings, type PriceHistory } from '../predict/forecast-horizon.js';
import { readAuditedTable } from '../table/audit-horizon.js';
import { ModelRegistry } from '../train/model-registry.js';
import { writePredictionsFile } from './predictions-file.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

export type PredictStageSettings = ForecastSettings;

export interface PredictStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly trainers: readonly ModelTrainer[];
  readonly clock: Clock;
  readonly settings: PredictStageSettings;
}

/**
 * The predict stage: for each horizon the data's frequency supports, the forecast from the
 * newest row the quality gate trusts (not from a placeholder tail), by the champion and the
 * newest version of every library, each model reading the features it was trained on. What a
 * horizon publishes follows the skill gate and the sanity band (docs/models.md). Writes
 * `Models/local/predictions/<run_id>.json` for the upload stage. A horizon blocked by the gate,
 * whose trusted rows stop too long before its newest row, or whose data is older than
 * `run.delivery.maxDataAge` on the clock (unless such forecasts are published flagged stale), is
 * not forecast (reported, with the data's age). Fails when a horizon broke and none published.
 */
export function createPredictStage(deps: PredictStageDeps): StageBody<'predict'> {
  const registry = new ModelRegistry(deps.artifacts);
  return async (context: StageContext): Promise<StageResult<PredictDetails>> => {
    const createdAt = deps.clock.now().toISOString();
    const tables = await deps.warehouse.trainingTables();
    const rows: PredictionRow[] = [];
    const horizons: Partial<Record<Horizon, HorizonPredictOutcome>> = {};
    const errors: unknown[] = [];
    const notForecast: string[] = [];
    for (const horizon of context.horizons) {
      const info = tables.find((t) => t.horizon === horizon);
      if (info === undefined || horizonPeriods(horizon, info.frequency) === undefined) continue;
      if (context.signal.aborted) throw context.signal.reason;
      try {
        const audited = await readAuditedTable(deps.warehouse, info, deps.settings.table, deps.clock.now());
        const forecast = await forecastHorizon({ ...deps, registry }, audited, context);
        const trainedTonight = context.earlier.get(stageName('train', horizon))?.status === 'succeeded';
        horizons[horizon] = { ...forecast.details, trained_tonight: trainedTonight };
        if (forecast.history !== undefined)
          await writePriceHistory(deps.artifacts, context.runId, horizon, forecast.history);
        if (forecast.kind === 'not_forecast') {
          notForecast.push(`${horizon}: ${forecast.reason}`);
          context.logger.warn('horizon not forecast', { horizon, reason: forecast.reason });
          continue;
        }
        for (const row of forecast.rows) rows.push({ ...row, run_id: context.runId, created_at: createdAt });
      } catch (error) {
        if (context.signal.aborted) throw error;
        context.logger.error('no forecast for horizon', { horizon, error: summarizeError(error).message });
        errors.push(error);
        horizons[horizon] = { error: summarizeError(error).message };
      }
    }
    const published = rows.filter((r) => r.is_champion).length;
    // A horizon that broke fails the stage when nothing was published; horizons that could not be
    // forecast (old or untrusted data: expected outcomes) leave a stage that did its job and a
    // night judged by what it delivered (degraded), not a broken one.
    if (published === 0 && errors.length > 0) throw nothingPublished(errors);
    if (published === 0) context.logger.warn('nothing published', { not_forecast: notForecast });
    const file = await writePredictionsFile(deps.artifacts, {
      schema_version: 1,
      run_id: context.runId,
      created_at: createdAt,
      rows,
    });
    context.logger.info('forecasts made', { horizons: Object.keys(horizons), rows: rows.length, file });
    return {
      status: 'succeeded',
      details: {
        file,
        rows: rows.length,
        published,
        naive_published: rows.filter((r) => r.is_champion && r.model_name === 'naive').length,
        not_forecast: notForecast,
        horizons,
      },
    };
  };
}

/** The real prices the forecast starts from, for the report (one file per horizon, replaced each night). */
async function writePriceHistory(
  artifacts: ArtifactStore,
  runId: string,
  horizon: Horizon,
  history: PriceHistory,
): Promise<void> {
  const file = {
    schema_version: 1,
    run_id: runId,
    horizon,
    as_of_date: history.dates.at(-1) ?? null,
    dates: history.dates,
    prices: history.prices,
  };
  await artifacts.write(priceHistoryKey(horizon), JSON.stringify(file));
}

function nothingPublished(errors: readonly unknown[]): CbiError {
  const first = errors[0];
  if (first instanceof CbiError) return first;
  return new TrainingFailedError('no horizon could be forecast', {
    cause: first,
    hint: 'a train stage must succeed at least once per horizon (see the train stages of this run)',
  });
}
