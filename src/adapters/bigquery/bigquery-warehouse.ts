import type { BigQuery } from '@google-cloud/bigquery';
import type { Table } from 'apache-arrow';
import { WarehouseQueryError, WarehouseUnavailableError } from '../../domain/errors.js';
import type { Horizon } from '../../domain/horizon.js';
import type { RoleSettings } from '../../domain/data/table-roles.js';
import type {
  ExportSummary,
  MetricRow,
  PredictionRow,
  TrainingTableInfo,
} from '../../domain/data/warehouse-types.js';
import type { StagedArtifact } from '../../ports/artifact-store.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { StageScope } from '../../ports/stage-scope.port.js';
import type { Warehouse } from '../../ports/warehouse.port.js';
import { ArrowTableBuilder } from './arrow-table-builder.js';
import { DayRange, batchFromJsonRows, jsonPageRows, type RowBatch } from './bigquery-batches.js';
import { openClient, readServiceAccountKey, type ServiceAccountKey } from './bigquery-client.js';
import { columnPlans, type ColumnPlan } from './bigquery-columns.js';
import { classify, warehouseError } from './bigquery-errors.js';
import { BigQueryJobs, type FinishedQuery } from './bigquery-jobs.js';
import { DatasetLocation } from './bigquery-location.js';
import { BigQueryPredictions } from './bigquery-predictions.js';
import { preflight, type Shortfall } from './bigquery-preflight.js';
import { latestDateSql, wholeTableSql } from './bigquery-sql.js';
import { StorageReader } from './bigquery-storage-reader.js';
import { readTrainingTables, trainingTableId, type TableFacts } from './bigquery-training-tables.js';
import { ParquetExportWriter } from './parquet-export-writer.js';

export interface BigQuerySettings {
  readonly projectId: string;
  /**
   * Where the datasets live and jobs run (`US`, `EU`, `europe-west1`, ...). Undefined: the
   * training dataset's own location, as BigQuery reports it; set, it must be that location.
   */
  readonly location?: string | undefined;
  readonly datasets: { readonly training: string; readonly predictions: string };
  /** The training table of each horizon, `{h}` standing for the horizon. */
  readonly tableTemplate: string;
  /** A service-account key file; undefined: Application Default Credentials. */
  readonly keyFile?: string | undefined;
  /** Every query is refused by BigQuery beyond this many billed bytes. */
  readonly maximumBytesBilled: number;
  /** `storage`: Arrow through the Storage Read API, REST where it is refused; `rest`: JSON pages. */
  readonly readApi: 'storage' | 'rest';
  readonly requestTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** A local emulator: its REST URL and Storage Read API host:port; no credentials are sent. */
  readonly emulator?:
    { readonly apiEndpoint: string; readonly storageEndpoint?: string | undefined } | undefined;
  /** How each table's date column is found. */
  readonly roles: RoleSettings;
  /** Rows per REST page (BigQuery also ends a page at 10 MB). Default 1000. */
  readonly pageRows?: number | undefined;
  /**
   * Raw bytes of values (8 a cell) of a row group of an export's Parquet file, and of a part it
   * holds in memory while a narrow table is written (a wide one holds 2,048 rows a part: see
   * `partPlan`). Default 16 MiB; smaller row groups make a larger file: bench/bigquery-export.
   */
  readonly partBytes?: number | undefined;
}

export interface BigQueryDeps {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The run and stage each job is labelled with; undefined outside a run. */
  readonly scope?: StageScope | undefined;
}

/**
 * The production warehouse: training tables read from BigQuery (Arrow through the Storage Read
 * API, or JSON pages), exported as the DuckDB adapter exports them, predictions and metrics
 * written back idempotently. Every failure becomes WarehouseUnavailableError (credentials,
 * permissions, transient trouble) or WarehouseQueryError (a missing table, a refused query).
 */
export class BigQueryWarehouse implements Warehouse {
  readonly #location: DatasetLocation;
  readonly #jobs: BigQueryJobs;
  readonly #predictions: BigQueryPredictions;
  #facts: Promise<readonly TableFacts[]> | undefined;
  #storage: Promise<StorageReader> | undefined;
  /** Set once the Storage Read API refused us: reads go on through REST. */
  #storageRefused = false;

