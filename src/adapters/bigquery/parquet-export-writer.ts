import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import type { RowBatch } from './bigquery-batches.js';
import type { ColumnPlan } from './bigquery-columns.js';
import { CHUNK_ROWS, fillColumn } from './duckdb-chunk-fill.js';

const DUCKDB_TYPES: Readonly<Record<ColumnPlan['carrier'], DuckDBType>> = {
  date: DATE,
  double: DOUBLE,
  int64: BIGINT,
  bool: BOOLEAN,
  timestamp: TIMESTAMPTZ,
  datetime: TIMESTAMP,
  text: VARCHAR,
};

export interface ParquetExportSettings {
  /** Bytes of rows (8 a cell) held before they go out as a part, and the size of a row group. */
  readonly partBytes: number;
  /** A folder of its own for the parts, removed by `close`. */
  readonly workDir: string;
}

/**
 * DuckDB stores a column of an in-memory table in a 16 KiB segment up to one vector (2,048 rows)
 * and in 256 KiB blocks beyond: held rows past one vector cost 256 KiB a column, 111 MiB for
 * CBI-V14's 444 columns whatever their count.
 */
const BLOCK_BYTES = 256 * 1024;

/** The rows of a part and of a row group of the file, for `columns` columns in `bytes`. */
export function partPlan(columns: number, bytes: number): { partRows: number; rowGroupRows: number } {
  const width = Math.max(1, columns);
  const rowGroupRows = Math.max(CHUNK_ROWS, Math.floor(bytes / (8 * width)));
  return { partRows: width * BLOCK_BYTES <= bytes ? rowGroupRows : CHUNK_ROWS, rowGroupRows };
}

interface Database {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  appender: DuckDBAppender | undefined;
}

/**
 * Writes the batches of a query result to one Parquet file the way the DuckDB adapter's export
 * writes its tables (DuckDB's Parquet writer, zstd, the column types DuckDB gives the same table),
 * holding one part of rows at a time: a table that fits one part is copied in one step; a larger
 * one goes out in Parquet parts, which one streaming copy then joins in order (one thread,
 * insertion order kept). Each part is held by an in-memory DuckDB of its own, closed once the part
 * is written: DuckDB (jemalloc) kept what a dropped table had held, so one database for every
 * part grew with the table (docs/bigquery.md, Bench).
 */
export class ParquetExportWriter {
  #db: Database | undefined;
  #held = 0;
  #rows = 0;
  readonly #parts: string[] = [];
  /**
   * One data chunk, filled again for every 2048 rows: a chunk's native vectors are freed only when
   * its JS object is collected, which V8 (blind to that memory) does late, so a chunk per 2048 rows
   * held the whole table in native memory.
   */
  readonly #chunk: DuckDBDataChunk;
  readonly #plan: { partRows: number; rowGroupRows: number };

  private constructor(
    private readonly plans: readonly ColumnPlan[],
    private readonly settings: ParquetExportSettings,
  ) {
    this.#chunk = DuckDBDataChunk.create(
      plans.map((plan) => DUCKDB_TYPES[plan.carrier]),
      CHUNK_ROWS,
    );
    this.#plan = partPlan(plans.length, settings.partBytes);
  }

  static async open(
    plans: readonly ColumnPlan[],
    settings: ParquetExportSettings,
  ): Promise<ParquetExportWriter> {
    const writer = new ParquetExportWriter(plans, settings);
    await writer.#openHolding();
    return writer;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Rows a part holds (a row group of the file holds `rowGroupRows`). */
  get partRows(): number {
    return this.#plan.partRows;
  }

  async append(batch: RowBatch): Promise<void> {
    for (let start = 0; start < batch.rows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, batch.rows - start);
      const chunk = this.#chunk;
      chunk.reset();
      chunk.rowCount = count;
      batch.columns.forEach((column, index) => fillColumn(chunk.chunk, index, column, start, count));
      this.#appender().appendDataChunk(chunk);
      this.#held += count;
      this.#rows += count;
      if (this.#held >= this.#plan.partRows) await this.#writePart();
    }
  }

  /** Writes the file (zstd) at `path`. */
  async finish(path: string): Promise<void> {
    const rowGroup = `ROW_GROUP_SIZE ${String(this.#plan.rowGroupRows)}`;
    if (this.#parts.length === 0) {
      this.#appender().flushSync();
      await this.#database().connection.run(
        `COPY held TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ${rowGroup})`,
      );
      return;
    }
    if (this.#held > 0) await this.#writePart();
    else this.#closeHolding();
    // a fresh database for the join: nothing the parts' databases left behind
    const db = await openDatabase();
    this.#db = db;
    const parts = this.#parts.map(literal).join(', ');
    await db.connection.run(
      `COPY (SELECT * FROM read_parquet([${parts}])) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ${rowGroup})`,
    );
  }

  /** Lets go of DuckDB and removes the parts. */
  async close(): Promise<void> {
    try {
      this.#closeHolding();
    } finally {
      await rm(this.settings.workDir, { recursive: true, force: true });
    }
  }

  async #openHolding(): Promise<void> {
    const db = await openDatabase();
    this.#db = db;
    const columns = this.plans.map((plan) => `${ident(plan.name)} ${DUCKDB_TYPES[plan.carrier].toString()}`);
    await db.connection.run(`CREATE TABLE held (${columns.join(', ')})`);
    db.appender = await db.connection.createAppender('held');
    this.#held = 0;
  }

  #closeHolding(): void {
    const db = this.#db;
    this.#db = undefined;
    if (db === undefined) return;
    try {
      db.appender?.closeSync();
    } finally {
      db.connection.closeSync();
      db.instance.closeSync();
    }
  }

  #database(): Database {
    if (this.#db === undefined) throw new Error('ParquetExportWriter used after close');
    return this.#db;
  }

  #appender(): DuckDBAppender {
    const appender = this.#database().appender;
    if (appender === undefined) throw new Error('ParquetExportWriter used after finish');
    return appender;
  }

  async #writePart(): Promise<void> {
    const db = this.#database();
    this.#appender().flushSync();
    if (this.#parts.length === 0) await mkdir(this.settings.workDir, { recursive: true });
    const part = join(this.settings.workDir, `part-${String(this.#parts.length).padStart(5, '0')}.parquet`);
    // parts are read once, right away: snappy is cheaper than zstd for them
    await db.connection.run(`COPY held TO ${literal(part)} (FORMAT parquet, COMPRESSION snappy)`);
    this.#parts.push(part);
    this.#closeHolding();
    await this.#openHolding();
  }
}

/**
 * An in-memory DuckDB of one thread that keeps insertion order, without the cache of files read
 * (the join reads each part once; the cache kept them all).
 */
async function openDatabase(): Promise<Database> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    preserve_insertion_order: 'true',
    enable_external_file_cache: 'false',
  });
  return { instance, connection: await instance.connect(), appender: undefined };
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
