import { DuckDBInstance } from '@duckdb/node-api';
import type { BigQuery } from '@google-cloud/bigquery';
import type { Horizon } from '../../../src/domain/horizon.js';
import { CBI_DIR, cbiFileName } from '../../builders/cbi-table.builder.js';
import { join } from 'node:path';

const BIGQUERY_TYPES: Readonly<Record<string, string>> = {
  DATE: 'DATE',
  DOUBLE: 'FLOAT64',
  BIGINT: 'INT64',
  VARCHAR: 'STRING',
};

/** Loads CBI-V14's tables into a real project with Parquet load jobs (free), replacing what was there. */
export async function seedWithLoadJobs(
  client: BigQuery,
  dataset: string,
  horizons: readonly Horizon[],
): Promise<void> {
  for (const horizon of horizons) {
    await client
      .dataset(dataset)
      .table(`zl_training_prod_allhistory_${horizon}`)
      .load(join(CBI_DIR, cbiFileName(horizon)), {
        sourceFormat: 'PARQUET',
        writeDisposition: 'WRITE_TRUNCATE',
      });
  }
}

/**
 * Creates CBI-V14's tables in an emulator (which loads no Parquet) and streams their real rows in
 * with tabledata.insertAll, 500 at a time.
 */
export async function seedWithInserts(
  client: BigQuery,
  dataset: string,
  horizons: readonly Horizon[],
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const horizon of horizons) {
      const source = `read_parquet('${join(CBI_DIR, cbiFileName(horizon)).replaceAll("'", "''")}')`;
      const described = (
        await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
      ).getRowObjectsJS();
      const fields = described.map((row) => ({
        name: String(row['column_name']),
        type: BIGQUERY_TYPES[String(row['column_type'])] ?? 'STRING',
      }));
      const [table] = await client
        .dataset(dataset)
        .createTable(`zl_training_prod_allhistory_${horizon}`, { schema: { fields } });
      const select = fields
        .map((f) => (f.type === 'DATE' ? `CAST("${f.name}" AS VARCHAR) AS "${f.name}"` : `"${f.name}"`))
        .join(', ');
      const rows = (
        await connection.runAndReadAll(`SELECT ${select} FROM ${source} ORDER BY date`)
      ).getRowObjectsJS();
      const plain = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
        ),
      );
      for (let start = 0; start < plain.length; start += 500)
        await table.insert(plain.slice(start, start + 500));
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
