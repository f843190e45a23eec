import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ColumnValues, RowBatch } from '../../../src/adapters/bigquery/bigquery-batches.js';
import { columnPlans } from '../../../src/adapters/bigquery/bigquery-columns.js';
import { ParquetExportWriter, partPlan } from '../../../src/adapters/bigquery/parquet-export-writer.js';

// Arithmetic vectors: every carrier, with nulls in some chunks of a column and not in others, so
// a mask left over from a chunk before would show.
const plans = columnPlans([
  { name: 'date', type: 'DATE' },
  { name: 'price', type: 'FLOAT64' },
  { name: 'volume', type: 'INT64' },
  { name: 'up', type: 'BOOL' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'local', type: 'DATETIME' },
  { name: 'note', type: 'STRING' },
]);

const DAY_MICROS = 86_400_000_000n;
const ROWS = 5_000;

/** Row r: null price in rows 0-99 only, null note in rows 2048-2099 only, null volume every 7th. */
function batch(from: number, rows: number): RowBatch {
  const valid = (nullIf: (r: number) => boolean): Uint8Array =>
    Uint8Array.from({ length: rows }, (_, i) => (nullIf(from + i) ? 0 : 1));
  const columns: ColumnValues[] = [
    {
      carrier: 'date',
      days: Int32Array.from({ length: rows }, (_, i) => 10_000 + from + i),
      valid: valid(() => false),
    },
    {
      carrier: 'double',
      values: Float64Array.from({ length: rows }, (_, i) => (from + i) / 4),
      valid: valid((r) => r < 100),
    },
    {
      carrier: 'int64',
      values: BigInt64Array.from({ length: rows }, (_, i) => BigInt(from + i) * 3n),
      valid: valid((r) => r % 7 === 0),
    },
    {
      carrier: 'bool',
      values: Uint8Array.from({ length: rows }, (_, i) => (from + i) % 2),
      valid: valid(() => false),
    },
    {
      carrier: 'timestamp',
      micros: BigInt64Array.from({ length: rows }, (_, i) => BigInt(10_000 + from + i) * DAY_MICROS),
      valid: valid((r) => r === 4_999),
    },
    {
      carrier: 'datetime',
      micros: BigInt64Array.from({ length: rows }, (_, i) => BigInt(from + i) * 1_000_000n),
      valid: valid(() => false),
    },
    {
      carrier: 'text',
      texts: Array.from({ length: rows }, (_, i) =>
        from + i >= 2048 && from + i < 2100 ? null : `row ${from + i}`,
      ),
    },
  ];
  return { rows, columns };
}

describe('ParquetExportWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-parquet-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(partBytes: number, batchRows: number): Promise<string> {
    const path = join(dir, `out-${String(partBytes)}-${String(batchRows)}.parquet`);
    const writer = await ParquetExportWriter.open(plans, { partBytes, workDir: join(dir, 'parts') });
    try {
      for (let from = 0; from < ROWS; from += batchRows)
        await writer.append(batch(from, Math.min(batchRows, ROWS - from)));
      expect(writer.rows).toBe(ROWS);
      await writer.finish(path);
    } finally {
      await writer.close();
    }
    return path;
  }

  async function check(path: string): Promise<void> {
    const db = await DuckDBInstance.create(':memory:');
    const sql = await db.connect();
    try {
      const file = `read_parquet('${path}')`;
      const types = (await sql.runAndReadAll(`DESCRIBE SELECT * FROM ${file}`)).getRowObjectsJS();
      expect(types.map((t) => `${String(t['column_name'])} ${String(t['column_type'])}`)).toEqual([
        'date DATE',
        'price DOUBLE',
        'volume BIGINT',
        'up BOOLEAN',
        'at TIMESTAMP WITH TIME ZONE',
        'local TIMESTAMP',
        'note VARCHAR',
      ]);
      const wrong = await sql.runAndReadAll(`
        WITH rows AS (SELECT row_number() OVER () - 1 AS r, * FROM ${file})
        SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE NOT (
          (date = DATE '1970-01-01' + (10000 + r)::INTEGER)
          AND (price IS NOT DISTINCT FROM CASE WHEN r < 100 THEN NULL ELSE r / 4 END)
          AND (volume IS NOT DISTINCT FROM CASE WHEN r % 7 = 0 THEN NULL ELSE r * 3 END)
          AND (up = (r % 2 = 1))
          AND ("at" IS NOT DISTINCT FROM CASE WHEN r = 4999 THEN NULL ELSE make_timestamptz((10000 + r) * 86400000000) END)
          AND ("local" = make_timestamp(r * 1000000))
          AND (note IS NOT DISTINCT FROM CASE WHEN r >= 2048 AND r < 2100 THEN NULL ELSE 'row ' || r END)
        ))::INTEGER AS wrong FROM rows`);
      expect(wrong.getRowObjectsJS()).toEqual([{ n: ROWS, wrong: 0 }]);
    } finally {
      sql.closeSync();
      db.closeSync();
    }
  }

  it('writes every value, null and type of a table that fits one part, in one step', async () => {
    await check(await write(64 * 1024 ** 2, 1_000));
  });

  it('writes the same table through parts of one vector, joined in order, and leaves no part behind', async () => {
    // 7 columns of 256 KiB blocks do not fit 1 MiB: parts of 2,048 rows
    expect(partPlan(plans.length, 1024 ** 2).partRows).toBe(2048);
    await check(await write(1024 ** 2, 1_500));
    expect(await readdir(dir)).toEqual(['out-1048576-1500.parquet']);
  });
});

describe('partPlan', () => {
  it('holds one vector a part for a wide table, and fills the bytes for a narrow one', () => {
    // CBI-V14's 1m table: 444 columns, 16 MiB
    expect(partPlan(444, 16 * 1024 ** 2)).toEqual({ partRows: 2048, rowGroupRows: 4723 });
    // 20 columns of 256 KiB fit 16 MiB: a part is the row group
    expect(partPlan(20, 16 * 1024 ** 2)).toEqual({ partRows: 104_857, rowGroupRows: 104_857 });
    // never below one vector
    expect(partPlan(5_000, 1024 ** 2)).toEqual({ partRows: 2048, rowGroupRows: 2048 });
  });
});
