import type { BigQuery, Dataset, TableField, TableMetadata } from '@google-cloud/bigquery';
import { z } from 'zod';
import { WarehouseQueryError } from '../../domain/errors.js';
import { HORIZONS, type Horizon } from '../../domain/horizon.js';
import type { MetricRow, PredictionRow } from '../../domain/data/warehouse-types.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import { schemaFields, type BigQueryField } from './bigquery-columns.js';
import type { BigQueryJobs, QuerySpec } from './bigquery-jobs.js';
import { sameLocation } from './bigquery-location.js';
import {
  deleteRunSql,
  latestPredictionsSql,
  latestViewSql,
  mergeSql,
  metricsSql,
  predictionsSql,
  type TableRef,
} from './bigquery-sql.js';
import {
  METRICS_TABLE,
  METRIC_FIELDS,
  METRIC_KEY,
  PREDICTIONS_TABLE,
  PREDICTION_FIELDS,
  PREDICTION_KEY,
  decodeRows,
  latestViewName,
  metricJson,
  predictionJson,
  sameType,
  schemaOf,
} from './bigquery-prediction-rows.js';
import { metricFromRow, predictionFromRow } from '../../domain/data/warehouse-rows.js';

const DAY_MS = 86_400_000;

/** What tables.get says of a view. */
const viewSchema = z.object({
  type: z.string().optional(),
  view: z.object({ query: z.string().optional(), useLegacySql: z.boolean().optional() }).optional(),
});

/** A field of a table's schema as BigQuery gave it, every property kept. */
const rawFieldsSchema = z.object({
  schema: z.object({ fields: z.array(z.looseObject({ name: z.string(), type: z.string() })) }),
});

/** The schema's fields as tables.get gave them, to send back unchanged in a patch. */
function rawFields(metadata: unknown): TableField[] {
  const parsed = rawFieldsSchema.safeParse(metadata);
  return parsed.success ? parsed.data.schema.fields : [];
}

export interface PredictionsSettings {
  readonly projectId: string;
  /** The training dataset's location: the predictions dataset must be in it (a job runs in one location). */
  readonly location: () => Promise<string>;
  readonly dataset: string;
  /** Rows per page when reading results back. */
  readonly pageRows: number;
}

/**
 * The predictions dataset: the forecasts (partitioned by month of `as_of_date`, clustered by
 * horizon), the evaluation metrics and the latest views the dashboard reads. Everything is
 * created when missing (a table the original system made keeps its rows; columns it lacks are
 * added), never dropped. A write loads the run's rows into a staging table of its own (load job,
 * WRITE_TRUNCATE, so a retry starts clean; it expires after a day if the run dies) and MERGEs it
 * into the table on the forecast's key.
 */
export class BigQueryPredictions {
  #ready: Promise<void> | undefined;

  constructor(
    private readonly client: BigQuery,
    private readonly jobs: BigQueryJobs,
    private readonly settings: PredictionsSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  ref(tableId: string): TableRef {
    return { projectId: this.settings.projectId, datasetId: this.settings.dataset, tableId };
  }

  async writePredictions(runId: string, rows: readonly PredictionRow[]): Promise<void> {
    refuseStrangers(runId, rows);
    refuseDuplicates(rows, PREDICTION_KEY, 'forecast');
    await this.#ready_();
    const days = rows.map((r) => r.as_of_date).sort();
    const [first, last] = [days[0], days.at(-1)];
    await this.#replaceRun(
      runId,
      PREDICTIONS_TABLE,
      PREDICTION_FIELDS,
      PREDICTION_KEY,
      rows.map(predictionJson),
      'upload_predictions',
      // the table is partitioned by as_of_date (by month when the product made it)
      first === undefined || last === undefined ? undefined : { column: 'as_of_date', first, last },
    );
  }

