import type { BigQuery } from '@google-cloud/bigquery';
import { z } from 'zod';
import { WarehouseQueryError } from '../../domain/errors.js';
import { HORIZONS, horizonPeriods, type Horizon } from '../../domain/horizon.js';
import { inferFrequency } from '../../domain/data/series.js';
import { discoverRoles, type RoleSettings } from '../../domain/data/table-roles.js';
import type { TrainingTableInfo } from '../../domain/data/warehouse-types.js';
import { columnPlans, schemaFields } from './bigquery-columns.js';
import type { BigQueryJobs } from './bigquery-jobs.js';
import { partitionFilter, tableDatesSql, type TableRef } from './bigquery-sql.js';

/** A training table as the adapter reads it. */
export interface TableFacts {
  readonly info: TrainingTableInfo;
  readonly ref: TableRef;
  /** BigQuery's type of the date column (DATE, TIMESTAMP, DATETIME). */
  readonly dateType: string;
  /** The predicate every query of a table that requires a partition filter carries. */
  readonly partitionFilter: string | undefined;
}

export interface TrainingTablesSettings {
  readonly projectId: string;
  readonly dataset: string;
  readonly tableTemplate: string;
  readonly roles: RoleSettings;
}

/** The training table of a horizon under the template. */
export function trainingTableId(template: string, horizon: Horizon): string {
  return template.replaceAll('{h}', horizon);
}

/** What tables.get (free) says of a training table: where it is and what dates its rows. */
export interface TableSchemaFacts {
  readonly horizon: Horizon;
  readonly ref: TableRef;
  readonly dateColumn: string;
  readonly dateType: string;
  /** The predicate every query of a table that requires a partition filter carries. */
  readonly partitionFilter: string | undefined;
}

const partitioningSchema = z.object({
  requirePartitionFilter: z.boolean().optional(),
  timePartitioning: z
    .object({ field: z.string().optional(), requirePartitionFilter: z.boolean().optional() })
    .optional(),
  rangePartitioning: z.object({ field: z.string().optional() }).optional(),
});

/** The schema of a horizon's training table, its date column found by the roles. */
export async function trainingTableSchema(
  client: BigQuery,
  jobs: BigQueryJobs,
  settings: TrainingTablesSettings,
  horizon: Horizon,
): Promise<TableSchemaFacts> {
  const tableId = trainingTableId(settings.tableTemplate, horizon);
  const [metadata] = await jobs.timed(`reading table ${tableId}`, () =>
    client.dataset(settings.dataset).table(tableId).getMetadata(),
  );
  const plans = columnPlans(schemaFields(metadata));
  const roles = discoverRoles(
    plans.map((p) => ({ name: p.name, type: p.duckDbType, kind: p.kind })),
    horizon,
    settings.roles,
  );
  if (roles.dateColumn === null) {
    throw new WarehouseQueryError(`${settings.dataset}.${tableId} has no date column`, {
      hint: 'set source.columns.date to the column that dates its rows',
    });
  }
  const dateColumn = roles.dateColumn;
  const dateType = plans.find((p) => p.name === dateColumn)?.bigQueryType ?? 'DATE';
  const ref = { projectId: settings.projectId, datasetId: settings.dataset, tableId };
  const partitioning = partitioningSchema.safeParse(metadata);
  const layout = partitioning.success ? partitioning.data : {};
  const column = layout.timePartitioning?.field ?? layout.rangePartitioning?.field;
  const filter = partitionFilter({
    required:
      layout.requirePartitionFilter === true || layout.timePartitioning?.requirePartitionFilter === true,
    column:
      column === undefined
        ? undefined
        : { name: column, type: plans.find((p) => p.name === column)?.bigQueryType ?? 'TIMESTAMP' },
  });
  return { horizon, ref, dateColumn, dateType, partitionFilter: filter };
}

/**
 * The training tables of the dataset, whatever their schema: listed (tables.list), each one's
 * schema read (tables.get, free), its date column found by the roles, and the frequency read
 * from the distinct days of every table in one query (the same rule as the embedded loader).
 */
export async function readTrainingTables(
  client: BigQuery,
  jobs: BigQueryJobs,
  settings: TrainingTablesSettings,
): Promise<readonly TableFacts[]> {
  const dataset = client.dataset(settings.dataset);
  const [tables] = await jobs.timed('listing the training tables', () => dataset.getTables());
  const present = new Set(tables.map((t) => t.id));
  const found: TableSchemaFacts[] = [];
  for (const horizon of HORIZONS) {
    const tableId = trainingTableId(settings.tableTemplate, horizon);
    if (!present.has(tableId)) continue;
    found.push(await trainingTableSchema(client, jobs, settings, horizon));
  }
  if (found.length === 0) return [];
  const finished = await jobs.query({
    sql: tableDatesSql(found.map((f) => ({ ...f, table: f.ref }))),
    operation: 'table_dates',
  });
  const dates = new Map<string, string[]>();
  for await (const page of jobs.pages(finished, 10_000)) {
    for (const row of page.rows) {
      const [horizon, day] = row.f.map((cell) => cell.v);
      if (typeof horizon !== 'string' || typeof day !== 'string') continue;
      const list = dates.get(horizon) ?? [];
      list.push(day);
      dates.set(horizon, list);
    }
  }
  return found.map(({ horizon, ref, dateColumn, dateType, partitionFilter: filter }) => {
    const frequency = inferFrequency(dates.get(horizon) ?? []);
    return {
      info: {
        horizon,
        table: `${ref.datasetId}.${ref.tableId}`,
        frequency,
        // a horizon the frequency cannot express keeps its table; the stages report it unsupported
        periods: horizonPeriods(horizon, frequency) ?? 0,
        dateColumn,
      },
      ref,
      dateType,
      partitionFilter: filter,
    };
  });
}
