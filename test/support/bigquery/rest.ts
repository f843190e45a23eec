import type { IncomingMessage } from 'node:http';
import { BigQueryFailure, type TableName } from './dialect.js';
import { RESULTS_DATASET, type Field } from './engine.js';
import { jsonCell } from './encoding.js';
import { errorBody, field, recordOf, type ServerState, type StoredJob } from './state.js';

/** getQueryResults pages end at 10 MB of JSON, like BigQuery's. */
const PAGE_BYTES = 10 * 1024 * 1024;

interface Route {
  readonly api: string;
  readonly method: string;
  readonly pattern: RegExp;
}

const ROUTES: readonly Route[] = [
  // Cloud Resource Manager's, which the adapter asks about project permissions
  {
    api: 'projects.testIamPermissions',
    method: 'POST',
    pattern: /^\/v1\/projects\/([^/:]+):testIamPermissions$/,
  },
  {
    api: 'tables.testIamPermissions',
    method: 'POST',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/:]+):testIamPermissions$/,
  },
  { api: 'datasets.insert', method: 'POST', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets$/ },
  { api: 'datasets.get', method: 'GET', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)$/ },
  {
    api: 'tables.list',
    method: 'GET',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/,
  },
  {
    api: 'tables.insert',
    method: 'POST',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/,
  },
  {
    api: 'tables.get',
    method: 'GET',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/,
  },
  {
    api: 'tables.patch',
    method: 'PATCH',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/,
  },
  {
    api: 'tables.delete',
    method: 'DELETE',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/,
  },
  { api: 'jobs.insert', method: 'POST', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/ },
  {
    api: 'jobs.cancel',
    method: 'POST',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/,
  },
  { api: 'jobs.get', method: 'GET', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)$/ },
  {
    api: 'jobs.getQueryResults',
    method: 'GET',
    pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/,
  },
  { api: 'jobs.upload', method: 'POST', pattern: /^\/upload\/bigquery\/v2\/projects\/([^/]+)\/jobs$/ },
];

/** Why a reply is not a JSON answer. */
export class Hang extends Error {}

/**
 * Answers one REST call of the BigQuery v2 API with the shapes Google documents (Job, Table,
 * Dataset and GetQueryResultsResponse resources, `{ error: { code, message, errors[], status } }`
 * for failures), recording it first. Returns the status and body, or throws Hang.
 */
export async function answer(
  state: ServerState,
  request: IncomingMessage,
  raw: Buffer,
): Promise<{ readonly status: number; readonly body: unknown }> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const route = ROUTES.find((r) => r.method === request.method && r.pattern.test(url.pathname));
  const params = route?.pattern.exec(url.pathname)?.slice(1).map(decodeURIComponent) ?? [];
  const query = Object.fromEntries(url.searchParams.entries());
  const api = route?.api ?? `unknown ${request.method ?? ''} ${url.pathname}`;
  const body =
    api === 'jobs.upload'
      ? multipart(request, raw)
      : raw.length > 0
        ? JSON.parse(raw.toString('utf8'))
        : undefined;
  state.record({
    api,
    method: request.method ?? '',
    path: url.pathname,
    query,
    body,
    authorized: typeof request.headers.authorization === 'string',
  });
  const fault = state.faults.take(api);
  if (fault?.kind === 'hang') throw new Hang();
  if (fault?.kind === 'http')
    return { status: fault.status, body: errorBody(fault.status, fault.reason, fault.message) };
  if (state.options.requireAuth === true && request.headers.authorization === undefined)
    return {
      status: 401,
      body: errorBody(
        401,
        'required',
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      ),
    };
  if (route === undefined)
    return { status: 404, body: errorBody(404, 'notFound', `Not found: ${url.pathname}`) };
  const [projectId = ''] = params;
  if (projectId !== state.options.projectId)
    return { status: 404, body: errorBody(404, 'notFound', `Not found: Project ${projectId}`) };
  try {
    return { status: 200, body: await handle(state, api, params, query, body) };
  } catch (error) {
    if (error instanceof BigQueryFailure)
      return { status: error.status, body: errorBody(error.status, error.reason, error.message) };
    throw error;
  }
}

