import { randomUUID } from 'node:crypto';
import type { BigQuery, Job } from '@google-cloud/bigquery';
import { z } from 'zod';
import type { Clock } from '../../ports/clock.port.js';
import type { StageScope } from '../../ports/stage-scope.port.js';
import type { JsonRow } from './bigquery-batches.js';
import type { BigQueryField } from './bigquery-columns.js';
import { RequestTimeout, withTimeout } from './bigquery-errors.js';
import type { TableRef } from './bigquery-sql.js';

export interface JobSettings {
  readonly projectId: string;
  /** Where the jobs run: the training dataset's location (DatasetLocation). */
  readonly location: () => Promise<string>;
  readonly maximumBytesBilled: number;
  readonly requestTimeoutMs: number;
  readonly queryTimeoutMs: number;
}

/** A statement to run as a query job. */
export interface QuerySpec {
  readonly sql: string;
  /** Named STRING parameters (`@run_id` in the SQL). */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** What the adapter is doing, for the job's labels (`export`, `merge_predictions`, ...). */
  readonly operation: string;
}

/** A query job that has finished, with its result's schema. */
export interface FinishedQuery {
  readonly job: Job;
  readonly fields: readonly BigQueryField[];
  readonly totalRows: number;
}

/** A page of a query's result as getQueryResults returns it. */
export interface JsonPage {
  readonly fields: readonly BigQueryField[];
  readonly rows: readonly JsonRow[];
}

const fieldSchema: z.ZodType<BigQueryField> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.string(),
    mode: z.string().optional(),
    fields: z.array(fieldSchema).optional(),
  }),
);

const resultsSchema = z.object({
  jobComplete: z.boolean().optional(),
  schema: z.object({ fields: z.array(fieldSchema).default([]) }).optional(),
  totalRows: z.union([z.string(), z.number()]).optional(),
  pageToken: z.string().optional(),
  rows: z.array(z.object({ f: z.array(z.object({ v: z.unknown().optional() })) })).optional(),
});

