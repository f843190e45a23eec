import { z } from 'zod';

const GIB = 1024 ** 3;
/** BigQuery bills at least 10 MB per table a query reads: a cap below that refuses every query. */
const MIN_BYTES_BILLED = 10 * 1024 ** 2;

const datasetName = z
  .string()
  .regex(/^[A-Za-z0-9_]{1,1024}$/, 'a BigQuery dataset name: letters, digits and "_"');

/** The BigQuery project and how to reach it (docs/bigquery.md). */
const bigQuerySchema = z.object({
  kind: z.literal('bigquery'),
  projectId: z
    .string({ error: 'the Google Cloud project holding the training and predictions datasets is required' })
    .regex(
      /^(?:[a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
      'a Google Cloud project id: 6 to 30 lowercase letters, digits or "-"',
    ),
  /**
   * Where the datasets live and the jobs run (`US`, `EU`, `europe-west1`...). Unset: the training
   * dataset's location, as BigQuery reports it; set, the adapter checks it is that location.
   */
  location: z.string().min(1).optional(),
  datasets: z
    .object({
      training: datasetName.default('training'),
      predictions: datasetName.default('predictions'),
    })
    .prefault({}),
  /** The training table of each horizon, `{h}` standing for the horizon. */
  tableTemplate: z
    .string()
    .includes('{h}', { error: 'a table name with {h} where the horizon goes' })
    .regex(/^[A-Za-z0-9_{}-]+$/, 'a table name: letters, digits, "_", "-" and {h}')
    .default('zl_training_prod_allhistory_{h}'),
  /** A service-account key file (relative to the home unless absolute); unset: Application Default Credentials. */
  keyFile: z.string().min(1).optional(),
  /** Every query is refused by BigQuery when it would bill more than this many bytes. */
  maximumBytesBilled: z
    .number()
    .int()
    .min(MIN_BYTES_BILLED, 'at least 10485760 (BigQuery bills 10 MB per table read)')
    .default(GIB),
  /** `storage`: tables arrive as Arrow through the Storage Read API (REST when it is not enabled); `rest`: always JSON pages. */
  readApi: z.enum(['storage', 'rest']).default('storage'),
  /** One HTTP request or gRPC call gets no answer within this: a transient failure. */
  requestTimeoutMs: z
    .number()
    .int()
    .min(15_000, 'at least 15000 (BigQuery holds a wait for a job up to 10 s)')
    .default(60_000),
  /** A query or load job not done within this is cancelled by BigQuery (and the stage fails, transient). */
  queryTimeoutMs: z.number().int().positive().default(600_000),
  /** A local BigQuery emulator (no credentials are sent): its REST URL and Storage Read API host:port. */
  emulator: z
    .object({
      apiEndpoint: z.url({ protocol: /^https?$/ }),
      storageEndpoint: z
        .string()
        .regex(/^[^\s:/]+:\d{1,5}$/, 'host:port of the gRPC Storage Read API')
        .optional(),
    })
    .optional(),
});

/** Which warehouse serves the training tables. Owned by the warehouse feature. */
export const warehouseConfigSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('duckdb'),
      /** Relative to the home unless absolute. */
      path: z.string().min(1).default('Warehouse/cbi.duckdb'),
    }),
    bigQuerySchema,
  ])
  .prefault({ kind: 'duckdb' });

export type WarehouseConfig = z.infer<typeof warehouseConfigSchema>;
export type BigQueryConfig = z.infer<typeof bigQuerySchema>;
