import type { ServiceIdentifier } from 'inversify';
import type { Table } from 'apache-arrow';
import type { Horizon } from '../domain/horizon.js';
import type {
  ExportSummary,
  MetricRow,
  PredictionRow,
  TrainingTableInfo,
} from '../domain/data/warehouse-types.js';
import type { StagedArtifact } from './artifact-store.port.js';

/**
 * The training data warehouse (BigQuery in production, a DuckDB file by default), laid out as
 * schemas `raw`, `training`, `predictions`. Errors: WarehouseUnavailableError (transient when a
 * retry may help), WarehouseQueryError (a missing table is permanent).
 */
export interface Warehouse {
  /** Cheap round trip; throws WarehouseUnavailableError. */
  ping(): Promise<void>;
  /** The training tables present, one per horizon that is supported at the data's frequency. */
  trainingTables(): Promise<readonly TrainingTableInfo[]>;
  /** The newest date in the horizon's training table (YYYY-MM-DD), or undefined when empty. */
  latestDataDate(horizon: Horizon): Promise<string | undefined>;
  /**
   * The whole training table as Arrow, columnar (no per-row objects), every column in table
   * order, rows ordered by its date column: dates as DateDay (a timestamp column as a timestamp
   * to the millisecond, so the audit can report times of day), numbers as Float64 (BIGINT too; a
   * NaN in the warehouse reads as null), text as Utf8; columns of other types are left out.
   * Throws WarehouseQueryError when the table is missing.
   */
  readTrainingTable(horizon: Horizon): Promise<Table>;
  /** Writes the table, ordered by date, to the staged artifact (the caller commits it). */
  exportTrainingTable(horizon: Horizon, target: StagedArtifact): Promise<ExportSummary>;
  /**
   * Replaces this run's rows (idempotent per run: a re-run with the same id replaces, never
   * duplicates) and any earlier row of the same forecast (as_of_date, horizon, model_name,
   * model_version, surface) from another run, and keeps the latest views
   * (`predictions.vw_zl_<h>_latest`) current.
   */
  writePredictions(runId: string, rows: readonly PredictionRow[]): Promise<void>;
  /** Every stored prediction of a horizon, ordered by as_of_date, then created_at, then model_name. */
  readPredictions(horizon: Horizon): Promise<readonly PredictionRow[]>;
  /**
   * The latest view of a horizon: per as_of_date, the newest (by created_at) champion forecast.
   * Ordered by as_of_date.
   */
  readLatestPredictions(horizon: Horizon): Promise<readonly PredictionRow[]>;
  /** Replaces this run's metric rows (idempotent per run). */
  writeMetrics(runId: string, rows: readonly MetricRow[]): Promise<void>;
  /** Stored metric rows, of one run or all, ordered by created_at, horizon, model_name, metric. */
  readMetrics(runId?: string): Promise<readonly MetricRow[]>;
}

export const WAREHOUSE: ServiceIdentifier<Warehouse> = Symbol.for('cbi.Warehouse');
