import type { ServiceIdentifier } from 'inversify';
import type { Table } from 'apache-arrow';
import type { CbiError } from '../domain/errors.js';
import type { IngestOutcome, IngestRecord, Series } from '../domain/data/series.js';
import type { TableFile } from '../domain/data/table-file.js';
import type { RoleSettings } from '../domain/data/table-roles.js';
import type { TrainingSpec } from '../domain/data/training-features.js';
import type { TrainingTableInfo } from '../domain/data/warehouse-types.js';

/** A rebuilt training table, as the gate reads it (the same Arrow as `Warehouse.readTrainingTable`). */
export interface RebuiltTable {
  readonly info: TrainingTableInfo;
  readonly table: Table;
}

/** A check the rebuilt tables must pass before a refresh is committed. */
export interface RefreshGate {
  /** The error that refuses the rebuilt tables (the refresh is rolled back), or undefined to accept them. */
  judge(tables: readonly RebuiltTable[]): CbiError | undefined;
}

/** What a refresh did. */
export interface RefreshOutcome {
  readonly outcomes: readonly IngestOutcome[];
  readonly tables: readonly TrainingTableInfo[];
}

/**
 * Loads a warehouse that we fill ourselves (the embedded DuckDB default; BigQuery is filled
 * upstream and has no loader). Errors: WarehouseQueryError, WarehouseUnavailableError.
 */
export interface WarehouseLoader {
  /**
   * Stores the series in `raw` atomically: all of them or none. A series whose file hash is
   * already recorded is left as it is (`changed: false`), so re-ingesting changes nothing.
   */
  ingestSeries(series: readonly Series[], options: { readonly now: Date }): Promise<readonly IngestOutcome[]>;
  /** The ingest record of every series held, by series id. */
  ingestLog(): Promise<readonly IngestRecord[]>;
  /**
   * Rebuilds `training.zl_training_prod_allhistory_<h>` for every horizon supported at the
   * target's frequency, atomically (readers see the old tables or the new ones).
   * Throws WarehouseQueryError when a series of the spec was never ingested.
   */
  buildTrainingTables(spec: TrainingSpec): Promise<readonly TrainingTableInfo[]>;
  /**
   * ingestSeries and buildTrainingTables in one transaction, then the gate judges the rebuilt
   * tables: when it refuses, everything is rolled back (the warehouse keeps its previous data)
   * and the gate's error is thrown.
   */
  refresh(
    series: readonly Series[],
    spec: TrainingSpec,
    options: { readonly now: Date; readonly gate?: RefreshGate | undefined },
  ): Promise<RefreshOutcome>;
  /**
   * Makes each file the horizon's training table exactly as it is (every column, any schema), in
   * one transaction; a horizon without a file has no table afterwards. `roles` finds each
   * table's date column (rows are ordered and dated by it). Throws SourceInvalidError naming the
   * file when it cannot be read as a table with a date column.
   */
  loadTrainingTables(
    files: readonly TableFile[],
    options: { readonly roles: RoleSettings },
  ): Promise<readonly TrainingTableInfo[]>;
}

export const WAREHOUSE_LOADER: ServiceIdentifier<WarehouseLoader> = Symbol.for('cbi.WarehouseLoader');
