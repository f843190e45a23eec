import { RecordBatchReader } from 'apache-arrow';
import type { BigQueryReadClient } from '@google-cloud/bigquery-storage';
import { batchFromArrow, type RowBatch } from './bigquery-batches.js';
import { BIGQUERY_SCOPES, type ServiceAccountKey } from './bigquery-client.js';
import type { ColumnPlan } from './bigquery-columns.js';
import { withTimeout } from './bigquery-errors.js';
import type { TableRef } from './bigquery-sql.js';

export interface StorageReaderSettings {
  readonly projectId: string;
  /** The configured service-account key; undefined: Application Default Credentials. */
  readonly key?: ServiceAccountKey | undefined;
  readonly requestTimeoutMs: number;
  readonly queryTimeoutMs: number;
  /** An emulator's plaintext gRPC `host:port`; no credentials are sent to it. */
  readonly emulatorEndpoint?: string | undefined;
}

/**
 * Reads a table through the BigQuery Storage Read API in Arrow: one read session of one stream
 * (a query's result keeps its ORDER BY only when read by a single stream), its record batches
 * handed on one at a time. The client libraries load on first use: `readApi: "rest"` never
 * loads gRPC. gax's own retries are off: a failure goes up to the run's retry policy.
 */
export class StorageReader {
  private constructor(
    private readonly client: BigQueryReadClient,
    private readonly settings: StorageReaderSettings,
  ) {}

  static async create(settings: StorageReaderSettings): Promise<StorageReader> {
    const [{ BigQueryReadClient }, { grpc, googleAuthLibrary }] = await Promise.all([
      import('@google-cloud/bigquery-storage'),
      import('google-gax'),
    ]);
    const emulator = settings.emulatorEndpoint;
    if (emulator !== undefined) {
      const [host = '127.0.0.1', port = '0'] = emulator.split(':');
      return new StorageReader(
        new BigQueryReadClient({
          projectId: settings.projectId,
          apiEndpoint: host,
          port: Number(port),
          sslCreds: grpc.credentials.createInsecure(),
          // no credentials for an emulator, and no probing of a metadata server for them
          authClient: new googleAuthLibrary.PassThroughClient(),
        }),
        settings,
      );
    }
    return new StorageReader(
      new BigQueryReadClient({
        projectId: settings.projectId,
        // the key as an explicit JWT client (gax's own copy of the auth library), not a file to load
        ...(settings.key === undefined
          ? {}
          : {
              authClient: new googleAuthLibrary.JWT({
                email: settings.key.email,
                key: settings.key.key,
                keyId: settings.key.keyId,
                scopes: [...BIGQUERY_SCOPES],
              }),
            }),
      }),
      settings,
    );
  }

  /** The table's rows in the order the single stream gives them, batch by batch. */
  async *read(table: TableRef, plans: readonly ColumnPlan[]): AsyncGenerator<RowBatch> {
    const { requestTimeoutMs, queryTimeoutMs } = this.settings;
    const [session] = await withTimeout('creating a Storage Read API session', requestTimeoutMs, () =>
      this.client.createReadSession(
        {
          parent: `projects/${this.settings.projectId}`,
          readSession: {
            table: `projects/${table.projectId}/datasets/${table.datasetId}/tables/${table.tableId}`,
            dataFormat: 'ARROW',
          },
          maxStreamCount: 1,
        },
        { timeout: requestTimeoutMs, retry: null },
      ),
    );
    const schema = bytesOf(session.arrowSchema?.serializedSchema);
    const stream = session.streams?.[0]?.name;
    // an empty table gets a session without streams
    if (stream === undefined || stream === null || schema === undefined) return;
    // gax retries a server stream through retry-request unless told otherwise
    const rows = this.client.readRows(
      { readStream: stream, offset: 0 },
      { timeout: queryTimeoutMs, retry: null, retryRequestOptions: { retries: 0, noResponseRetries: 0 } },
    );
    const iterator: AsyncIterator<unknown> = rows[Symbol.asyncIterator]();
    try {
      for (;;) {
        // a stream that stops sending is as bad as a request that gets no answer
        const next = await withTimeout('reading a Storage Read API stream', requestTimeoutMs, () =>
          iterator.next(),
        );
        if (next.done === true) return;
        const bytes = serializedBatch(next.value);
        if (bytes === undefined) continue;
        for (const batch of RecordBatchReader.from(Buffer.concat([schema, bytes])))
          yield batchFromArrow(plans, batch);
      }
    } finally {
      rows.cancel();
      rows.destroy();
    }
  }

  /** Closes the gRPC channel. */
  async close(): Promise<void> {
    await this.client.close();
  }
}

function bytesOf(value: string | Uint8Array | null | undefined): Uint8Array | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? Buffer.from(value, 'base64') : value;
}

function serializedBatch(response: unknown): Uint8Array | undefined {
  if (typeof response !== 'object' || response === null || !('arrowRecordBatch' in response))
    return undefined;
  const batch: unknown = response.arrowRecordBatch;
  if (typeof batch !== 'object' || batch === null || !('serializedRecordBatch' in batch)) return undefined;
  const bytes: unknown = batch.serializedRecordBatch;
  return bytes instanceof Uint8Array && bytes.length > 0 ? bytes : undefined;
}