async function handle(
  state: ServerState,
  api: string,
  params: readonly string[],
  query: Readonly<Record<string, string>>,
  body: unknown,
): Promise<unknown> {
  const { engine } = state;
  const projectId = state.options.projectId;
  const now = Date.now();
  const [, datasetId = '', third = ''] = params;
  switch (api) {
    case 'projects.testIamPermissions':
      return { permissions: permissionsOf(body).filter((p) => state.allows(p)) };
    case 'tables.testIamPermissions': {
      engine.require({ datasetId, tableId: third });
      return { permissions: permissionsOf(body).filter((p) => state.allows(p, datasetId)) };
    }
    case 'datasets.insert': {
      const id = String(field(field(body, 'datasetReference'), 'datasetId') ?? '');
      state.require('bigquery.datasets.create', `Project ${projectId}`);
      const meta = await engine.createDataset(id, String(field(body, 'location') ?? state.location), now);
      return datasetResource(projectId, meta.datasetId, meta.location);
    }
    case 'datasets.get': {
      const meta = engine.datasets.get(datasetId);
      if (meta === undefined)
        throw new BigQueryFailure('notFound', 404, `Not found: Dataset ${projectId}:${datasetId}`);
      return datasetResource(projectId, meta.datasetId, meta.location);
    }
    case 'tables.list': {
      if (!engine.datasets.has(datasetId))
        throw new BigQueryFailure('notFound', 404, `Not found: Dataset ${projectId}:${datasetId}`);
      const tables = [...engine.tables.values()].filter((t) => t.datasetId === datasetId);
      return {
        kind: 'bigquery#tableList',
        etag: `"${tables.length}"`,
        tables: tables.map((t) => ({
          kind: 'bigquery#table',
          id: `${projectId}:${t.datasetId}.${t.tableId}`,
          tableReference: { projectId, datasetId: t.datasetId, tableId: t.tableId },
          type: t.type,
          creationTime: t.creationTime,
        })),
        totalItems: tables.length,
      };
    }
    case 'tables.insert': {
      const reference = field(body, 'tableReference');
      const tableId = String(field(reference, 'tableId') ?? '');
      const view = field(body, 'view');
      const expiration = field(body, 'expirationTime');
      await engine.createTable(
        {
          datasetId,
          tableId,
          type: view === undefined ? 'TABLE' : 'VIEW',
          creationTime: String(now),
          ...(field(body, 'timePartitioning') === undefined
            ? {}
            : { timePartitioning: field(body, 'timePartitioning') }),
          ...(field(body, 'clustering') === undefined ? {} : { clustering: field(body, 'clustering') }),
          ...(expiration === undefined ? {} : { expirationTime: String(expiration) }),
          ...(view === undefined ? {} : { view: { query: String(field(view, 'query') ?? '') } }),
          reads: [],
        },
        fieldsOf(field(field(body, 'schema'), 'fields')),
      );
      return tableResource(state, { datasetId, tableId });
    }
    case 'tables.get':
      return tableResource(state, { datasetId, tableId: third });
    case 'tables.patch': {
      engine.require({ datasetId, tableId: third });
      state.require('bigquery.tables.update', `Table ${projectId}:${datasetId}.${third}`, datasetId);
      const fields = field(field(body, 'schema'), 'fields');
      if (fields !== undefined) await engine.patchSchema({ datasetId, tableId: third }, fieldsOf(fields));
      const view = field(body, 'view');
      if (view !== undefined)
        await engine.replaceView({ datasetId, tableId: third }, String(field(view, 'query') ?? ''));
      return tableResource(state, { datasetId, tableId: third });
    }
    case 'tables.delete':
      await engine.dropTable({ datasetId, tableId: third });
      return {};
    case 'jobs.insert':
      return insertJob(state, body);
    case 'jobs.get':
    case 'jobs.cancel': {
      const job = findJob(state, datasetId, query['location']);
      if (api === 'jobs.cancel') return { kind: 'bigquery#jobCancelResponse', job: job.resource };
      // still running for its time
      if (Date.now() < job.doneAt) return job.resource;
      // a poll: the job runs on until it has been asked about often enough
      if (job.pendingPolls > 0) job.pendingPolls -= 1;
      if (job.pendingPolls === 0) Reflect.set(job.resource, 'status', job.finalStatus);
      return job.resource;
    }
    case 'jobs.getQueryResults':
      return queryResults(state, findJob(state, datasetId, query['location']), query);
    case 'jobs.upload':
      return insertJob(state, body);
    default:
      throw new BigQueryFailure('notFound', 404, `Not found: ${api}`);
  }
}

function datasetResource(projectId: string, datasetId: string, location: string): unknown {
  return {
    kind: 'bigquery#dataset',
    id: `${projectId}:${datasetId}`,
    datasetReference: { projectId, datasetId },
    location,
  };
}

