import { writeFile } from 'node:fs/promises';
import { tableToIPC, type Table } from 'apache-arrow';
import { arrowTableFromColumns, isoToDays, type TypedColumn } from '../adapters/shared/arrow-columns.js';
import { WarehouseQueryError, WarehouseUnavailableError, type CbiError } from '../domain/errors.js';
import type { Frequency, Horizon } from '../domain/horizon.js';
import { DATE_COLUMN } from '../domain/data/training-features.js';
import {
  trainingTableName,
  type ExportSummary,
  type MetricRow,
  type PredictionRow,
  type TrainingTableInfo,
} from '../domain/data/warehouse-types.js';
import type { StagedArtifact } from '../ports/artifact-store.port.js';
import type { Warehouse } from '../ports/warehouse.port.js';

/** A training table for the fake: dates in order and numeric columns (null where missing). */
export interface FakeTrainingTable {
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  readonly periods: number;
  readonly dates: readonly string[];
  /** Column name -> one value per date; must include `zl_price` and `target_<h>`. */
  readonly columns: Readonly<Record<string, readonly (number | null)[]>>;
  /** Text columns (categorical features), after the numeric ones unless `columnOrder` says otherwise. */
  readonly texts?: Readonly<Record<string, readonly (string | null)[]>>;
  /** The columns' order (as a user's table has them); default: date, the numbers, the texts. */
  readonly columnOrder?: readonly string[];
}

/**
 * An in-memory Warehouse. Exports are written as Arrow IPC (the fake has no Parquet writer).
 * `failNext(n)` makes the next n calls throw a transient WarehouseUnavailableError.
 */
export class FakeWarehouse implements Warehouse {
  readonly #tables = new Map<Horizon, FakeTrainingTable>();
  #predictions: PredictionRow[] = [];
  #metrics: MetricRow[] = [];
  #failures = 0;
  #failure: () => CbiError = () =>
    new WarehouseUnavailableError('fake warehouse unavailable (injected)', { transient: true });
  /** Calls made, by method name (to see that a retry happened). */
  readonly calls = new Map<string, number>();

  constructor(tables: readonly FakeTrainingTable[] = []) {
    for (const table of tables) this.setTrainingTable(table);
  }

  setTrainingTable(table: FakeTrainingTable): void {
    for (const [name, values] of [...Object.entries(table.columns), ...Object.entries(table.texts ?? {})]) {
      if (values.length !== table.dates.length)
        throw new Error(`column ${name} has ${values.length} values for ${table.dates.length} dates`);
    }
    this.#tables.set(table.horizon, table);
  }

  removeTrainingTable(horizon: Horizon): void {
    this.#tables.delete(horizon);
  }

  /** The horizon's table as it was set, or undefined. */
  trainingTable(horizon: Horizon): FakeTrainingTable | undefined {
    return this.#tables.get(horizon);
  }

  /** The next `times` calls fail with `error` (default: transient WarehouseUnavailableError). */
  failNext(times: number, error?: () => CbiError): void {
    this.#failures = times;
    if (error) this.#failure = error;
  }

  async ping(): Promise<void> {
    this.#enter('ping');
  }

