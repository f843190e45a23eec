import type { Frequency, Horizon } from '../horizon.js';
import { SURFACE } from '../layout.js';

/** A training table of one horizon as the warehouse holds it. */
export interface TrainingTableInfo {
  readonly horizon: Horizon;
  /** Fully qualified, e.g. `training.zl_training_prod_allhistory_1m`. */
  readonly table: string;
  readonly frequency: Frequency;
  /** Periods of `frequency` the horizon spans (a table's own target is measured: see the quality report). */
  readonly periods: number;
  /** The column that dates the rows (`date` in the tables the product builds). */
  readonly dateColumn: string;
}

/** A column of an exported table: its name and the warehouse's type name (DATE, DOUBLE, ...). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** What an export wrote. */
export interface ExportSummary {
  readonly horizon: Horizon;
  readonly table: string;
  /** The statement whose result was written (for the manifest; not for callers to run). */
  readonly query: string;
  readonly rows: number;
  readonly columns: readonly ColumnInfo[];
  /** YYYY-MM-DD, null when the table is empty. */
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  /** The file format written to the staged path: `parquet` (DuckDB, BigQuery) or `arrow-ipc` (the fake). */
  readonly format: 'parquet' | 'arrow-ipc';
}

/**
 * One forecast row of the predictions table. Dates are YYYY-MM-DD; created_at ISO 8601.
 * `is_champion` marks the horizon's published forecast: its champion's, or the naive forecast
 * (`model_name` `naive`, `has_skill` false) when no model beats it; the latest views
 * (`predictions.vw_zl_<h>_latest`) show only those.
 */
export interface PredictionRow {
  readonly as_of_date: string;
  readonly horizon: Horizon;
  readonly target_date: string;
  readonly current_price: number;
  readonly predicted_price: number;
  readonly predicted_return: number;
  readonly model_name: string;
  readonly model_version: string;
  readonly surface: string;
  readonly is_champion: boolean;
  readonly run_id: string;
  readonly created_at: string;
  /**
   * Whether the forecast comes from a model that beats the naive forecast on its walk-forward
   * (the naive forecast itself: false). Absent on rows stored before the skill gate.
   */
  readonly has_skill?: boolean | undefined;
  /**
   * The forecast's prediction interval: split conformal from its model's walk-forward errors at
   * this horizon (docs/models.md), covering the outcome with probability `interval_level` if the
   * past errors are like the future ones. Absent on rows stored before intervals, or when the
   * walk-forward had too few forecasts for the level.
   */
  readonly interval_low?: number | undefined;
  readonly interval_high?: number | undefined;
  readonly interval_level?: number | undefined;
}

/**
 * One evaluation figure of a run (`predictions.evaluation_metrics`): e.g. MAPE of matured
 * forecasts or the Sharpe ratio of the walk-forward backtest of one model and horizon.
 */
export interface MetricRow {
  readonly run_id: string;
  readonly horizon: Horizon;
  readonly model_name: string;
  /** `mape`, `sharpe`, `rmse`, ... lower case. */
  readonly metric: string;
  readonly value: number;
  /** ISO 8601. */
  readonly created_at: string;
}

/** Fully qualified name of a horizon's training table (the seed's names). */
export function trainingTableName(horizon: Horizon): string {
  return `training.zl_training_${SURFACE}_allhistory_${horizon}`;
}

/** Fully qualified name of a horizon's latest-forecast view. */
export function latestPredictionsView(horizon: Horizon): string {
  return `predictions.vw_zl_${horizon}_latest`;
}