const jobSchema = z.object({
  status: z
    .object({
      state: z.string().optional(),
      errorResult: z.object({ reason: z.string().optional(), message: z.string().optional() }).optional(),
      errors: z.array(z.object({ reason: z.string().optional(), message: z.string().optional() })).optional(),
    })
    .optional(),
  configuration: z
    .object({
      query: z
        .object({
          destinationTable: z
            .object({ projectId: z.string(), datasetId: z.string(), tableId: z.string() })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

/** A job that ended with an error: the shape the error mapping reads (`errors[].reason`). */
export class JobFailed extends Error {
  readonly errors: readonly { readonly reason?: string | undefined; readonly message?: string | undefined }[];
  constructor(
    readonly jobId: string,
    error: { readonly reason?: string | undefined; readonly message?: string | undefined },
  ) {
    super(error.message ?? `job ${jobId} failed`);
    this.name = 'JobFailed';
    this.errors = [error];
  }
}

/** An upload refused by BigQuery: its HTTP status and reasons, as the error mapping reads them. */
class UploadRefused extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly errors: readonly { readonly reason?: string | undefined }[],
  ) {
    super(message);
    this.name = 'UploadRefused';
  }
}

const uploadErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});

/**
 * Runs and waits for BigQuery jobs through the client. Every job carries the product's labels
 * (the run and stage it serves, what it does), every query the `maximumBytesBilled` cap and a
 * `jobTimeoutMs`; every request is bounded by the request timeout. Nothing is retried here: a
 * failure goes up to the run's retry policy.
 */
export class BigQueryJobs {
  constructor(
    private readonly client: BigQuery,
    private readonly settings: JobSettings,
    private readonly clock: Clock,
    private readonly scope: StageScope | undefined,
  ) {}

  /** The labels of a job doing `operation` now. */
  labels(operation: string): Record<string, string> {
    const tag = this.scope?.current();
    return {
      app: 'cbi-autopilot',
      cbi_operation: labelValue(operation),
      ...(tag === undefined ? {} : { cbi_run_id: labelValue(tag.runId), cbi_stage: labelValue(tag.stage) }),
    };
  }

  /** Checks a statement without running it (free): credentials, permissions, the SQL. */
  async dryRun(spec: QuerySpec): Promise<void> {
    await this.timed('a dry-run query', () =>
      this.#queryOptions(spec).then((options) => this.client.createQueryJob({ ...options, dryRun: true })),
    );
  }

  /** Runs a query job and waits until it is done (its rows stay on the server: `pages` or the Storage Read API). */
  async query(spec: QuerySpec): Promise<FinishedQuery> {
    const options = await this.#queryOptions(spec);
    const [job] = await this.timed('a query job', () => this.client.createQueryJob(options));
    const deadline = this.clock.now().getTime() + this.settings.queryTimeoutMs;
    let unseen = 0;
    for (;;) {
      // no `timeoutMs`: BigQuery holds the call up to its default wait, then says whether the job is complete
      let response: unknown;
      try {
        [, , response] = await this.timed('waiting for a query job', () =>
          job.getQueryResults({ maxResults: 0, autoPaginate: false, skipParsing: true }),
        );
      } catch (error) {
        // a job just inserted may not be visible yet to getQueryResults (404 "Not found: Job"):
        // Google's clients poll again; so do we, a few times, within the job's deadline
        if (!jobNotFound(error) || unseen >= JOB_UNSEEN_POLLS || this.clock.now().getTime() > deadline)
          throw error;
        unseen += 1;
        await this.clock.sleep(250 * 2 ** unseen);
        continue;
      }
      const results = resultsSchema.parse(response ?? {});
      if (results.jobComplete !== false) {
        return { job, fields: results.schema?.fields ?? [], totalRows: Number(results.totalRows ?? 0) };
      }
      if (this.clock.now().getTime() > deadline) {
        await job.cancel().catch(() => undefined);
        throw new RequestTimeout(`query job ${job.id ?? ''}`, this.settings.queryTimeoutMs);
      }
    }
  }

  /** The result of a finished query, page by page (at most `pageRows` rows each). */
  async *pages(finished: FinishedQuery, pageRows: number): AsyncGenerator<JsonPage> {
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const [, , response] = await this.timed('reading a page of query results', () =>
        finished.job.getQueryResults({
          maxResults: pageRows,
          autoPaginate: false,
          skipParsing: true,
          ...(token === undefined ? {} : { pageToken: token }),
        }),
      );
      const page = resultsSchema.parse(response ?? {});
      yield { fields: page.schema?.fields ?? finished.fields, rows: page.rows ?? [] };
      pageToken = page.pageToken;
    } while (pageToken !== undefined && pageToken !== '');
  }

  /** The table a finished query wrote its result to (an anonymous one). */
  async destination(finished: FinishedQuery): Promise<TableRef> {
    const [metadata] = await this.timed('reading a query job', () => finished.job.getMetadata());
    const table = jobSchema.parse(metadata).configuration?.query?.destinationTable;
    if (table === undefined)
      throw new JobFailed(finished.job.id ?? '', { message: 'the query job names no destination table' });
    return table;
  }

  /**
   * Loads newline-delimited JSON into `table` with a load job (free), replacing its rows
   * (WRITE_TRUNCATE), and waits until it is done. The upload is the multipart request the
   * client's own helper sends, made here so the job carries its labels (the helper puts every
   * option under `configuration.load`, where labels do not belong) and a timeout.
   */
  async load(
    table: TableRef,
    fields: readonly BigQueryField[],
    ndjson: string,
    operation: string,
  ): Promise<void> {
    const jobId = `cbi_load_${randomUUID()}`;
    const location = await this.settings.location();
    const resource = {
      jobReference: { projectId: this.settings.projectId, jobId, location },
      configuration: {
        labels: this.labels(operation),
        jobTimeoutMs: String(this.settings.queryTimeoutMs),
        load: {
          destinationTable: table,
          schema: { fields },
          sourceFormat: 'NEWLINE_DELIMITED_JSON',
          writeDisposition: 'WRITE_TRUNCATE',
          createDisposition: 'CREATE_NEVER',
        },
      },
    };
    const url = `${this.client.apiEndpoint}/upload/bigquery/v2/projects/${encodeURIComponent(this.settings.projectId)}/jobs?uploadType=multipart`;
    await this.timed('a load job', async () => {
      const boundary = `cbi-${randomUUID()}`;
      const body = [
        `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(resource)}\r\n`,
        `--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n${ndjson}\r\n`,
        `--${boundary}--\r\n`,
      ].join('');
      const headers = new Headers(await this.client.authClient.getRequestHeaders(url));
      headers.set('content-type', `multipart/related; boundary=${boundary}`);
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
      });
      const text = await response.text();
      if (!response.ok) {
        const parsed = uploadErrorSchema.safeParse(safeJson(text));
        const error = parsed.success ? parsed.data.error : { message: text.slice(0, 200), errors: [] };
        throw new UploadRefused(
          response.status,
          error.message ?? `HTTP ${response.status}`,
          error.errors ?? [],
        );
      }
    });
    await this.#waitForJob(jobId, location);
  }

  /** Bounds one call by the request timeout. */
  timed<T>(what: string, call: () => Promise<T>): Promise<T> {
    return withTimeout(what, this.settings.requestTimeoutMs, call);
  }

  async #waitForJob(jobId: string, location: string): Promise<void> {
    const job = this.client.job(jobId, { location });
    const deadline = this.clock.now().getTime() + this.settings.queryTimeoutMs;
    let wait = 250;
    for (;;) {
      const [metadata] = await this.timed('reading a load job', () => job.getMetadata());
      const status = jobSchema.parse(metadata).status;
      if (status?.errorResult !== undefined) throw new JobFailed(jobId, status.errorResult);
      if (status?.state === 'DONE') return;
      if (this.clock.now().getTime() > deadline)
        throw new RequestTimeout(`load job ${jobId}`, this.settings.queryTimeoutMs);
      await this.clock.sleep(wait);
      wait = Math.min(wait * 2, 2_000);
    }
  }

  async #queryOptions(spec: QuerySpec): Promise<Parameters<BigQuery['createQueryJob']>[0] & object> {
    return {
      query: spec.sql,
      useLegacySql: false,
      location: await this.settings.location(),
      labels: this.labels(spec.operation),
      maximumBytesBilled: String(this.settings.maximumBytesBilled),
      jobTimeoutMs: this.settings.queryTimeoutMs,
      ...(spec.params === undefined ? {} : { params: { ...spec.params } }),
    };
  }
}

/** Polls of a just-inserted job that may answer 404 before it is seen (0.5 + 1 + 2 + 4 s). */
const JOB_UNSEEN_POLLS = 4;

/** BigQuery's 404 for a job (not for a table or dataset the job reads). */
function jobNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code: unknown = Reflect.get(error, 'code');
  const message: unknown = Reflect.get(error, 'message');
  return code === 404 && typeof message === 'string' && /Not found: Job\b/.test(message);
}

/** A label value: lower case letters, digits, `_` and `-`, at most 63 characters (BigQuery's rule). */
export function labelValue(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '_')
    .slice(0, 63);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