async function tableResource(state: ServerState, name: TableName): Promise<unknown> {
  const meta = state.engine.require(name);
  const projectId = state.options.projectId;
  const fields = await state.engine.declaredFields(name);
  return {
    kind: 'bigquery#table',
    id: `${projectId}:${name.datasetId}.${name.tableId}`,
    tableReference: { projectId, ...name },
    schema: { fields },
    type: meta.type,
    location: state.engine.datasets.get(name.datasetId)?.location ?? state.location,
    creationTime: meta.creationTime,
    ...(meta.type === 'TABLE'
      ? {
          numRows: String(await state.engine.rowCount(name)),
          numBytes: String(await state.engine.logicalBytes(name)),
        }
      : {}),
    ...(meta.timePartitioning === undefined ? {} : { timePartitioning: meta.timePartitioning }),
    ...(meta.requirePartitionFilter === undefined ? {} : { requirePartitionFilter: true }),
    ...(meta.clustering === undefined ? {} : { clustering: meta.clustering }),
    ...(meta.expirationTime === undefined ? {} : { expirationTime: meta.expirationTime }),
    ...(meta.view === undefined ? {} : { view: { query: meta.view.query, useLegacySql: false } }),
  };
}

/** tables.get names types the legacy way, whatever name the table was made with. */
function legacyType(type: string): string {
  const upper = type.toUpperCase();
  return (
    ({ FLOAT64: 'FLOAT', INT64: 'INTEGER', BOOL: 'BOOLEAN', STRUCT: 'RECORD' } as Record<string, string>)[
      upper
    ] ?? upper
  );
}

function fieldsOf(value: unknown): Field[] {
  if (!Array.isArray(value)) return [];
  return value.map((f: unknown) => {
    const description = field(f, 'description');
    const nested = field(f, 'fields');
    return {
      name: String(field(f, 'name') ?? ''),
      type: legacyType(String(field(f, 'type') ?? '')),
      mode: String(field(f, 'mode') ?? 'NULLABLE').toUpperCase(),
      ...(typeof description === 'string' ? { description } : {}),
      ...(Array.isArray(nested) ? { fields: fieldsOf(nested) } : {}),
    };
  });
}

const LABEL = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;

