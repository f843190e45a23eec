import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import {
  ArtifactIoError,
  CbiError,
  WarehouseQueryError,
  WarehouseUnavailableError,
} from '../../domain/errors.js';
import type { Horizon } from '../../domain/horizon.js';
import type { IngestOutcome, IngestRecord, Series } from '../../domain/data/series.js';
import type { TableFile } from '../../domain/data/table-file.js';
import type { RoleSettings } from '../../domain/data/table-roles.js';
import type { TrainingSpec } from '../../domain/data/training-features.js';
import {
  trainingTableName,
  type ExportSummary,
  type MetricRow,
  type PredictionRow,
  type TrainingTableInfo,
} from '../../domain/data/warehouse-types.js';
import type { StagedArtifact } from '../../ports/artifact-store.port.js';
import type { SetAsideFile } from '../../domain/night/run.js';
import type { Logger } from '../../ports/logger.port.js';
import type {
  RebuiltTable,
  RefreshGate,
  RefreshOutcome,
  WarehouseLoader,
} from '../../ports/warehouse-loader.port.js';
import type { Warehouse } from '../../ports/warehouse.port.js';
import { arrowTableFromColumns } from '../shared/arrow-columns.js';
import { describeTable, readTypedColumns } from './duckdb-columns.js';
import { buildTables, ingest, readIngestLog } from './duckdb-loading.js';
import { loadTables } from './duckdb-table-loading.js';
import { readTableInfos, tableShape } from './duckdb-table-registry.js';
import { schemaStatements, sqlIdent, sqlString } from './duckdb-schema.js';
import {
  readLatestPredictions,
  readMetrics,
  readPredictions,
  replaceMetrics,
  replacePredictions,
} from './duckdb-predictions.js';

/** How DuckDB and the system say a write found no room. */
const DISK_FULL = /No space left on device|ENOSPC|disk is full|Could not write .*bytes/i;

export interface DuckDbSettings {
  /** The database file (its folder is created), or `:memory:`. */
  readonly path: string;
  /** DuckDB worker threads; undefined lets DuckDB choose. */
  readonly threads?: number | undefined;
}

/** DuckDB's words for a file that is not one of its databases (garbage, zero length). */
const NOT_A_DATABASE = /not a valid DuckDB database file/i;

function unavailable(path: string, cause: unknown): WarehouseUnavailableError {
  const words = cause instanceof Error ? cause.message : String(cause);
  const locked = /lock/i.test(words);
  return new WarehouseUnavailableError(
    `cannot open the DuckDB warehouse ${path}${locked ? ' (another process holds it)' : ''}: ${words}`,
    {
      cause,
      transient: locked,
      hint: locked
        ? 'wait for the other run to end'
        : 'check the path (warehouse.path / CBI_WAREHOUSE_PATH) and its permissions',
    },
  );
}

/** Moves a corrupt database file (and its WAL, if any) to `<file>.corrupt-<time>`; returns the new name. */
async function setAside(path: string): Promise<string> {
  const aside = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, aside);
  const wal = await stat(`${path}.wal`).catch(() => undefined);
  if (wal !== undefined) await rename(`${path}.wal`, `${aside}.wal`);
  return aside;
}

/**
 * The embedded warehouse: one DuckDB file laid out like the BigQuery project (schemas `raw`,
 * `training`, `predictions`). Calls are serialized on one connection, so a transaction is
 * never interleaved with another call.
 */