  async writeMetrics(runId: string, rows: readonly MetricRow[]): Promise<void> {
    refuseStrangers(runId, rows);
    refuseDuplicates(rows, METRIC_KEY, 'metric');
    await this.#ready_();
    await this.#replaceRun(
      runId,
      METRICS_TABLE,
      METRIC_FIELDS,
      METRIC_KEY,
      rows.map(metricJson),
      'upload_metrics',
    );
  }

  async readPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    await this.#ready_();
    const rows = await this.#read({
      sql: predictionsSql(this.ref(PREDICTIONS_TABLE)),
      params: { horizon },
      operation: 'read_predictions',
    });
    return rows.map(predictionFromRow);
  }

  async readLatestPredictions(horizon: Horizon): Promise<readonly PredictionRow[]> {
    await this.#ready_();
    const rows = await this.#read({
      sql: latestPredictionsSql(this.ref(latestViewName(horizon))),
      operation: 'read_latest_predictions',
    });
    return rows.map(predictionFromRow);
  }

  async readMetrics(runId?: string): Promise<readonly MetricRow[]> {
    await this.#ready_();
    const rows = await this.#read({
      sql: metricsSql(this.ref(METRICS_TABLE), runId !== undefined),
      ...(runId === undefined ? {} : { params: { run_id: runId } }),
      operation: 'read_metrics',
    });
    return rows.map(metricFromRow);
  }

  #ready_(): Promise<void> {
    // once per adapter: a failure is not kept, so the next call (the stage's retry) tries again
    this.#ready ??= this.#ensure().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #ensure(): Promise<void> {
    const location = await this.settings.location();
    const dataset = this.client.dataset(this.settings.dataset, { location });
    const [exists] = await this.jobs.timed('looking up the predictions dataset', () => dataset.exists());
    if (!exists) {
      await ignoreExisting(
        this.jobs.timed('creating the predictions dataset', () => dataset.create({ location })),
      );
      this.logger.info('BigQuery dataset created', { dataset: this.settings.dataset, location });
    } else {
      const [metadata] = await this.jobs.timed('reading the predictions dataset', () =>
        dataset.getMetadata(),
      );
      const found: unknown =
        typeof metadata === 'object' && metadata !== null ? Reflect.get(metadata, 'location') : undefined;
      if (typeof found === 'string' && !sameLocation(found, location))
        throw new WarehouseQueryError(
          `dataset ${this.settings.projectId}:${this.settings.dataset} is in ${found}, the training tables in ${location}: BigQuery runs a job in one location`,
          {
            hint: `point warehouse.datasets.predictions at a dataset in ${location} (bq --location=${location} mk --dataset ${this.settings.projectId}:<name>), or move the training dataset`,
          },
        );
    }
    await this.#ensureTable(dataset, PREDICTIONS_TABLE, PREDICTION_FIELDS, {
      timePartitioning: { type: 'MONTH', field: 'as_of_date' },
      clustering: { fields: ['horizon'] },
    });
    await this.#ensureTable(dataset, METRICS_TABLE, METRIC_FIELDS, { clustering: { fields: ['run_id'] } });
    for (const horizon of HORIZONS)
      await this.#ensureView(
        dataset,
        latestViewName(horizon),
        latestViewSql(this.ref(PREDICTIONS_TABLE), horizon),
      );
  }

  /**
   * A latest view as the product defines it. A view of that name with another query (the
   * original system's, or an older release's) is brought up to date, its old query first kept
   * as `<name>_before_cbi` (made once, never replaced): nothing of the user's is lost.
   */
  async #ensureView(dataset: Dataset, name: string, query: string): Promise<void> {
    const view = dataset.table(name);
    const [present] = await this.jobs.timed(`looking up view ${name}`, () => view.exists());
    if (!present) {
      await ignoreExisting(
        this.jobs.timed(`creating view ${name}`, () =>
          dataset.createTable(name, { view: { query, useLegacySql: false } }),
        ),
      );
      this.logger.info('BigQuery view created', { view: `${this.settings.dataset}.${name}` });
      return;
    }
    const [metadata] = await this.jobs.timed(`reading view ${name}`, () => view.getMetadata());
    const parsed = viewSchema.safeParse(metadata);
    if (!parsed.success || parsed.data.type !== 'VIEW')
      throw new WarehouseQueryError(`${this.settings.dataset}.${name} is a table, not a view`, {
        hint: `rename it (bq cp ${this.settings.dataset}.${name} ${this.settings.dataset}.${name}_old, then bq rm it), or point warehouse.datasets.predictions at a dataset of its own`,
      });
    const old = parsed.data.view?.query ?? '';
    if (old === query) return;
    const keep = `${name}_before_cbi`;
    const kept = dataset.table(keep);
    const [alreadyKept] = await this.jobs.timed(`looking up view ${keep}`, () => kept.exists());
    if (!alreadyKept)
      await ignoreExisting(
        this.jobs.timed(`keeping view ${name} as ${keep}`, () =>
          dataset.createTable(keep, {
            view: { query: old, useLegacySql: parsed.data.view?.useLegacySql ?? false },
          }),
        ),
      );
    await this.jobs.timed(`updating view ${name}`, () =>
      view.setMetadata({ view: { query, useLegacySql: false } }),
    );
    this.logger.info('BigQuery view updated', {
      view: `${this.settings.dataset}.${name}`,
      kept: `${this.settings.dataset}.${keep}`,
    });
  }

  async #ensureTable(
    dataset: Dataset,
    name: string,
    fields: readonly BigQueryField[],
    layout: TableMetadata,
  ): Promise<void> {
    const table = dataset.table(name);
    const [present] = await this.jobs.timed(`looking up table ${name}`, () => table.exists());
    if (!present) {
      await ignoreExisting(
        this.jobs.timed(`creating table ${name}`, () =>
          dataset.createTable(name, { schema: schemaOf(fields), ...layout }),
        ),
      );
      this.logger.info('BigQuery table created', { table: `${this.settings.dataset}.${name}` });
      return;
    }
    const [metadata] = await this.jobs.timed(`reading table ${name}`, () => table.getMetadata());
    const existing = schemaFields(metadata);
    const missing = fields.filter((f) => !existing.some((e) => e.name === f.name));
    for (const field of fields) {
      const found = existing.find((e) => e.name === field.name);
      if (found !== undefined && sameType(found.type) !== sameType(field.type))
        throw new WarehouseQueryError(
          `${this.settings.dataset}.${name}.${field.name} is ${found.type}, the product writes ${field.type}: the table is left as it is`,
          {
            hint: `point warehouse.datasets.predictions at a dataset of its own (the product creates it), or make the column ${field.type} in a copy you check first (bq query --destination_table ${this.settings.dataset}.${name}_${field.type.toLowerCase()} 'SELECT * REPLACE (CAST(${field.name} AS ${field.type}) AS ${field.name}) FROM ${this.settings.dataset}.${name}') (docs/bigquery.md, "A predictions table the product did not create")`,
          },
        );
    }
    if (missing.length === 0) return;
    // a table of the original system: the columns it lacks are added (NULLABLE, BigQuery's rule);
    // its own fields go back exactly as BigQuery gave them (descriptions, policy tags, a RECORD's
    // fields): a patch replaces the whole schema, and a field sent without them would lose them
    const own = rawFields(metadata);
    if (own.length !== existing.length)
      throw new WarehouseQueryError(
        `the schema of ${this.settings.dataset}.${name} could not be read whole: the table is left as it is`,
      );
    await this.jobs.timed(`adding columns to ${name}`, () =>
      table.setMetadata({
        schema: { fields: [...own, ...schemaOf(missing.map((f) => ({ ...f, mode: 'NULLABLE' }))).fields] },
      }),
    );
    this.logger.info('BigQuery table columns added', {
      table: `${this.settings.dataset}.${name}`,
      columns: missing.map((f) => f.name),
    });
  }

  async #replaceRun(
    runId: string,
    tableId: string,
    fields: readonly BigQueryField[],
    key: readonly string[],
    rows: readonly Record<string, unknown>[],
    operation: string,
    partitions?: { readonly column: string; readonly first: string; readonly last: string },
  ): Promise<void> {
    const target = this.ref(tableId);
    if (rows.length === 0) {
      await this.jobs.query({ sql: deleteRunSql(target), params: { run_id: runId }, operation });
      return;
    }
    const staging = this.ref(`_cbi_staging_${tableId}_${runId.replace(/[^A-Za-z0-9_]/g, '_')}`);
    const dataset = this.client.dataset(this.settings.dataset, { location: await this.settings.location() });
    await ignoreExisting(
      this.jobs.timed('creating a staging table', () =>
        dataset.createTable(staging.tableId, {
          schema: schemaOf(fields),
          expirationTime: String(this.clock.now().getTime() + DAY_MS),
        }),
      ),
    );
    const ndjson = rows.map((row) => JSON.stringify(row)).join('\n');
    await this.jobs.load(staging, fields, `${ndjson}\n`, operation);
    await this.jobs.query({
      sql: mergeSql({ target, staging, columns: fields.map((f) => f.name), key, partitions }),
      params: { run_id: runId },
      operation,
    });
    await this.jobs
      .timed('removing a staging table', () => dataset.table(staging.tableId).delete())
      .catch((error: unknown) =>
        this.logger.warn('BigQuery staging table left to expire', {
          table: `${staging.datasetId}.${staging.tableId}`,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }

  async #read(spec: QuerySpec): Promise<Record<string, unknown>[]> {
    const finished = await this.jobs.query(spec);
    const out: Record<string, unknown>[] = [];
    for await (const page of this.jobs.pages(finished, this.settings.pageRows))
      out.push(...decodeRows(page.fields, page.rows));
    return out;
  }
}

/** A 409 (the object exists: another run made it meanwhile) is as good as created. */
async function ignoreExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 409) return;
    throw error;
  }
}

function refuseStrangers(runId: string, rows: readonly { readonly run_id: string }[]): void {
  const stranger = rows.find((row) => row.run_id !== runId);
  if (stranger) throw new WarehouseQueryError(`row of run ${stranger.run_id} written under run ${runId}`);
}

/** A MERGE refuses a source with two rows of one key; say which instead of BigQuery's message. */
function refuseDuplicates<R extends object>(rows: readonly R[], key: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const row of rows) {
    const values = key.map((k) => String(Reflect.get(row, k)));
    const id = JSON.stringify(values);
    if (seen.has(id)) throw new WarehouseQueryError(`two rows of the same ${what} (${values.join(', ')})`);
    seen.add(id);
  }
}