/** jobs.insert (and the upload endpoint's load jobs): runs the job at once, reporting it RUNNING to the first polls. */
async function insertJob(state: ServerState, body: unknown): Promise<unknown> {
  const projectId = state.options.projectId;
  const reference = recordOf(field(body, 'jobReference'));
  const jobId = String(reference['jobId'] ?? `job_${state.jobs.size + 1}`);
  if (state.jobs.has(jobId))
    throw new BigQueryFailure(
      'duplicate',
      409,
      `Already Exists: Job ${projectId}:${state.location}.${jobId}`,
    );
  const configuration = recordOf(field(body, 'configuration'));
  for (const [key, value] of Object.entries(recordOf(configuration['labels']))) {
    if (!LABEL_KEY.test(key) || !LABEL.test(String(value)))
      throw new BigQueryFailure(
        'invalid',
        400,
        `Label ${key}:${String(value)} is invalid: keys and values use lowercase letters, digits, "_" and "-", at most 63 characters`,
      );
  }
  const dryRun = configuration['dryRun'] === true;
  const querySpec = field(configuration, 'query');
  const load = field(configuration, 'load');
  const named = typeof reference['location'] === 'string' ? reference['location'] : undefined;
  // BigQuery runs a job in one location: the one named, else the one of the datasets it touches
  const touched =
    querySpec !== undefined
      ? tablesOrNone(state, String(field(querySpec, 'query') ?? ''))
      : [destinationOf(load)];
  const jobReference = { projectId, jobId, location: state.engine.jobLocation(named, touched) };
  // refused before the job exists, as BigQuery's jobs.insert does
  state.require('bigquery.jobs.create', `Project ${projectId}`);
  const started = Date.now();
  let outcome: StoredJob['outcome'];
  let failure: BigQueryFailure | undefined;
  let configurationOut: Record<string, unknown> = configuration;
  try {
    if (querySpec !== undefined) {
      if (field(querySpec, 'useLegacySql') !== false)
        throw new BigQueryFailure(
          'invalidQuery',
          400,
          'the test server runs GoogleSQL only (useLegacySql: false)',
        );
      const statement = String(field(querySpec, 'query') ?? '');
      const tables = tablesOrNone(state, statement);
      const writes = /^\s*(MERGE|DELETE|INSERT|UPDATE)\b/i.test(statement);
      tables.forEach((table, index) =>
        state.require(
          writes && index === 0 ? 'bigquery.tables.updateData' : 'bigquery.tables.getData',
          `Table ${projectId}:${table.datasetId}.${table.tableId}`,
          table.datasetId,
        ),
      );
      // BigQuery runs one DML statement on a table at a time: one started while another runs fails
      const target = writes && !dryRun ? tables[0] : undefined;
      if (target !== undefined) {
        const key = `${target.datasetId}.${target.tableId}`;
        if ((state.dmlUntil.get(key) ?? 0) > started)
          throw new BigQueryFailure(
            'invalidQuery',
            400,
            `Could not serialize access to table ${projectId}:${key} due to concurrent update`,
          );
        state.dmlUntil.set(key, started + (state.options.jobMs ?? 0));
      }
      const cap = field(querySpec, 'maximumBytesBilled');
      outcome = await state.engine.execute(
        String(field(querySpec, 'query') ?? ''),
        parameters(field(querySpec, 'queryParameters')),
        {
          maximumBytesBilled: cap === undefined ? undefined : Number(cap),
          dryRun,
          location: jobReference.location,
        },
      );
      if (outcome.result !== undefined)
        configurationOut = {
          ...configuration,
          query: { ...recordOf(querySpec), destinationTable: { projectId, ...outcome.result.table } },
        };
    } else if (load !== undefined) {
      const name = destinationOf(load);
      state.engine.require(name);
      state.require(
        'bigquery.tables.updateData',
        `Table ${projectId}:${name.datasetId}.${name.tableId}`,
        name.datasetId,
      );
      state.engine.requireLocation([name], jobReference.location);
      if (field(load, 'sourceFormat') !== 'NEWLINE_DELIMITED_JSON')
        throw new BigQueryFailure('invalid', 400, 'the test server loads NEWLINE_DELIMITED_JSON only');
      const data = String(field(body, 'data') ?? '');
      const rows = data
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => recordOf(JSON.parse(line)));
      const schema = field(field(load, 'schema'), 'fields');
      await state.engine.load(name, rows, {
        truncate: field(load, 'writeDisposition') === 'WRITE_TRUNCATE',
        schema: schema === undefined ? undefined : fieldsOf(schema),
      });
    } else {
      throw new BigQueryFailure('invalid', 400, 'the test server runs query and load jobs only');
    }
  } catch (error) {
    if (!(error instanceof BigQueryFailure)) throw error;
    failure = error;
  }
  const pendingPolls = dryRun || failure !== undefined ? 0 : (state.options.pendingPolls ?? 1);
  const doneAt = dryRun ? started : started + (state.options.jobMs ?? 0);
  const finalStatus =
    failure === undefined
      ? { state: 'DONE' }
      : {
          state: 'DONE',
          errorResult: { reason: failure.reason, message: failure.message },
          errors: [{ reason: failure.reason, message: failure.message }],
        };
  const resource: Record<string, unknown> = {
    kind: 'bigquery#job',
    id: `${projectId}:${jobReference.location}.${jobId}`,
    jobReference,
    configuration: configurationOut,
    status: pendingPolls > 0 || doneAt > started ? { state: 'RUNNING' } : finalStatus,
    statistics: {
      creationTime: String(started),
      startTime: String(started),
      ...(outcome === undefined
        ? {}
        : {
            totalBytesProcessed: String(outcome.bytesProcessed),
            query: {
              totalBytesProcessed: String(outcome.bytesProcessed),
              totalBytesBilled: dryRun ? '0' : String(outcome.bytesBilled),
              statementType: outcome.statementType,
              ...(outcome.dmlRows === undefined ? {} : { numDmlAffectedRows: String(outcome.dmlRows) }),
            },
          }),
    },
  };
  if (!dryRun)
    state.jobs.set(jobId, {
      resource,
      ...(outcome === undefined ? {} : { outcome }),
      ...(failure === undefined ? {} : { failure }),
      pendingPolls,
      doneAt,
      finalStatus,
    });
  return resource;
}

function permissionsOf(body: unknown): string[] {
  const asked = field(body, 'permissions');
  return Array.isArray(asked) ? asked.map(String) : [];
}

function destinationOf(load: unknown): TableName {
  const destination = recordOf(field(load, 'destinationTable'));
  return { datasetId: String(destination['datasetId'] ?? ''), tableId: String(destination['tableId'] ?? '') };
}

/** The tables of a statement, or none when it does not parse (the job then fails as a bad query). */
function tablesOrNone(state: ServerState, sql: string): readonly TableName[] {
  try {
    return state.engine.tablesOf(sql);
  } catch {
    return [];
  }
}

