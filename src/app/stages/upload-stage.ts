import { ArtifactIoError } from '../../domain/errors.js';
import type { ArtifactStore } from '../../ports/artifact-store.port.js';
import type { Warehouse } from '../../ports/warehouse.port.js';
import { predictionsKey, readPredictionsFile } from '../predictions-file.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

export interface UploadStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
}

/**
 * The upload stage: this run's forecasts (every model's, the champion's marked `is_champion`)
 * into the warehouse's predictions table. Idempotent per run: the warehouse replaces the run's
 * rows, so a retry or a second upload of the same run never duplicates a row.
 */
export function createUploadStage(deps: UploadStageDeps): StageBody {
  return async (context: StageContext): Promise<StageResult> => {
    const file = await readPredictionsFile(deps.artifacts, context.runId);
    if (file === undefined) {
      throw new ArtifactIoError(`no forecasts to upload: ${predictionsKey(context.runId)} is missing`, {
        hint: 'the predict stage of this run writes it; run again',
      });
    }
    await deps.warehouse.writePredictions(context.runId, file.rows);
    const horizons = [...new Set(file.rows.map((r) => r.horizon))];
    context.logger.info('forecasts uploaded', { rows: file.rows.length, horizons });
    return {
      status: 'succeeded',
      details: {
        rows: file.rows.length,
        champion_rows: file.rows.filter((r) => r.is_champion).length,
        horizons,
      },
    };
  };
}
