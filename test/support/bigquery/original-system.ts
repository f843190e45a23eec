import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import type { Horizon } from '../../../src/domain/horizon.js';
import { PROJECT } from './cbi-project.js';
import type { BigQueryServer } from './server.js';

/**
 * `predictions.zl_predictions` as the original system left it: the seed's columns (no champion
 * or skill flag), some described, and a RECORD column of its own.
 */
export const ORIGINAL_FIELDS = [
  {
    name: 'as_of_date',
    type: 'DATE',
    mode: 'REQUIRED',
    description: 'the last day of data the forecast saw',
  },
  { name: 'horizon', type: 'STRING', mode: 'REQUIRED', description: '1w, 1m, 3m, 6m or 12m' },
  { name: 'target_date', type: 'DATE', mode: 'NULLABLE' },
  { name: 'current_price', type: 'FLOAT', mode: 'NULLABLE' },
  { name: 'predicted_price', type: 'FLOAT', mode: 'NULLABLE', description: 'ZL, US cents per pound' },
  { name: 'predicted_return', type: 'FLOAT', mode: 'NULLABLE' },
  { name: 'model_name', type: 'STRING', mode: 'NULLABLE' },
  { name: 'model_version', type: 'STRING', mode: 'NULLABLE' },
  { name: 'surface', type: 'STRING', mode: 'NULLABLE' },
  { name: 'run_id', type: 'STRING', mode: 'NULLABLE' },
  { name: 'created_at', type: 'STRING', mode: 'NULLABLE' },
  {
    name: 'features_used',
    type: 'RECORD',
    mode: 'NULLABLE',
    description: 'what the original model read',
    fields: [
      { name: 'count', type: 'INTEGER', mode: 'NULLABLE' },
      { name: 'source', type: 'STRING', mode: 'NULLABLE' },
    ],
  },
];

/** The original system's latest view of a horizon: its newest row, whatever model. */
export function originalViewSql(horizon: Horizon, dataset = 'predictions'): string {
  return `SELECT * FROM \`${PROJECT}.${dataset}.zl_predictions\` WHERE horizon = '${horizon}' ORDER BY as_of_date DESC LIMIT 1`;
}

/**
 * The original system's predictions dataset in `location`: the table (partitioned by day of
 * as_of_date), one forecast of its own whose `created_at` is `time.ctime()` text BigQuery cannot
 * read as a time, and its own `vw_zl_1m_latest`.
 */
export async function seedOriginalPredictions(server: BigQueryServer, location: string): Promise<void> {
  const client = new BigQuery({
    projectId: PROJECT,
    apiEndpoint: server.apiEndpoint,
    authClient: new PassThroughClient(),
  });
  const [dataset] = await client.createDataset('predictions', { location });
  await dataset.createTable('zl_predictions', {
    schema: { fields: ORIGINAL_FIELDS },
    timePartitioning: { type: 'DAY', field: 'as_of_date' },
  });
  await server.rows(
    `INSERT INTO "predictions"."zl_predictions" VALUES ('2025-11-05', '1m', '2025-12-04', 50.9, 51.0, 0.002, 'lightgbm', 'seed-v1', 'prod', 'seed-run', 'Wed Nov  5 23:59:00 2025', NULL)`,
  );
  await dataset.createTable('vw_zl_1m_latest', {
    view: { query: originalViewSql('1m'), useLegacySql: false },
  });
}