export class DuckDbWarehouse implements Warehouse, WarehouseLoader {
  #queue: Promise<unknown> = Promise.resolve();
  /** training._tables as last read or built; reset by buildTrainingTables. */
  #tableCache: readonly TrainingTableInfo[] | undefined;
  /** Row count, columns and date range per training table; cleared by buildTrainingTables. */
  readonly #shapeCache = new Map<
    string,
    Pick<ExportSummary, 'rows' | 'columns' | 'firstDate' | 'lastDate'>
  >();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly settings: DuckDbSettings,
    private readonly logger: Logger,
    /** The corrupt file this open set aside (to be recorded on the run), or null. */
    readonly setAside: SetAsideFile | null,
  ) {}

  /**
   * Opens (creating when missing) the database and its schemas. A file DuckDB says is not a
   * database (garbage, zero length) is derived data: it is set aside as `<file>.corrupt-<time>`
   * (with its WAL), DuckDB's own words are logged, and a new one is created for the sources to
   * fill. Throws WarehouseUnavailableError, with DuckDB's words.
   */
  static async open(settings: DuckDbSettings, logger: Logger): Promise<DuckDbWarehouse> {
    let instance: DuckDBInstance;
    let setAsideFile: SetAsideFile | null = null;
    const options: Record<string, string> = settings.threads ? { threads: String(settings.threads) } : {};
    try {
      if (settings.path !== ':memory:') await mkdir(dirname(settings.path), { recursive: true });
      instance = await DuckDBInstance.create(settings.path, options);
    } catch (cause) {
      const words = cause instanceof Error ? cause.message : String(cause);
      if (settings.path !== ':memory:' && NOT_A_DATABASE.test(words)) {
        const aside = await setAside(settings.path);
        logger.error('warehouse corrupt: set aside and rebuilt from the sources', {
          path: settings.path,
          setAside: aside,
          duckdb: words,
        });
        instance = await DuckDBInstance.create(settings.path, options).catch((again: unknown) => {
          throw unavailable(settings.path, again);
        });
        setAsideFile = { what: 'warehouse', path: settings.path, moved_to: aside, reason: words };
      } else throw unavailable(settings.path, cause);
    }
    const connection = await instance.connect();
    const warehouse = new DuckDbWarehouse(instance, connection, settings, logger, setAsideFile);
    await warehouse.#exclusive('open', async () => {
      for (const statement of schemaStatements()) await connection.run(statement);
    });
    return warehouse;
  }

  /** Closes the connection and the database file. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  async ping(): Promise<void> {
    try {
      await this.#exclusive('ping', () => this.connection.run('SELECT 1'));
    } catch (cause) {
      throw new WarehouseUnavailableError(`DuckDB warehouse ${this.settings.path} does not answer`, {
        cause,
        transient: true,
      });
    }
  }

  async trainingTables(): Promise<readonly TrainingTableInfo[]> {
    return this.#exclusive('trainingTables', () => this.#tables());
  }

  async latestDataDate(horizon: Horizon): Promise<string | undefined> {
    return this.#exclusive('latestDataDate', async () => {
      const info = await this.#table(horizon);
      const reader = await this.connection.runAndReadAll(
        `SELECT CAST(CAST(max(${sqlIdent(info.dateColumn)}) AS DATE) AS VARCHAR) AS d FROM ${info.table}`,
      );
      const value = reader.getColumnsJS()[0]?.[0];
      return typeof value === 'string' ? value : undefined;
    });
  }

  async readTrainingTable(horizon: Horizon): Promise<Table> {
    return this.#exclusive('readTrainingTable', async () => this.#read(await this.#table(horizon)));
  }

  async #read(info: TrainingTableInfo): Promise<Table> {
    const described = await describeTable(this.connection, info.table);
    const { columns } = await readTypedColumns(this.connection, info.table, described, info.dateColumn);
    return arrowTableFromColumns(columns);
  }

  async exportTrainingTable(horizon: Horizon, target: StagedArtifact): Promise<ExportSummary> {
    return this.#exclusive('exportTrainingTable', async () => {
      const info = await this.#table(horizon);
      const query = `SELECT * FROM ${info.table} ORDER BY ${sqlIdent(info.dateColumn)}`;
      const copied = await this.connection.runAndReadAll(
        `COPY (${query}) TO ${sqlString(target.localPath)} (FORMAT parquet, COMPRESSION zstd)`,
      );
      const written = Number(copied.getColumnsJS()[0]?.[0] ?? -1);
      // the table's shape is cached between builds (this process holds the file's only write
      // lock), so an export costs one COPY: the benchmark holds it within 1.5x of a bare COPY
      let shape = this.#shapeCache.get(info.table);
      if (shape === undefined || shape.rows !== written) {
        shape = await tableShape(this.connection, info.table, info.dateColumn);
        this.#shapeCache.set(info.table, shape);
      }
      return { horizon, table: info.table, query, ...shape, format: 'parquet' };
    });
  }

  async writePredictions(runId: string, rows: readonly PredictionRow[]): Promise<void> {
    await this.#exclusive('writePredictions', () =>
      replacePredictions(this.connection, (work) => this.#transaction(work), runId, rows),
    );
  }

  async readPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    return this.#exclusive('readPredictions', () => readPredictions(this.connection, horizon));
  }

  async readLatestPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    return this.#exclusive('readLatestPredictions', () => readLatestPredictions(this.connection, horizon));
  }

  async writeMetrics(runId: string, rows: readonly MetricRow[]): Promise<void> {
    await this.#exclusive('writeMetrics', () =>
      replaceMetrics(this.connection, (work) => this.#transaction(work), runId, rows),
    );
  }

  async readMetrics(runId?: string): Promise<readonly MetricRow[]> {
    return this.#exclusive('readMetrics', () => readMetrics(this.connection, runId));
  }

  async ingestSeries(
    series: readonly Series[],
    options: { readonly now: Date },
  ): Promise<readonly IngestOutcome[]> {
    return this.#exclusive('ingestSeries', async () => {
      let outcomes: readonly IngestOutcome[] = [];
      await this.#transaction(async () => {
        outcomes = await ingest(this.connection, series, options.now);
      });
      this.logger.info('series ingested', {
        series: series.length,
        changed: outcomes.filter((o) => o.changed).length,
      });
      return outcomes;
    });
  }

  async ingestLog(): Promise<readonly IngestRecord[]> {
    return this.#exclusive('ingestLog', () => readIngestLog(this.connection));
  }

  async buildTrainingTables(spec: TrainingSpec): Promise<readonly TrainingTableInfo[]> {
    return this.#exclusive('buildTrainingTables', async () => {
      let tables: readonly TrainingTableInfo[] = [];
      await this.#transaction(async () => {
        tables = await buildTables(this.connection, spec);
      });
      this.logger.info('training tables built', { tables: tables.map((t) => t.table) });
      return tables;
    });
  }

  async refresh(
    series: readonly Series[],
    spec: TrainingSpec,
    options: { readonly now: Date; readonly gate?: RefreshGate | undefined },
  ): Promise<RefreshOutcome> {
    return this.#exclusive('refresh', async () => {
      let outcome: RefreshOutcome = { outcomes: [], tables: [] };
      await this.#transaction(async () => {
        const outcomes = await ingest(this.connection, series, options.now);
        const tables = await buildTables(this.connection, spec);
        outcome = { outcomes, tables };
        const gate = options.gate;
        if (gate === undefined) return;
        const rebuilt: RebuiltTable[] = [];
        for (const info of tables) rebuilt.push({ info, table: await this.#read(info) });
        const refusal = gate.judge(rebuilt);
        if (refusal !== undefined) throw refusal;
      });
      this.logger.info('warehouse refreshed', {
        series: series.length,
        changed: outcome.outcomes.filter((o) => o.changed).length,
        tables: outcome.tables.map((t) => t.table),
      });
      return outcome;
    });
  }

  async loadTrainingTables(
    files: readonly TableFile[],
    options: { readonly roles: RoleSettings },
  ): Promise<readonly TrainingTableInfo[]> {
    return this.#exclusive('loadTrainingTables', async () => {
      let tables: readonly TrainingTableInfo[] = [];
      await this.#transaction(async () => {
        tables = await loadTables(this.connection, files, options.roles);
      });
      this.logger.info('training tables loaded', {
        tables: tables.map((t) => ({ table: t.table, frequency: t.frequency })),
      });
      return tables;
    });
  }

  /** Runs `work` after every earlier call has finished; library failures become WarehouseQueryError. */
  #exclusive<T>(operation: string, work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      try {
        return await work();
      } catch (cause) {
        if (cause instanceof CbiError) throw cause;
        const message = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
        if (DISK_FULL.test(cause instanceof Error ? cause.message : String(cause)))
          throw new ArtifactIoError(`DuckDB ${operation} failed: the disk is full (${message})`, {
            cause,
            hint: `free space on the disk of ${this.settings.path}: cbi clean removes old run logs, models and exports (docs/operator.md)`,
          });
        throw new WarehouseQueryError(`DuckDB ${operation} failed: ${message}`, { cause });
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #transaction(work: () => Promise<void>): Promise<void> {
    // the caches describe committed tables: a transaction may change them or roll back
    this.#tableCache = undefined;
    this.#shapeCache.clear();
    await this.connection.run('BEGIN TRANSACTION');
    try {
      await work();
      await this.connection.run('COMMIT');
    } catch (error) {
      // DuckDB may have ended the transaction itself (a full disk invalidates it): the first
      // error is the one to tell, never the failed rollback's
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.#tableCache = undefined;
      this.#shapeCache.clear();
    }
  }

  async #tables(): Promise<readonly TrainingTableInfo[]> {
    this.#tableCache ??= await readTableInfos(this.connection);
    return this.#tableCache;
  }

  async #table(horizon: Horizon): Promise<TrainingTableInfo> {
    const info = (await this.#tables()).find((t) => t.horizon === horizon);
    if (info === undefined) {
      throw new WarehouseQueryError(`training table ${trainingTableName(horizon)} does not exist`, {
        hint: 'run the export stage (it builds the embedded training tables); 1w is not built from monthly data',
      });
    }
    return info;
  }
}
