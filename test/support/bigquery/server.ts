import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Engine } from './engine.js';
import { Hang, answer } from './rest.js';
import {
  ServerState,
  type Faults,
  type LoadJobRecord,
  type QueryJobRecord,
  type Recorded,
  type ServerOptions,
} from './state.js';
import { startStorage } from './storage.js';

/** A table the server holds from the start: a Parquet file as it is (every row `repeat` times). */
export interface SeedTable {
  readonly datasetId: string;
  readonly tableId: string;
  readonly parquet: string;
  readonly repeat?: number;
  /** Its dataset's location (default US), made when the first table of the dataset is seeded. */
  readonly location?: string;
  /** Partitioned by day of a DATE column, requiring a partition filter when `required`. */
  readonly partitioning?: { readonly column: string; readonly required: boolean };
}

export interface BigQueryServer {
  /** The REST root to give the client (`apiEndpoint`). */
  readonly apiEndpoint: string;
  /** `host:port` of the Storage Read API (plaintext gRPC). */
  readonly storageEndpoint: string;
  /** Every call received, in order. */
  readonly requests: readonly Recorded[];
  readonly faults: Faults;
  queryJobs(): readonly QueryJobRecord[];
  loadJobs(): readonly LoadJobRecord[];
  /** Rows of a table, read with DuckDB SQL (`"dataset"."table"`), for tests that check what was written. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** A table made by DuckDB SQL over the server's tables (`"dataset"."table"`), as if it had always been there. */
  createTableAs(
    name: { readonly datasetId: string; readonly tableId: string },
    duckDbSql: string,
  ): Promise<void>;
  /** Forgets the calls recorded so far (the tables stay). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for BigQuery on 127.0.0.1 that the real `@google-cloud/bigquery` and
 * `@google-cloud/bigquery-storage` clients talk to: the REST calls the adapter makes (datasets,
 * tables, query and load jobs, getQueryResults pages) with the shapes Google documents, and the
 * Storage Read API over gRPC, both over the same DuckDB engine holding real Parquet tables. Faults
 * (HTTP or gRPC errors, a request left unanswered) are injected per API.
 */
export async function startBigQueryServer(
  options: ServerOptions & { readonly tables?: readonly SeedTable[] },
): Promise<BigQueryServer> {
  const engine = await Engine.create(options.projectId);
  for (const table of options.tables ?? [])
    await engine.loadParquet(table, table.parquet, {
      repeat: table.repeat ?? 1,
      now: Date.now(),
      location: table.location ?? 'US',
      partitioning: table.partitioning,
    });
  const state = new ServerState(engine, options);
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      answer(state, request, Buffer.concat(chunks)).then(
        ({ status, body }) => {
          response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
          response.end(JSON.stringify(body));
        },
        (error: unknown) => {
          if (error instanceof Hang) {
            hung.add(response);
            return;
          }
          response.writeHead(500, { 'content-type': 'application/json; charset=UTF-8' });
          const message = error instanceof Error ? error.message : String(error);
          response.end(
            JSON.stringify({
              error: {
                code: 500,
                message,
                errors: [{ reason: 'internalError', message }],
                status: 'INTERNAL',
              },
            }),
          );
        },
      );
    });
  });
  // Google's front ends keep an idle connection for minutes; node's default of 5 s closed the
  // client's pooled socket while a test waited out a 6-second hang, and the next request on it
  // failed with ECONNRESET ("socket hang up") when the machine was loaded.
  http.keepAliveTimeout = 120_000;
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const storage = await startStorage(state);
  return {
    apiEndpoint: `http://127.0.0.1:${port}`,
    storageEndpoint: storage.endpoint,
    requests: state.requests,
    faults: state.faults,
    queryJobs: () => state.queryJobs(),
    loadJobs: () => state.loadJobs(),
    rows: (sql) => engine.rows(sql),
    createTableAs: async (name, sql) => {
      await engine.rows(`CREATE TABLE "${name.datasetId}"."${name.tableId}" AS ${sql}`);
      engine.tables.set(`${name.datasetId}.${name.tableId}`, {
        ...name,
        type: 'TABLE',
        creationTime: String(Date.now()),
        reads: [],
      });
    },
    reset: () => {
      state.requests.length = 0;
      state.faults.clear();
    },
    close: async () => {
      for (const response of hung) response.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await storage.close();
      engine.close();
    },
  };
}
