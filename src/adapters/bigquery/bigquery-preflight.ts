import type { BigQuery } from '@google-cloud/bigquery';
import { z } from 'zod';
import { HORIZONS } from '../../domain/horizon.js';
import type { RoleSettings } from '../../domain/data/table-roles.js';
import { classify, withTimeout, type ErrorContext } from './bigquery-errors.js';
import type { BigQueryJobs } from './bigquery-jobs.js';
import { sameLocation } from './bigquery-location.js';
import { PREDICTIONS_TABLE } from './bigquery-prediction-rows.js';
import { wholeTableSql, type TableRef } from './bigquery-sql.js';
import { trainingTableId, trainingTableSchema } from './bigquery-training-tables.js';

/** One thing the night needs that BigQuery would refuse it, and what gives it. */
export interface Shortfall {
  readonly what: string;
  readonly fix: string;
}

export interface PreflightSettings extends ErrorContext {
  readonly tableTemplate: string;
  readonly readApi: 'storage' | 'rest';
  readonly roles: RoleSettings;
  readonly requestTimeoutMs: number;
  /** An emulator's REST root, which also answers Cloud Resource Manager's testIamPermissions. */
  readonly apiEndpoint: string | undefined;
}

export interface PreflightDeps {
  readonly client: BigQuery;
  readonly jobs: BigQueryJobs;
  readonly location: () => Promise<string>;
  /** Opens a Storage Read API session on a table and reads nothing. */
  readonly probeStorage: (table: TableRef) => Promise<void>;
}

/** The project permissions a night uses: every job; the predictions dataset's creation; the Storage Read API. */
const JOBS_CREATE = 'bigquery.jobs.create';
const DATASETS_CREATE = 'bigquery.datasets.create';
const READ_SESSIONS = 'bigquery.readsessions.create';
/** On each training table: its schema (free) and its rows (the export). */
const TRAINING_TABLE = ['bigquery.tables.get', 'bigquery.tables.getData'];
/** On the predictions table: read back, MERGE into, add columns to, and the staging tables' removal. */
const PREDICTIONS = [
  'bigquery.tables.get',
  'bigquery.tables.getData',
  'bigquery.tables.updateData',
  'bigquery.tables.update',
  'bigquery.tables.delete',
];

const permissionsSchema = z.object({ permissions: z.array(z.string()).optional() });

/**
 * What `cbi doctor` checks of BigQuery, all free and nothing written: the training dataset's
 * location (and the configured one against it); the account's project permissions (Cloud
 * Resource Manager's testIamPermissions: jobs, creating the predictions dataset, read sessions);
 * each training table's (tables.testIamPermissions) and a dry run of its real export query in
 * that location (which also fails a table that requires a partition filter the export lacks);
 * the predictions dataset's location and its table's permissions; and a Storage Read API session
 * opened on a training table. Returns every shortfall found, each with its fix.
 */
