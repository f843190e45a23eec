import type { UploadDetails } from '../../../domain/night/stage-details.js';
import { ArtifactIoError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import type { PredictionRow } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { predictionsKey, readPredictionsFile } from './predictions-file.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

export interface UploadStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
}

/**
 * The upload stage: this run's forecasts (every model's, the champion's marked `is_champion`)
 * into the warehouse's predictions table. Idempotent per run: the warehouse replaces the run's
 * rows, so a retry or a second upload of the same run never duplicates a row. A forecast another
 * run already stored (same as-of date, horizon, model version, role and value: a second run on
 * the same data) is not stored again.
 */
export function createUploadStage(deps: UploadStageDeps): StageBody<'upload'> {
  return async (context: StageContext): Promise<StageResult<UploadDetails>> => {
    const file = await readPredictionsFile(deps.artifacts, context.runId);
    if (file === undefined) {
      throw new ArtifactIoError(`no forecasts to upload: ${predictionsKey(context.runId)} is missing`, {
        hint: 'the predict stage of this run writes it; run again',
      });
    }
    const horizons: Horizon[] = [...new Set(file.rows.map((r) => r.horizon))];
    const stored = new Set<string>();
    for (const horizon of horizons) {
      for (const row of await deps.warehouse.readPredictions(horizon)) {
        if (row.run_id !== context.runId) stored.add(forecastIdentity(row));
      }
    }
    const rows = file.rows.filter((row) => !stored.has(forecastIdentity(row)));
    await deps.warehouse.writePredictions(context.runId, rows);
    context.logger.info('forecasts uploaded', {
      rows: rows.length,
      already_stored: file.rows.length - rows.length,
      horizons,
    });
    return {
      status: 'succeeded',
      details: {
        rows: rows.length,
        champion_rows: rows.filter((r) => r.is_champion).length,
        already_stored: file.rows.length - rows.length,
        horizons,
      },
    };
  };
}

/** What makes two rows the same forecast, whichever run stored them. */
function forecastIdentity(row: PredictionRow): string {
  return JSON.stringify([
    row.as_of_date,
    row.horizon,
    row.target_date,
    row.surface,
    row.model_name,
    row.model_version,
    row.is_champion,
    row.predicted_price,
  ]);
}
