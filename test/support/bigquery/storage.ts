import { createRequire } from 'node:module';
import { GrpcClient, grpc } from 'google-gax';
import type { TableName } from './dialect.js';
import { BigQueryFailure } from './dialect.js';
import { arrowSchema, serializedBatch, serializedSchema } from './encoding.js';
import type { Field } from './engine.js';
import { field, type ServerState } from './state.js';

interface Session {
  readonly table: TableName;
  readonly fields: readonly Field[];
  readonly rows: number;
  readonly streams: number;
}

/** The BigQuery Storage Read API's proto definitions, as the client package ships them. */
function readService(): grpc.ServiceDefinition {
  const require = createRequire(import.meta.url);
  const json: unknown = require('@google-cloud/bigquery-storage/build/protos/protos.json');
  const root = new GrpcClient({ grpc }).loadProtoJSON(json as Parameters<GrpcClient['loadProtoJSON']>[0]);
  const service = field(
    field(field(field(field(field(root, 'google'), 'cloud'), 'bigquery'), 'storage'), 'v1'),
    'BigQueryRead',
  );
  const definition = field(service, 'service');
  if (definition === undefined) throw new Error('no BigQueryRead service in the protos');
  return definition as grpc.ServiceDefinition;
}

const STATUS: Readonly<Record<string, number>> = {
  notFound: grpc.status.NOT_FOUND,
  accessDenied: grpc.status.PERMISSION_DENIED,
  invalid: grpc.status.INVALID_ARGUMENT,
};

/**
 * The Storage Read API over plaintext gRPC on 127.0.0.1: CreateReadSession splits a table into
 * streams (one when asked for at most one, else two, as BigQuery may), ReadRows sends each
 * stream's rows as Arrow record batches (schema in the session, batches without it), honouring
 * the client's flow control, so a large table never sits in memory at once.
 */
export async function startStorage(
  state: ServerState,
): Promise<{ readonly endpoint: string; close(): Promise<void> }> {
  const sessions = new Map<string, Session>();
  const server = new grpc.Server();
  const hung: grpc.ServerWritableStream<unknown, unknown>[] = [];
  const fail = (
    api: string,
    request: unknown,
    metadata: grpc.Metadata,
  ): grpc.ServiceError | 'hang' | undefined => {
    const [routing] = metadata.get('x-goog-request-params');
    state.record({
      api,
      method: 'POST',
      path: `google.cloud.bigquery.storage.v1.BigQueryRead/${api.split('.')[1] ?? ''}`,
      query: {},
      body: request,
      authorized: false,
      routing: typeof routing === 'string' ? routing : undefined,
    });
    const fault = state.faults.take(api);
    if (fault?.kind === 'hang') return 'hang';
    if (fault?.kind === 'grpc')
      return Object.assign(new Error(fault.message), {
        code: fault.code,
        details: fault.message,
        metadata: new grpc.Metadata(),
      });
    return undefined;
  };
  server.addService(readService(), {
    CreateReadSession: (
      call: grpc.ServerUnaryCall<unknown, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      const fault = fail('storage.CreateReadSession', call.request, call.metadata);
      if (fault === 'hang') return;
      if (fault !== undefined) return callback(fault);
      void createSession(state, sessions, call.request).then(
        (session) => callback(null, session),
        (error: unknown) => callback(asServiceError(error)),
      );
    },
    ReadRows: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      const fault = fail('storage.ReadRows', call.request, call.metadata);
      if (fault === 'hang') {
        hung.push(call);
        return;
      }
      // grpc-js ends a server stream with a status when the call emits 'error'
      if (fault !== undefined) return void call.emit('error', fault);
      void readRows(state, sessions, call).catch((error: unknown) =>
        call.emit('error', asServiceError(error)),
      );
    },
    SplitReadStream: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
      callback({
        code: grpc.status.UNIMPLEMENTED,
        details: 'not served',
        metadata: new grpc.Metadata(),
        name: 'Error',
        message: 'not served',
      }),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    endpoint: `127.0.0.1:${port}`,
    close: async () => {
      for (const call of hung) call.destroy();
      server.forceShutdown();
    },
  };
}