export async function preflight(
  deps: PreflightDeps,
  settings: PreflightSettings,
): Promise<readonly Shortfall[]> {
  const { client, jobs } = deps;
  const { projectId, datasets } = settings;
  const found: Shortfall[] = [];
  const roles = (role: string, on: string) =>
    `grant the account ${role} on ${on} (docs/bigquery.md, "Roles")`;

  let location: string;
  try {
    location = await deps.location();
  } catch (error) {
    const failure = classify(error);
    return [
      {
        what: `dataset ${projectId}:${datasets.training} cannot be read (${failure.detail})`,
        fix:
          failure.kind === 'not_found'
            ? 'check warehouse.projectId and warehouse.datasets.training'
            : error instanceof Error && 'hint' in error && typeof error.hint === 'string'
              ? error.hint
              : roles('BigQuery Data Viewer', `dataset ${datasets.training}`),
      },
    ];
  }

  const project = await projectPermissions(deps, settings, [JOBS_CREATE, DATASETS_CREATE, READ_SESSIONS]);
  if (project.granted !== undefined && !project.granted.has(JOBS_CREATE))
    found.push({
      what: `no ${JOBS_CREATE} on project ${projectId} (every query and load of the night)`,
      fix: roles('BigQuery Job User', `project ${projectId}`),
    });

  // the training tables
  const readable: TableRef[] = [];
  const [tables] = await jobs.timed('listing the training tables', () =>
    client.dataset(datasets.training).getTables(),
  );
  const present = new Set(tables.map((t) => t.id));
  for (const horizon of HORIZONS) {
    const tableId = trainingTableId(settings.tableTemplate, horizon);
    if (!present.has(tableId)) continue;
    const missing = await missingOnTable(deps, datasets.training, tableId, TRAINING_TABLE);
    if (missing.length > 0) {
      found.push({
        what: `no ${missing.join(', ')} on table ${datasets.training}.${tableId} (the export reads it)`,
        fix: roles('BigQuery Data Viewer', `dataset ${datasets.training}`),
      });
      continue;
    }
    const schema = await trainingTableSchema(
      client,
      jobs,
      { ...settings, dataset: datasets.training },
      horizon,
    );
    if (project.granted !== undefined && !project.granted.has(JOBS_CREATE)) {
      // a dry run would only say again that jobs are refused
      readable.push(schema.ref);
      continue;
    }
    try {
      await jobs.dryRun({
        sql: wholeTableSql(schema.ref, schema.dateColumn, schema.partitionFilter),
        operation: 'doctor',
      });
      readable.push(schema.ref);
    } catch (error) {
      const failure = classify(error);
      found.push({
        what: `the export query of ${datasets.training}.${tableId} is refused in ${location} (${failure.detail})`,
        fix:
          failure.kind === 'permission'
            ? roles('BigQuery Job User', `project ${projectId}`)
            : 'see docs/bigquery.md, "What a night asks of BigQuery"',
      });
    }
  }
  if (
    present.size > 0 &&
    ![...present].some((id) => HORIZONS.some((h) => trainingTableId(settings.tableTemplate, h) === id))
  )
    found.push({
      what: `no table of dataset ${datasets.training} matches warehouse.tableTemplate ${settings.tableTemplate}`,
      fix: 'check warehouse.tableTemplate against the dataset',
    });

  // the predictions dataset: created by the first night where missing, else written into
  const predictions = client.dataset(datasets.predictions);
  const [exists] = await jobs.timed('looking up the predictions dataset', () => predictions.exists());
  if (!exists) {
    if (project.granted !== undefined && !project.granted.has(DATASETS_CREATE))
      found.push({
        what: `dataset ${projectId}:${datasets.predictions} does not exist and the account may not create it (${DATASETS_CREATE})`,
        fix: `create it once: bq --location=${location} mk --dataset ${projectId}:${datasets.predictions}, or grant the account BigQuery User on project ${projectId}`,
      });
  } else {
    const [metadata] = await jobs.timed('reading the predictions dataset', () => predictions.getMetadata());
    const where: unknown =
      typeof metadata === 'object' && metadata !== null ? Reflect.get(metadata, 'location') : undefined;
    if (typeof where === 'string' && !sameLocation(where, location))
      found.push({
        what: `dataset ${datasets.predictions} is in ${where}, the training tables in ${location}: BigQuery runs a job in one location`,
        fix: `point warehouse.datasets.predictions at a dataset in ${location}`,
      });
    const [tablePresent] = await jobs.timed(`looking up table ${PREDICTIONS_TABLE}`, () =>
      predictions.table(PREDICTIONS_TABLE).exists(),
    );
    if (tablePresent) {
      const missing = await missingOnTable(deps, datasets.predictions, PREDICTIONS_TABLE, PREDICTIONS);
      if (missing.length > 0)
        found.push({
          what: `no ${missing.join(', ')} on table ${datasets.predictions}.${PREDICTIONS_TABLE} (the upload MERGEs into it)`,
          fix: roles('BigQuery Data Editor', `dataset ${datasets.predictions}`),
        });
    }
  }

  // the Storage Read API: a session opened on a training table, nothing read
  const first = readable[0];
  if (settings.readApi === 'storage' && first !== undefined) {
    try {
      await deps.probeStorage(first);
    } catch (error) {
      const failure = classify(error);
      found.push({
        what: `the Storage Read API refused a read session (${failure.reason ?? failure.kind}: ${failure.detail}); the night would read through REST pages, slower`,
        fix: `enable the BigQuery Storage API on project ${projectId} and grant the account BigQuery Read Session User, or set warehouse.readApi to "rest"`,
      });
    }
  } else if (
    settings.readApi === 'storage' &&
    project.granted !== undefined &&
    !project.granted.has(READ_SESSIONS)
  )
    found.push({
      what: `no ${READ_SESSIONS} on project ${projectId} (the Storage Read API)`,
      fix: `grant the account BigQuery Read Session User on project ${projectId}, or set warehouse.readApi to "rest"`,
    });
  return found;
}

/** The permissions of `wanted` the account lacks on a table (tables.testIamPermissions, free). */
async function missingOnTable(
  deps: PreflightDeps,
  dataset: string,
  tableId: string,
  wanted: readonly string[],
): Promise<string[]> {
  const [response] = await deps.jobs.timed(`testing permissions on ${dataset}.${tableId}`, () =>
    deps.client
      .dataset(dataset)
      .table(tableId)
      .testIamPermissions([...wanted]),
  );
  const granted = new Set(permissionsSchema.parse(response).permissions ?? []);
  return wanted.filter((p) => !granted.has(p));
}

/**
 * The project permissions of `wanted` the account has (Cloud Resource Manager's
 * projects.testIamPermissions, free); undefined when that API does not answer (not enabled):
 * the other checks still prove jobs and read sessions.
 */
async function projectPermissions(
  deps: PreflightDeps,
  settings: PreflightSettings,
  wanted: readonly string[],
): Promise<{ readonly granted: ReadonlySet<string> | undefined }> {
  const root = settings.apiEndpoint ?? 'https://cloudresourcemanager.googleapis.com';
  const url = `${root}/v1/projects/${encodeURIComponent(settings.projectId)}:testIamPermissions`;
  try {
    const response = await withTimeout('testing project permissions', settings.requestTimeoutMs, async () => {
      const headers = new Headers(await deps.client.authClient.getRequestHeaders(url));
      headers.set('content-type', 'application/json');
      return fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ permissions: wanted }),
        signal: AbortSignal.timeout(settings.requestTimeoutMs),
      });
    });
    if (!response.ok) return { granted: undefined };
    const parsed = permissionsSchema.safeParse(await response.json());
    return { granted: parsed.success ? new Set(parsed.data.permissions ?? []) : undefined };
  } catch {
    // a check that cannot be made is left to the others (a dry run proves jobs.create)
    return { granted: undefined };
  }
}
