import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  TIMESTAMP,
  TIMESTAMPTZ,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { ColumnValues, RowBatch } from './bigquery-batches.js';
import type { ColumnPlan } from './bigquery-columns.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

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
  /** Rows held in memory before they are written out as a part (and one row group of the file). */
  readonly partRows: number;
  /** A folder of its own for the parts, removed by `close`. */
  readonly workDir: string;
}

/**
 * Writes the batches of a query result to one Parquet file with an in-memory DuckDB, the way the
 * DuckDB adapter's export writes its tables (DuckDB's Parquet writer, zstd, the column types
 * DuckDB gives the same table), holding at most `partRows` rows at a time: a table that fits is
 * copied in one step; a larger one goes to Parquet parts, which one streaming copy then joins in
 * order (one thread, insertion order kept). No more than one part of rows is held; DuckDB's writer still costs native memory that grows
 * somewhat with the number of parts (docs/bigquery.md, Bench).
 */
export class ParquetExportWriter {
  #appender: DuckDBAppender | undefined;
  #held = 0;
  #rows = 0;
  readonly #parts: string[] = [];
  /**
   * One data chunk, filled again for every 2048 rows: a chunk's native vectors are freed only when
   * its JS object is collected, which V8 (blind to that memory) does late, so a chunk per 2048 rows
   * held the whole table in native memory.
   */
  readonly #chunk: DuckDBDataChunk;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly plans: readonly ColumnPlan[],
    private readonly settings: ParquetExportSettings,
  ) {
    this.#chunk = DuckDBDataChunk.create(
      plans.map((plan) => DUCKDB_TYPES[plan.carrier]),
      CHUNK_ROWS,
    );
  }

  static async open(
    plans: readonly ColumnPlan[],
    settings: ParquetExportSettings,
  ): Promise<ParquetExportWriter> {
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      preserve_insertion_order: 'true',
    });
    const connection = await instance.connect();
    const writer = new ParquetExportWriter(instance, connection, plans, settings);
    await writer.#createHolding();
    return writer;
  }

  /** Rows written so far. */
  get rows(): number {
    return this.#rows;
  }

  async append(batch: RowBatch): Promise<void> {
    for (let start = 0; start < batch.rows; start += CHUNK_ROWS) {
      const count = Math.min(CHUNK_ROWS, batch.rows - start);
      const chunk = this.#chunk;
      chunk.reset();
      chunk.rowCount = count;
      batch.columns.forEach((column, index) => chunk.setColumnValues(index, values(column, start, count)));
      this.#holding().appendDataChunk(chunk);
      this.#held += count;
      this.#rows += count;
      if (this.#held >= this.settings.partRows) await this.#writePart();
    }
  }

  /** Writes the file (zstd) at `path`. */
  async finish(path: string): Promise<void> {
    this.#holding().flushSync();
    if (this.#parts.length === 0) {
      await this.connection.run(`COPY held TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd)`);
      return;
    }
    if (this.#held > 0) await this.#writePart();
    const parts = this.#parts.map(literal).join(', ');
    await this.connection.run(
      `COPY (SELECT * FROM read_parquet([${parts}])) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${this.settings.partRows})`,
    );
  }

  /** Lets go of DuckDB and removes the parts. */
  async close(): Promise<void> {
    try {
      this.#appender?.closeSync();
    } finally {
      this.#appender = undefined;
      this.connection.closeSync();
      this.instance.closeSync();
      await rm(this.settings.workDir, { recursive: true, force: true });
    }
  }

  async #createHolding(): Promise<void> {
    const columns = this.plans.map((plan) => `${ident(plan.name)} ${DUCKDB_TYPES[plan.carrier].toString()}`);
    await this.connection.run(`CREATE TABLE held (${columns.join(', ')})`);
    this.#appender = await this.connection.createAppender('held');
    this.#held = 0;
  }

  #holding(): DuckDBAppender {
    if (this.#appender === undefined) throw new Error('ParquetExportWriter used after close');
    return this.#appender;
  }

  async #writePart(): Promise<void> {
    const appender = this.#holding();
    appender.flushSync();
    appender.closeSync();
    this.#appender = undefined;
    if (this.#parts.length === 0) await mkdir(this.settings.workDir, { recursive: true });
    const part = join(this.settings.workDir, `part-${String(this.#parts.length).padStart(5, '0')}.parquet`);
    // parts are read once, right away: snappy is cheaper than zstd for them
    await this.connection.run(`COPY held TO ${literal(part)} (FORMAT parquet, COMPRESSION snappy)`);
    this.#parts.push(part);
    // a fresh table frees the memory the rows held
    await this.connection.run('DROP TABLE held');
    await this.#createHolding();
  }
}

function values(column: ColumnValues, start: number, count: number): DuckDBValue[] {
  const out = new Array<DuckDBValue>(count);
  switch (column.carrier) {
    case 'text':
      for (let i = 0; i < count; i += 1) out[i] = column.texts[start + i] ?? null;
      return out;
    case 'date':
      for (let i = 0; i < count; i += 1)
        out[i] = column.valid[start + i] === 1 ? new DuckDBDateValue(column.days[start + i] ?? 0) : null;
      return out;
    case 'double':
      for (let i = 0; i < count; i += 1)
        out[i] = column.valid[start + i] === 1 ? (column.values[start + i] ?? null) : null;
      return out;
    case 'int64':
      for (let i = 0; i < count; i += 1)
        out[i] = column.valid[start + i] === 1 ? (column.values[start + i] ?? null) : null;
      return out;
    case 'bool':
      for (let i = 0; i < count; i += 1)
        out[i] = column.valid[start + i] === 1 ? column.values[start + i] === 1 : null;
      return out;
    case 'timestamp':
    case 'datetime': {
      const Value = column.carrier === 'timestamp' ? DuckDBTimestampTZValue : DuckDBTimestampValue;
      for (let i = 0; i < count; i += 1)
        out[i] = column.valid[start + i] === 1 ? new Value(column.micros[start + i] ?? 0n) : null;
      return out;
    }
  }
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