function asServiceError(error: unknown): grpc.ServiceError {
  const message = error instanceof Error ? error.message : String(error);
  const code =
    error instanceof BigQueryFailure ? (STATUS[error.reason] ?? grpc.status.INTERNAL) : grpc.status.INTERNAL;
  return Object.assign(new Error(message), { code, details: message, metadata: new grpc.Metadata() });
}

async function createSession(
  state: ServerState,
  sessions: Map<string, Session>,
  request: unknown,
): Promise<unknown> {
  const path = String(field(field(request, 'readSession'), 'table') ?? '');
  const match = /^projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path);
  if (match === null) throw new BigQueryFailure('invalid', 400, `bad table path ${path}`);
  if (match[1] !== state.options.projectId)
    throw new BigQueryFailure('notFound', 404, `Not found: Project ${match[1] ?? ''}`);
  if (String(field(field(request, 'readSession'), 'dataFormat')) !== 'ARROW')
    throw new BigQueryFailure('invalid', 400, 'the test server serves ARROW sessions only');
  const table = { datasetId: match[2] ?? '', tableId: match[3] ?? '' };
  state.engine.require(table);
  state.require('bigquery.readsessions.create', `Project ${state.options.projectId}`);
  state.require(
    'bigquery.tables.getData',
    `Table ${match[1] ?? ''}:${table.datasetId}.${table.tableId}`,
    table.datasetId,
  );
  const fields = await state.engine.fields(table);
  const rows = await state.engine.rowCount(table);
  const asked = Number(field(request, 'maxStreamCount') ?? 0);
  const name = `projects/${state.options.projectId}/locations/${state.location.toLowerCase()}/sessions/s${sessions.size + 1}`;
  const streams = rows === 0 ? 0 : asked === 1 || rows === 1 ? 1 : 2;
  sessions.set(name, { table, fields, rows, streams });
  return {
    name,
    dataFormat: 'ARROW',
    table: path,
    arrowSchema: { serializedSchema: Buffer.from(serializedSchema(arrowSchema(fields))) },
    streams: Array.from({ length: streams }, (_, i) => ({ name: `${name}/streams/${i}` })),
    estimatedRowCount: String(rows),
  };
}

async function readRows(
  state: ServerState,
  sessions: Map<string, Session>,
  call: grpc.ServerWritableStream<unknown, unknown>,
): Promise<void> {
  const stream = String(field(call.request, 'readStream') ?? '');
  const [sessionName = '', index = '0'] = stream.split('/streams/');
  const session = sessions.get(sessionName);
  if (session === undefined) throw new BigQueryFailure('notFound', 404, `Not found: stream ${stream}`);
  // two streams split the rows in halves: a reader of one stream sees half the table
  const half = Math.ceil(session.rows / session.streams);
  const start = Number(index) * half;
  const end = Math.min(session.rows, start + half);
  const schema = arrowSchema(session.fields);
  const size = state.options.batchRows ?? 1024;
  for (let from = start + Number(field(call.request, 'offset') ?? 0); from < end; from += size) {
    if (call.cancelled) return;
    const count = Math.min(size, end - from);
    const columns = await state.engine.readRange(session.table, session.fields, from, count);
    const message = {
      arrowRecordBatch: {
        serializedRecordBatch: Buffer.from(serializedBatch(schema, columns, count)),
        rowCount: String(count),
      },
      rowCount: String(count),
      stats: {
        progress: {
          atResponseStart: (from - start) / (end - start),
          atResponseEnd: (from + count - start) / (end - start),
        },
      },
    };
    if (!call.write(message)) await new Promise((resolve) => call.once('drain', resolve));
  }
  call.end();
}
