import type { ServiceIdentifier } from 'inversify';
import type { Table } from 'apache-arrow';
import type { Horizon } from '../domain/horizon.js';
import type { ExportSummary, PredictionRow, TrainingTableInfo } from '../domain/warehouse-types.js';
import type { StagedArtifact } from './artifact-store.port.js';

/**
 * The training data warehouse (BigQuery in production, a DuckDB file by default), laid out as
 * schemas `raw`, `training`, `predictions`. Errors: WarehouseUnavailableError (transient when a
 * retry may help), WarehouseQueryError.
 */
export interface Warehouse {
  /** Cheap round trip; throws WarehouseUnavailableError. */
  ping(): Promise<void>;
  /** The training tables present, one per horizon that is supported at the data's frequency. */
  trainingTables(): Promise<readonly TrainingTableInfo[]>;
  /** The newest date in the horizon's training table (YYYY-MM-DD), or undefined when empty. */
  latestDataDate(horizon: Horizon): Promise<string | undefined>;
  /** The whole training table as Arrow, columnar (no per-row objects). */
  readTrainingTable(horizon: Horizon): Promise<Table>;
  /** Writes the table as Parquet to the staged artifact (the caller commits it). */
  exportTrainingTable(horizon: Horizon, target: StagedArtifact): Promise<ExportSummary>;
  /** Replaces this run's rows (idempotent per run) and refreshes the latest views. */
  writePredictions(runId: string, rows: readonly PredictionRow[]): Promise<void>;
  /** Every stored prediction of a horizon, oldest first. */
  readPredictions(horizon: Horizon): Promise<readonly PredictionRow[]>;
}

export const WAREHOUSE: ServiceIdentifier<Warehouse> = Symbol.for('cbi.Warehouse');
