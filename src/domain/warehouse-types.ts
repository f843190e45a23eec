import type { Frequency, Horizon } from './horizon.js';

/** A training table of one horizon as the warehouse holds it. */
export interface TrainingTableInfo {
  readonly horizon: Horizon;
  /** Fully qualified, e.g. `training.zl_training_prod_allhistory_1m`. */
  readonly table: string;
  readonly frequency: Frequency;
  /** Periods of `frequency` the target looks ahead. */
  readonly periods: number;
}

/** What an export wrote. */
export interface ExportSummary {
  readonly horizon: Horizon;
  readonly table: string;
  readonly query: string;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly firstDate: string | null;
  readonly lastDate: string | null;
}

/** One forecast row of the predictions table. Dates are YYYY-MM-DD; created_at ISO 8601. */
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
  readonly run_id: string;
  readonly created_at: string;
}
