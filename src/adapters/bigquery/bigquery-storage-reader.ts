import { getDefaultHighWaterMark, setDefaultHighWaterMark } from 'node:stream';
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
 * Responses of a stream the reader lets gRPC receive ahead of the one being written. BigQuery
 * decides how large a response is (our local server sends 1,024 rows, 3.6 MB for CBI-V14's 444
 * columns); gax's stream sends it through four object-mode streams of 16 each, so a reader
 * slower than the network held up to 64 of them (the 100x export bench: 150 MB more than the
 * table as it is). Read straight from the gRPC call, two are held.
 */
const READ_AHEAD = 2;

/** A Storage Read API ReadRows call: the gRPC client stream of its responses. */
interface ReadRowsCall extends AsyncIterable<unknown> {
  cancel(): void;
  destroy(): void;
}

type ReadRowsMethod = (
  request: { readonly readStream: string; readonly offset: number },
  metadata: unknown,
  options: { readonly deadline: number },
) => ReadRowsCall;

/**
 * Reads a table through the BigQuery Storage Read API in Arrow: one read session of one stream
 * (a query's result keeps its ORDER BY only when read by a single stream), its record batches
 * handed on one at a time. The client libraries load on first use: `readApi: "rest"` never
 * loads gRPC. No retries inside: a failure goes up to the run's retry policy.
 */
export class StorageReader {
  private constructor(
    private readonly client: BigQueryReadClient,
    private readonly settings: StorageReaderSettings,
    private readonly newMetadata: () => { set(key: string, value: string): void },
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
        () => new grpc.Metadata(),
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
      () => new grpc.Metadata(),
    );
  }

  /**
   * Opens a read session on the table and reads nothing: proves the API is enabled and the
   * account may read the table through it (`cbi doctor`). Nothing is billed.
   */
  async probe(table: TableRef): Promise<void> {
    await this.createSession(table);
  }

  /** One read session of one Arrow stream on the table (gax's own retries off: ours decide). */
  private createSession(table: TableRef) {
    const { requestTimeoutMs } = this.settings;
    return withTimeout('creating a Storage Read API session', requestTimeoutMs, () =>
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
  }

  /** The table's rows in the order the single stream gives them, batch by batch. */
  async *read(table: TableRef, plans: readonly ColumnPlan[]): AsyncGenerator<RowBatch> {
    const { requestTimeoutMs, queryTimeoutMs } = this.settings;
    const [session] = await this.createSession(table);
    const schema = bytesOf(session.arrowSchema?.serializedSchema);
    const stream = session.streams?.[0]?.name;
    // an empty table gets a session without streams
    if (stream === undefined || stream === null || schema === undefined) return;
    const rows = await this.#readRows(stream, queryTimeoutMs);
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

  /**
   * Starts ReadRows on the gRPC stub itself, with the routing header Google's client sends; its
   * stream is made (synchronously) while the default object-mode high-water mark is READ_AHEAD.
   */
  async #readRows(stream: string, timeoutMs: number): Promise<ReadRowsCall> {
    const stub: unknown = await this.client.initialize();
    const method = typeof stub === 'object' && stub !== null ? Reflect.get(stub, 'readRows') : undefined;
    if (!isReadRows(method)) throw new Error('the Storage Read API client has no readRows method');
    const metadata = this.newMetadata();
    metadata.set('x-goog-request-params', new URLSearchParams({ read_stream: stream }).toString());
    const previous = getDefaultHighWaterMark(true);
    setDefaultHighWaterMark(true, READ_AHEAD);
    try {
      return method.call(stub, { readStream: stream, offset: 0 }, metadata, {
        deadline: Date.now() + timeoutMs,
      });
    } finally {
      setDefaultHighWaterMark(true, previous);
    }
  }

  /** Closes the gRPC channel. */
  async close(): Promise<void> {
    await this.client.close();
  }
}

function isReadRows(value: unknown): value is ReadRowsMethod {
  return typeof value === 'function';
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