/**
 * A job by its id and the `location` the call names. BigQuery finds a job outside the US and EU
 * multi-regions only when the call names its location, and none in another location: both are
 * a 404 for the job.
 */
function findJob(state: ServerState, jobId: string, location: string | undefined): StoredJob {
  const projectId = state.options.projectId;
  const job = state.jobs.get(jobId);
  const where = String(field(field(job?.resource, 'jobReference'), 'location') ?? 'US');
  const multiRegion = where.toUpperCase() === 'US' || where.toUpperCase() === 'EU';
  const found =
    job !== undefined &&
    (location === undefined ? multiRegion : location.toLowerCase() === where.toLowerCase());
  if (!found) throw new BigQueryFailure('notFound', 404, `Not found: Job ${projectId}:${jobId}`);
  return job;
}

function parameters(value: unknown): Record<string, string> {
  if (!Array.isArray(value)) return {};
  return Object.fromEntries(
    value.map((p: unknown) => [
      String(field(p, 'name') ?? ''),
      String(field(field(p, 'parameterValue'), 'value') ?? ''),
    ]),
  );
}

/** jobs.getQueryResults: not complete for the first polls, then the job's error, or a page of its result. */
async function queryResults(
  state: ServerState,
  job: StoredJob,
  query: Readonly<Record<string, string>>,
): Promise<unknown> {
  const jobId = String(field(field(job.resource, 'jobReference'), 'jobId') ?? '');
  const jobReference = field(job.resource, 'jobReference');
  if (Date.now() < job.doneAt) {
    // BigQuery holds the call until the job is done or the call's wait is over
    const wait = Math.min(job.doneAt - Date.now() + 1, Number(query['timeoutMs'] ?? 10_000));
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (Date.now() < job.doneAt)
      return { kind: 'bigquery#getQueryResultsResponse', jobReference, jobComplete: false };
    if (job.pendingPolls === 0) Reflect.set(job.resource, 'status', job.finalStatus);
  }
  if (job.pendingPolls > 0) {
    job.pendingPolls -= 1;
    if (job.pendingPolls === 0) Reflect.set(job.resource, 'status', job.finalStatus);
    return { kind: 'bigquery#getQueryResultsResponse', jobReference, jobComplete: false };
  }
  if (job.failure !== undefined) throw job.failure;
  const outcome = job.outcome;
  const base = {
    kind: 'bigquery#getQueryResultsResponse',
    etag: `"${jobId}"`,
    jobReference,
    jobComplete: true,
    cacheHit: false,
    totalBytesProcessed: String(outcome?.bytesProcessed ?? 0),
  };
  if (outcome?.result === undefined)
    return { ...base, numDmlAffectedRows: String(outcome?.dmlRows ?? 0), totalRows: '0' };
  const { table, fields, rows } = outcome.result;
  const from =
    query['pageToken'] !== undefined
      ? Number(Buffer.from(query['pageToken'], 'base64url').toString())
      : Number(query['startIndex'] ?? 0);
  const wanted = query['maxResults'] !== undefined ? Number(query['maxResults']) : rows;
  const int64Timestamps = query['formatOptions.useInt64Timestamp'] === 'true';
  const page: unknown[] = [];
  let bytes = 0;
  let next = from;
  while (next < rows && page.length < wanted && bytes < PAGE_BYTES) {
    const count = Math.min(wanted - page.length, 500, rows - next);
    const columns = await state.engine.readRange(table, fields, next, count);
    for (let i = 0; i < count && bytes < PAGE_BYTES; i += 1) {
      const row = { f: fields.map((f, c) => ({ v: jsonCell(f, columns[c]?.[i], int64Timestamps) })) };
      bytes += JSON.stringify(row).length;
      page.push(row);
      next += 1;
    }
  }
  return {
    ...base,
    schema: { fields },
    totalRows: String(rows),
    ...(wanted > 0 ? { rows: page } : {}),
    ...(wanted > 0 && next < rows ? { pageToken: Buffer.from(String(next)).toString('base64url') } : {}),
  };
}

/** The two parts of a multipart/related upload: the job's JSON, then the data (kept as `data`). */
function multipart(request: IncomingMessage, raw: Buffer): unknown {
  const boundary = /boundary=("?)([^";]+)\1/.exec(request.headers['content-type'] ?? '')?.[2];
  if (boundary === undefined) return undefined;
  const parts = raw
    .toString('utf8')
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, ''));
  const [metadata = '{}', data = ''] = parts;
  return { ...recordOf(JSON.parse(metadata)), data };
}

export { RESULTS_DATASET };