  private constructor(
    private readonly client: BigQuery,
    private readonly settings: BigQuerySettings,
    private readonly deps: BigQueryDeps,
    /** The key file's credentials, kept apart from the settings so they can never be logged with them. */
    private readonly key: ServiceAccountKey | undefined,
  ) {
    this.#location = new DatasetLocation(client, {
      projectId: settings.projectId,
      dataset: settings.datasets.training,
      configured: settings.location,
      requestTimeoutMs: settings.requestTimeoutMs,
    });
    const location = (): Promise<string> => this.#location.get();
    this.#jobs = new BigQueryJobs(client, { ...settings, location }, deps.clock, deps.scope);
    this.#predictions = new BigQueryPredictions(
      client,
      this.#jobs,
      {
        projectId: settings.projectId,
        location,
        dataset: settings.datasets.predictions,
        pageRows: this.#pageRows,
      },
      deps.clock,
      deps.logger,
    );
  }

  /** Makes the client; nothing is asked of BigQuery yet. Throws ConfigError for a key file that is not a service-account key. */
  static async open(settings: BigQuerySettings, deps: BigQueryDeps): Promise<BigQueryWarehouse> {
    const key = settings.keyFile === undefined ? undefined : await readServiceAccountKey(settings.keyFile);
    return new BigQueryWarehouse(openClient(settings, key), settings, deps, key);
  }

  /** Closes the Storage Read API channel, if one was opened. */
  async close(): Promise<void> {
    const storage = this.#storage;
    this.#storage = undefined;
    if (storage !== undefined) await (await storage.catch(() => undefined))?.close();
  }

  /**
   * What the night needs of BigQuery, checked for free with nothing read or written (`cbi
   * doctor`): the location, the permissions on the project, the training tables and the
   * predictions dataset, a dry run of each export query, a Storage Read API session
   * (bigquery-preflight.ts). Throws WarehouseUnavailableError naming every shortfall, with the
   * fix of each.
   */
  async ping(): Promise<void> {
    let shortfalls: readonly Shortfall[];
    try {
      shortfalls = await preflight(
        {
          client: this.client,
          jobs: this.#jobs,
          location: () => this.#location.get(),
          probeStorage: async (table) => (await this.#storageReader()).probe(table),
        },
        { ...this.settings, apiEndpoint: this.settings.emulator?.apiEndpoint },
      );
    } catch (cause) {
      const error = warehouseError(
        cause,
        `a dry-run query in project ${this.settings.projectId}`,
        this.settings,
      );
      if (error instanceof WarehouseUnavailableError) throw error;
      throw new WarehouseUnavailableError(error.message, {
        cause,
        transient: error.transient,
        hint: error.hint ?? '',
      });
    }
    if (shortfalls.length > 0)
      throw new WarehouseUnavailableError(
        `BigQuery cannot serve the night: ${shortfalls.map((s) => s.what).join('; ')}`,
        { hint: [...new Set(shortfalls.map((s) => s.fix))].join('; ') },
      );
  }

  async trainingTables(): Promise<readonly TrainingTableInfo[]> {
    return (await this.#tableFacts()).map((facts) => facts.info);
  }

  async latestDataDate(horizon: Horizon): Promise<string | undefined> {
    const facts = await this.#table(horizon);
    return this.#guard(`reading the newest date of ${facts.info.table}`, async () => {
      const finished = await this.#jobs.query({
        sql: latestDateSql(facts.ref, facts.info.dateColumn, facts.dateType, facts.partitionFilter),
        operation: 'latest_date',
      });
      for await (const page of this.#jobs.pages(finished, 1)) {
        const value = page.rows[0]?.f[0]?.v;
        return typeof value === 'string' ? value : undefined;
      }
      return undefined;
    });
  }

  async readTrainingTable(horizon: Horizon): Promise<Table> {
    const facts = await this.#table(horizon);
    return this.#guard(`reading ${facts.info.table}`, async () => {
      const finished = await this.#jobs.query({
        sql: wholeTableSql(facts.ref, facts.info.dateColumn, facts.partitionFilter),
        operation: 'read_table',
      });
      const plans = columnPlans(finished.fields);
      const builder = new ArrowTableBuilder(plans);
      for await (const batch of this.#download(finished, plans)) builder.append(batch);
      return builder.build();
    });
  }

  async exportTrainingTable(horizon: Horizon, target: StagedArtifact): Promise<ExportSummary> {
    const facts = await this.#table(horizon);
    const query = wholeTableSql(facts.ref, facts.info.dateColumn, facts.partitionFilter);
    return this.#guard(`exporting ${facts.info.table}`, async () => {
      const finished = await this.#jobs.query({ sql: query, operation: 'export' });
      const plans = columnPlans(finished.fields);
      const dateIndex = plans.findIndex((p) => p.name === facts.info.dateColumn);
      const writer = await ParquetExportWriter.open(plans, {
        partBytes: this.settings.partBytes ?? 16 * 1024 ** 2,
        workDir: `${target.localPath}.parts`,
      });
      const range = new DayRange();
      try {
        for await (const batch of this.#download(finished, plans)) {
          range.add(batch, dateIndex);
          await writer.append(batch);
        }
        await writer.finish(target.localPath);
      } finally {
        await writer.close();
      }
      return {
        horizon,
        table: facts.info.table,
        query,
        rows: writer.rows,
        columns: plans.map((p) => ({ name: p.name, type: p.duckDbType })),
        firstDate: range.first(),
        lastDate: range.last(),
        format: 'parquet',
      };
    });
  }

  writePredictions(runId: string, rows: readonly PredictionRow[]): Promise<void> {
    return this.#guard('uploading predictions', () => this.#predictions.writePredictions(runId, rows));
  }

  readPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    return this.#guard('reading predictions', () => this.#predictions.readPredictions(horizon));
  }

  readLatestPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    return this.#guard('reading the latest predictions', () =>
      this.#predictions.readLatestPredictions(horizon),
    );
  }

  writeMetrics(runId: string, rows: readonly MetricRow[]): Promise<void> {
    return this.#guard('uploading evaluation metrics', () => this.#predictions.writeMetrics(runId, rows));
  }

  readMetrics(runId?: string): Promise<readonly MetricRow[]> {
    return this.#guard('reading evaluation metrics', () => this.#predictions.readMetrics(runId));
  }

  get #pageRows(): number {
    return this.settings.pageRows ?? 1000;
  }

  /** Runs `work`, turning whatever it throws into the product's error for `what`. */
  async #guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      throw warehouseError(cause, what, this.settings);
    }
  }

  /** A finished query's rows: Arrow through the Storage Read API, or REST pages where it is refused. */
  async *#download(finished: FinishedQuery, plans: readonly ColumnPlan[]): AsyncGenerator<RowBatch> {
    if (this.settings.readApi === 'storage' && !this.#storageRefused) {
      const destination = await this.#jobs.destination(finished);
      let started = false;
      try {
        for await (const batch of (await this.#storageReader()).read(destination, plans)) {
          started = true;
          yield batch;
        }
        return;
      } catch (error) {
        // rows already handed on cannot be taken back: a stream broken midway fails the read
        if (started) throw error;
        const failure = classify(error);
        const refused = failure.kind === 'permission' || failure.reason === 'UNIMPLEMENTED';
        if (refused) {
          // for the rest of the run: the project or the account does not have it
          this.#storageRefused = true;
          this.deps.logger.warn('BigQuery Storage Read API refused: reading through REST pages instead', {
            reason: failure.reason,
            detail: failure.detail,
            hint: 'enable the BigQuery Storage API and grant BigQuery Read Session User to read faster (docs/bigquery.md)',
          });
        } else {
          // anything else before the first row (a stream that hung, UNAVAILABLE, an error of the
          // API itself): the query's result is still there, so this read goes on through REST
          // and the next one tries the Storage Read API again
          this.deps.logger.warn(
            'BigQuery Storage Read API failed before the first row: reading this result through REST pages',
            {
              reason: failure.reason,
              detail: failure.detail,
            },
          );
        }
      }
    }
    const pageRows = jsonPageRows(plans.length, this.#pageRows);
    for await (const page of this.#jobs.pages(finished, pageRows)) yield batchFromJsonRows(plans, page.rows);
  }

  #storageReader(): Promise<StorageReader> {
    this.#storage ??= StorageReader.create({
      projectId: this.settings.projectId,
      key: this.key,
      requestTimeoutMs: this.settings.requestTimeoutMs,
      queryTimeoutMs: this.settings.queryTimeoutMs,
      emulatorEndpoint: this.settings.emulator?.storageEndpoint,
    });
    return this.#storage;
  }

  async #table(horizon: Horizon): Promise<TableFacts> {
    const facts = (await this.#tableFacts()).find((t) => t.info.horizon === horizon);
    if (facts === undefined) {
      throw new WarehouseQueryError(
        `training table ${this.settings.datasets.training}.${trainingTableId(this.settings.tableTemplate, horizon)} does not exist in project ${this.settings.projectId}`,
        { hint: 'check warehouse.datasets.training and warehouse.tableTemplate (docs/bigquery.md)' },
      );
    }
    return facts;
  }

  /** The training tables present, their date column and frequency; read once per adapter (one run). */
  #tableFacts(): Promise<readonly TableFacts[]> {
    this.#facts ??= this.#guard(
      `listing the training tables of dataset ${this.settings.datasets.training}`,
      () =>
        readTrainingTables(this.client, this.#jobs, {
          projectId: this.settings.projectId,
          dataset: this.settings.datasets.training,
          tableTemplate: this.settings.tableTemplate,
          roles: this.settings.roles,
        }),
    ).catch((error: unknown) => {
      this.#facts = undefined;
      throw error;
    });
    return this.#facts;
  }
}