  async trainingTables(): Promise<readonly TrainingTableInfo[]> {
    this.#enter('trainingTables');
    return [...this.#tables.values()].map((t) => this.#info(t));
  }

  async latestDataDate(horizon: Horizon): Promise<string | undefined> {
    this.#enter('latestDataDate');
    const table = this.#table(horizon);
    return table.dates[table.dates.length - 1];
  }

  async readTrainingTable(horizon: Horizon): Promise<Table> {
    this.#enter('readTrainingTable');
    return arrowTableFromColumns(typedColumns(this.#table(horizon)));
  }

  async exportTrainingTable(horizon: Horizon, target: StagedArtifact): Promise<ExportSummary> {
    this.#enter('exportTrainingTable');
    const table = this.#table(horizon);
    await writeFile(target.localPath, tableToIPC(arrowTableFromColumns(typedColumns(table)), 'file'));
    const name = tableName(table);
    return {
      horizon,
      table: name,
      query: `SELECT * FROM ${name} ORDER BY date`,
      rows: table.dates.length,
      columns: [
        { name: DATE_COLUMN, type: 'DATE' },
        ...Object.keys(table.columns).map((c) => ({ name: c, type: 'DOUBLE' })),
        ...Object.keys(table.texts ?? {}).map((c) => ({ name: c, type: 'VARCHAR' })),
      ],
      firstDate: table.dates[0] ?? null,
      lastDate: table.dates[table.dates.length - 1] ?? null,
      format: 'arrow-ipc',
    };
  }

  async writePredictions(runId: string, rows: readonly PredictionRow[]): Promise<void> {
    this.#enter('writePredictions');
    const stranger = rows.find((row) => row.run_id !== runId);
    if (stranger)
      throw new WarehouseQueryError(`prediction row of run ${stranger.run_id} written under run ${runId}`);
    const key = (r: PredictionRow): string =>
      [r.as_of_date, r.horizon, r.model_name, r.model_version, r.surface].join('|');
    const incoming = new Set(rows.map(key));
    this.#predictions = [
      ...this.#predictions.filter((row) => row.run_id !== runId && !incoming.has(key(row))),
      ...rows,
    ];
  }

  async readPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    this.#enter('readPredictions');
    return this.#predictions
      .filter((row) => row.horizon === horizon)
      .sort(
        (a, b) =>
          compare(a.as_of_date, b.as_of_date) ||
          compare(a.created_at, b.created_at) ||
          compare(a.model_name, b.model_name),
      );
  }

  async readLatestPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    this.#enter('readLatestPredictions');
    const newest = new Map<string, PredictionRow>();
    for (const row of this.#predictions) {
      if (row.horizon !== horizon || !row.is_champion) continue;
      const current = newest.get(row.as_of_date);
      if (current === undefined || row.created_at > current.created_at) newest.set(row.as_of_date, row);
    }
    return [...newest.values()].sort((a, b) => compare(a.as_of_date, b.as_of_date));
  }

  async writeMetrics(runId: string, rows: readonly MetricRow[]): Promise<void> {
    this.#enter('writeMetrics');
    const stranger = rows.find((row) => row.run_id !== runId);
    if (stranger)
      throw new WarehouseQueryError(`metric row of run ${stranger.run_id} written under run ${runId}`);
    this.#metrics = [...this.#metrics.filter((row) => row.run_id !== runId), ...rows];
  }

  async readMetrics(runId?: string): Promise<readonly MetricRow[]> {
    this.#enter('readMetrics');
    return this.#metrics
      .filter((row) => runId === undefined || row.run_id === runId)
      .sort(
        (a, b) =>
          compare(a.created_at, b.created_at) ||
          compare(a.horizon, b.horizon) ||
          compare(a.model_name, b.model_name) ||
          compare(a.metric, b.metric),
      );
  }

  #enter(method: string): void {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw this.#failure();
    }
  }

  #table(horizon: Horizon): FakeTrainingTable {
    const table = this.#tables.get(horizon);
    if (table === undefined)
      throw new WarehouseQueryError(`training table ${trainingTableName(horizon)} does not exist`);
    return table;
  }

  #info(table: FakeTrainingTable): TrainingTableInfo {
    return {
      horizon: table.horizon,
      table: tableName(table),
      frequency: table.frequency,
      periods: table.periods,
      dateColumn: DATE_COLUMN,
    };
  }
}

function tableName(table: FakeTrainingTable): string {
  return trainingTableName(table.horizon);
}

function typedColumns(table: FakeTrainingTable): TypedColumn[] {
  const columns = unorderedColumns(table);
  const order = table.columnOrder;
  if (order === undefined) return columns;
  return [...columns].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}

function unorderedColumns(table: FakeTrainingTable): TypedColumn[] {
  const n = table.dates.length;
  const days = Int32Array.from(table.dates, isoToDays);
  return [
    { name: DATE_COLUMN, kind: 'date', days, valid: new Uint8Array(n).fill(1) },
    ...Object.entries(table.columns).map(([name, values]): TypedColumn => ({
      name,
      kind: 'double',
      values: Float64Array.from(values, (v) => v ?? 0),
      valid: Uint8Array.from(values, (v) => (v === null ? 0 : 1)),
    })),
    ...Object.entries(table.texts ?? {}).map(([name, texts]): TypedColumn => ({ name, kind: 'text', texts })),
  ];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
