import { DuckDBDateValue, DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { BigQueryFailure, DIALECT_MACROS, toDuckDb, type TableName } from './dialect.js';

/** A field of a BigQuery schema, as the REST API writes it (legacy type names, like Google). */
export interface Field {
  readonly name: string;
  readonly type: string;
  readonly mode?: string;
  readonly description?: string;
  /** A RECORD's fields. */
  readonly fields?: readonly Field[];
}

export interface TableMeta {
  readonly datasetId: string;
  readonly tableId: string;
  readonly type: 'TABLE' | 'VIEW';
  readonly creationTime: string;
  readonly timePartitioning?: unknown;
  /** BigQuery refuses a query of the table without a filter on this column it can prune by. */
  readonly requirePartitionFilter?: { readonly column: string };
  readonly clustering?: unknown;
  readonly expirationTime?: string;
  readonly view?: { readonly query: string; readonly useLegacySql?: boolean };
  /** The tables a view reads (what a query of the view is billed for). */
  readonly reads: readonly TableName[];
  /**
   * The schema as tables.insert and tables.patch gave it (descriptions, a RECORD's fields), which
   * tables.get serves; DuckDB's own description of the table serves the rest.
   */
  readonly declared?: readonly Field[];
}

export interface DatasetMeta {
  readonly datasetId: string;
  readonly location: string;
  readonly creationTime: string;
}

/** What a finished statement left: a result table (queries) or a count of changed rows (DML). */
export interface Outcome {
  readonly result?: { readonly table: TableName; readonly fields: readonly Field[]; readonly rows: number };
  readonly dmlRows?: number;
  readonly bytesProcessed: number;
  readonly bytesBilled: number;
  readonly statementType: string;
}

/** BigQuery bills at least this per table a query reads. */
export const MIN_BILLED = 10 * 1024 * 1024;
export const RESULTS_DATASET = '_results';

const TO_BIGQUERY: readonly [RegExp, string][] = [
  [/^DATE$/, 'DATE'],
  [/^(DOUBLE|FLOAT|REAL)$/, 'FLOAT'],
  [/^(BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/, 'INTEGER'],
  [/^VARCHAR$/, 'STRING'],
  [/^BOOLEAN$/, 'BOOLEAN'],
  [/^TIMESTAMP WITH TIME ZONE$/, 'TIMESTAMP'],
  [/^TIMESTAMP$/, 'DATETIME'],
  [/^DECIMAL/, 'NUMERIC'],
  [/^BLOB$/, 'BYTES'],
  [/^TIME$/, 'TIME'],
];

const TO_DUCKDB: Readonly<Record<string, string>> = {
  DATE: 'DATE',
  STRING: 'VARCHAR',
  FLOAT: 'DOUBLE',
  FLOAT64: 'DOUBLE',
  INTEGER: 'BIGINT',
  INT64: 'BIGINT',
  BOOL: 'BOOLEAN',
  BOOLEAN: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMPTZ',
  DATETIME: 'TIMESTAMP',
  NUMERIC: 'DECIMAL(38, 9)',
  TIME: 'TIME',
  // a RECORD is held as its JSON text: the server stores it, the adapter never reads into one
  RECORD: 'VARCHAR',
  STRUCT: 'VARCHAR',
};

/** Logical bytes of a value of each type, as BigQuery counts them for billing. */
const TYPE_BYTES: Readonly<Record<string, number>> = {
  DATE: 8,
  FLOAT: 8,
  INTEGER: 8,
  BOOLEAN: 1,
  TIMESTAMP: 8,
  DATETIME: 8,
  NUMERIC: 16,
  TIME: 8,
};

export function bigQueryType(duckDbType: string): string {
  for (const [pattern, type] of TO_BIGQUERY) if (pattern.test(duckDbType)) return type;
  throw new Error(`the test server cannot serve a ${duckDbType} column`);
}

export function duckDbType(field: Field): string {
  const type = TO_DUCKDB[field.type.toUpperCase()];
  if (type === undefined)
    throw new BigQueryFailure('invalid', 400, `the test server has no column type ${field.type}`);
  return type;
}

function q(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The test server's storage and query engine: datasets as DuckDB schemas, tables and views as
 * DuckDB's, every query's result materialized as an anonymous table (as BigQuery does) that
 * getQueryResults pages and the Storage Read API streams. Calls run one at a time.
 */
export class Engine {
  readonly datasets = new Map<string, DatasetMeta>();
  readonly tables = new Map<string, TableMeta>();
  readonly #connection: DuckDBConnection;
  readonly #instance: DuckDBInstance;
  readonly #projectId: string;
  #queue: Promise<unknown> = Promise.resolve();
  #results = 0;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection, projectId: string) {
    this.#instance = instance;
    this.#connection = connection;
    this.#projectId = projectId;
  }

  static async create(projectId: string): Promise<Engine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    for (const macro of DIALECT_MACROS) await connection.run(macro);
    await connection.run(`CREATE SCHEMA ${q(RESULTS_DATASET)}`);
    return new Engine(instance, connection, projectId);
  }

  close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }

  serial<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => work(this.#connection));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  table(name: TableName): TableMeta | undefined {
    return this.tables.get(`${name.datasetId}.${name.tableId}`);
  }

  /** The table, or BigQuery's 404 for it (or for its dataset). */
  require(name: TableName): TableMeta {
    if (!this.datasets.has(name.datasetId) && name.datasetId !== RESULTS_DATASET)
      throw new BigQueryFailure('notFound', 404, `Not found: Dataset ${this.#projectId}:${name.datasetId}`);
    const meta = this.table(name);
    if (meta === undefined && name.datasetId !== RESULTS_DATASET)
      throw new BigQueryFailure(
        'notFound',
        404,
        `Not found: Table ${this.#projectId}:${name.datasetId}.${name.tableId} was not found in location ${this.datasets.get(name.datasetId)?.location ?? 'US'}`,
      );
    return (
      meta ?? {
        datasetId: name.datasetId,
        tableId: name.tableId,
        type: 'TABLE',
        creationTime: '0',
        reads: [],
      }
    );
  }

  async createDataset(datasetId: string, location: string, now: number): Promise<DatasetMeta> {
    if (this.datasets.has(datasetId))
      throw new BigQueryFailure('duplicate', 409, `Already Exists: Dataset ${this.#projectId}:${datasetId}`);
    await this.serial((c) => c.run(`CREATE SCHEMA ${q(datasetId)}`));
    const meta = { datasetId, location, creationTime: String(now) };
    this.datasets.set(datasetId, meta);
    return meta;
  }

  /** A table from a Parquet file, every row `repeat` times (each repetition right after its row). */
  async loadParquet(
    name: TableName,
    path: string,
    options: {
      readonly repeat: number;
      readonly now: number;
      readonly location: string;
      /** Partitioned by day of this DATE column, requiring a partition filter when `required`. */
      readonly partitioning?: { readonly column: string; readonly required: boolean } | undefined;
    },
  ): Promise<void> {
    const { repeat, now, location, partitioning } = options;
    if (!this.datasets.has(name.datasetId)) await this.createDataset(name.datasetId, location, now);
    const source = `read_parquet('${path.replaceAll("'", "''")}')`;
    const select =
      repeat > 1
        ? `SELECT s.* FROM ${source} s, range(${repeat}) r ORDER BY s.date, r.range`
        : `SELECT * FROM ${source}`;
    await this.serial((c) => c.run(`CREATE TABLE ${q(name.datasetId)}.${q(name.tableId)} AS ${select}`));
    this.tables.set(`${name.datasetId}.${name.tableId}`, {
      ...name,
      type: 'TABLE',
      creationTime: String(now),
      reads: [],
      ...(partitioning === undefined
        ? {}
        : { timePartitioning: { type: 'DAY', field: partitioning.column } }),
      ...(partitioning?.required === true ? { requirePartitionFilter: { column: partitioning.column } } : {}),
    });
  }

  async createTable(meta: TableMeta, fields: readonly Field[]): Promise<void> {
    if (!this.datasets.has(meta.datasetId))
      throw new BigQueryFailure('notFound', 404, `Not found: Dataset ${this.#projectId}:${meta.datasetId}`);
    if (this.table(meta))
      throw new BigQueryFailure(
        'duplicate',
        409,
        `Already Exists: Table ${this.#projectId}:${meta.datasetId}.${meta.tableId}`,
      );
    const path = `${q(meta.datasetId)}.${q(meta.tableId)}`;
    if (meta.view !== undefined) {
      const view = toDuckDb(meta.view.query, this.#projectId);
      for (const read of view.tables) this.require(read);
      await this.serial((c) => c.run(`CREATE VIEW ${path} AS ${view.sql}`));
      this.tables.set(`${meta.datasetId}.${meta.tableId}`, { ...meta, reads: view.tables });
      return;
    }
    const columns = fields.map(
      (f) => `${q(f.name)} ${duckDbType(f)}${f.mode === 'REQUIRED' ? ' NOT NULL' : ''}`,
    );
    await this.serial((c) => c.run(`CREATE TABLE ${path} (${columns.join(', ')})`));
    this.tables.set(`${meta.datasetId}.${meta.tableId}`, { ...meta, reads: [], declared: fields });
  }

  /** tables.patch of a view's query: the view reads what the new query reads. */
  async replaceView(name: TableName, query: string): Promise<void> {
    const meta = this.require(name);
    if (meta.type !== 'VIEW')
      throw new BigQueryFailure('invalid', 400, `${name.datasetId}.${name.tableId} is not a view`);
    const view = toDuckDb(query, this.#projectId);
    for (const read of view.tables) this.require(read);
    await this.serial((c) =>
      c.run(`CREATE OR REPLACE VIEW ${q(name.datasetId)}.${q(name.tableId)} AS ${view.sql}`),
    );
    this.tables.set(`${name.datasetId}.${name.tableId}`, { ...meta, view: { query }, reads: view.tables });
  }

  async dropTable(name: TableName): Promise<void> {
    const meta = this.require(name);
    await this.serial((c) =>
      c.run(`DROP ${meta.type === 'VIEW' ? 'VIEW' : 'TABLE'} ${q(name.datasetId)}.${q(name.tableId)}`),
    );
    this.tables.delete(`${name.datasetId}.${name.tableId}`);
  }

  /**
   * tables.patch: the schema sent replaces the table's, as BigQuery's does: new columns are
   * added; a column dropped or retyped, or a RECORD sent without its fields, is refused; a
   * description left out of the patch is gone.
   */
  async patchSchema(name: TableName, fields: readonly Field[]): Promise<void> {
    const current = await this.declaredFields(name);
    for (const field of current) {
      const next = fields.find((f) => f.name === field.name);
      if (next === undefined || normal(next.type) !== normal(field.type))
        throw new BigQueryFailure(
          'invalid',
          400,
          `Provided Schema does not match Table. Field ${field.name} has changed`,
        );
      if ((field.fields?.length ?? 0) > 0 && (next.fields?.length ?? 0) < (field.fields?.length ?? 0))
        throw new BigQueryFailure(
          'invalid',
          400,
          `Provided Schema does not match Table ${this.#projectId}:${name.datasetId}.${name.tableId}. Field ${field.name} is missing in new schema`,
        );
    }
    const meta = this.require(name);
    this.tables.set(`${name.datasetId}.${name.tableId}`, { ...meta, declared: fields });
    for (const field of fields.filter((f) => !current.some((c) => c.name === f.name))) {
      if (field.mode === 'REQUIRED')
        throw new BigQueryFailure(
          'invalid',
          400,
          `Provided Schema does not match Table. Cannot add required field ${field.name}`,
        );
      await this.serial((c) =>
        c.run(
          `ALTER TABLE ${q(name.datasetId)}.${q(name.tableId)} ADD COLUMN ${q(field.name)} ${duckDbType(field)}`,
        ),
      );
    }
  }

  /** The schema tables.get serves: as declared when the table was made by a call, else DuckDB's. */
  async declaredFields(name: TableName): Promise<readonly Field[]> {
    return this.table(name)?.declared ?? (await this.fields(name));
  }

  async fields(name: TableName): Promise<Field[]> {
    const reader = await this.serial((c) =>
      c.runAndReadAll(`DESCRIBE ${q(name.datasetId)}.${q(name.tableId)}`),
    );
    return reader.getRowObjectsJS().map((row) => ({
      name: String(row['column_name']),
      type: bigQueryType(String(row['column_type'])),
      mode: row['null'] === 'NO' ? 'REQUIRED' : 'NULLABLE',
    }));
  }

  async rowCount(name: TableName): Promise<number> {
    const reader = await this.serial((c) =>
      c.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${q(name.datasetId)}.${q(name.tableId)}`),
    );
    return Number(reader.getColumnsJS()[0]?.[0] ?? 0);
  }

  /** BigQuery's logical size of a table: 8 bytes a number or date, 2 + length a string. */
  async logicalBytes(name: TableName): Promise<number> {
    const meta = this.require(name);
    if (meta.type === 'VIEW') {
      let total = 0;
      for (const read of meta.reads) total += await this.logicalBytes(read);
      return total;
    }
    const fields = await this.fields(name);
    const strings = fields.filter((f) => f.type === 'STRING');
    const fixed = fields.reduce((sum, f) => sum + (TYPE_BYTES[f.type] ?? 0), 0);
    const textSum = strings.map((f) => `coalesce(sum(strlen(${q(f.name)}) + 2), 0)`).join(' + ') || '0';
    const reader = await this.serial((c) =>
      c.runAndReadAll(
        `SELECT (count(*) * ${fixed} + ${textSum})::BIGINT AS bytes FROM ${q(name.datasetId)}.${q(name.tableId)}`,
      ),
    );
    return Number(reader.getColumnsJS()[0]?.[0] ?? 0);
  }

  /**
   * The location a job runs in: the one it names, else (as BigQuery infers it) that of the first
   * dataset the statement reads or writes, else US.
   */
  jobLocation(named: string | undefined, tables: readonly TableName[]): string {
    if (named !== undefined) return named;
    for (const table of tables) {
      const dataset = this.datasets.get(table.datasetId);
      if (dataset !== undefined) return dataset.location;
    }
    return 'US';
  }

  /** BigQuery's 404 for a dataset a job in another location touches (a job runs in one location). */
  requireLocation(tables: readonly TableName[], location: string): void {
    for (const table of tables) {
      const dataset = this.datasets.get(table.datasetId);
      if (dataset !== undefined && dataset.location.toLowerCase() !== location.toLowerCase())
        throw new BigQueryFailure(
          'notFound',
          404,
          `Not found: Dataset ${this.#projectId}:${table.datasetId} was not found in location ${location}`,
        );
    }
  }

  /**
   * BigQuery's refusal of a query over a table that requires a partition filter without one: a
   * WHERE after the table's reference that compares its partitioning column (roughly what
   * BigQuery checks: a filter it can prune partitions by).
   */
  requirePartitionFilters(googleSql: string, tables: readonly TableName[]): void {
    for (const table of tables) {
      const required = this.table(table)?.requirePartitionFilter;
      if (required === undefined) continue;
      const path = `${this.#projectId}.${table.datasetId}.${table.tableId}`;
      const after = googleSql.slice(googleSql.indexOf(`\`${path}\``) + path.length + 2);
      const column = required.column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const filtered = new RegExp(
        `^\\s*(?:AS\\s+\\w+\\s+)?WHERE\\b[^()]*?\`?${column}\`?\\s*(?:>=|<=|=|>|<|BETWEEN)`,
        'i',
      ).test(after);
      if (!filtered)
        throw new BigQueryFailure(
          'invalidQuery',
          400,
          `Cannot query over table '${path}' without a filter over column(s) '${required.column}' that can be used for partition elimination`,
        );
    }
  }

  /** The tables a GoogleSQL statement reads or writes. */
  tablesOf(googleSql: string): readonly TableName[] {
    return toDuckDb(googleSql, this.#projectId).tables;
  }

  /** Runs a GoogleSQL statement: checks the tables, bills it (refusing it past the cap), executes it. */
  async execute(
    googleSql: string,
    params: Readonly<Record<string, string>>,
    options: {
      readonly maximumBytesBilled?: number | undefined;
      readonly dryRun?: boolean;
      /** The job's location: every dataset the statement touches must be in it. */
      readonly location: string;
    },
  ): Promise<Outcome> {
    const translated = toDuckDb(googleSql, this.#projectId);
    for (const table of translated.tables) this.require(table);
    this.requireLocation(translated.tables, options.location);
    this.requirePartitionFilters(googleSql, translated.tables);
    const distinct = new Map(translated.tables.map((t) => [`${t.datasetId}.${t.tableId}`, t]));
    let bytesProcessed = 0;
    let bytesBilled = 0;
    for (const table of distinct.values()) {
      this.require(table);
      const bytes = await this.logicalBytes(table);
      bytesProcessed += bytes;
      bytesBilled += Math.max(bytes, MIN_BILLED);
    }
    if (distinct.size === 0) bytesBilled = MIN_BILLED;
    const cap = options.maximumBytesBilled;
    if (cap !== undefined && bytesBilled > cap)
      throw new BigQueryFailure(
        'bytesBilledLimitExceeded',
        400,
        `Query exceeded limit for bytes billed: ${cap}. ${bytesBilled} or higher required.`,
      );
    const values: Record<string, DuckDBValue> = { ...params };
    const statementType = (/^\s*(\w+)/.exec(googleSql)?.[1] ?? 'SELECT').toUpperCase();
    const outcome = { bytesProcessed, bytesBilled, statementType };
    try {
      if (options.dryRun === true) {
        await this.serial((c) => c.run(`EXPLAIN ${translated.sql}`, values));
        return outcome;
      }
      if (translated.kind === 'dml') {
        const result = await this.serial((c) => c.run(translated.sql, values));
        return { ...outcome, dmlRows: Number(result.rowsChanged) };
      }
      this.#results += 1;
      const table = { datasetId: RESULTS_DATASET, tableId: `anon_${this.#results}` };
      await this.serial((c) =>
        c.run(`CREATE TABLE ${q(table.datasetId)}.${q(table.tableId)} AS ${translated.sql}`, values),
      );
      return {
        ...outcome,
        result: { table, fields: await this.fields(table), rows: await this.rowCount(table) },
      };
    } catch (error) {
      if (error instanceof BigQueryFailure) throw error;
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      throw new BigQueryFailure('invalidQuery', 400, message);
    }
  }

  /** Rows [from, from + count) of a table in its stored order, each column as JS values (dates as day numbers, timestamps as microseconds). */
  async readRange(
    name: TableName,
    fields: readonly Field[],
    from: number,
    count: number,
  ): Promise<unknown[][]> {
    const select = fields.map((f) => {
      const c = q(f.name);
      if (f.type === 'DATE') return `CAST(date_diff('day', DATE '1970-01-01', ${c}) AS INTEGER)`;
      if (f.type === 'TIMESTAMP' || f.type === 'DATETIME') return `epoch_us(${c})`;
      if (f.type === 'NUMERIC') return `CAST(${c} AS VARCHAR)`;
      return c;
    });
    const reader = await this.serial((c) =>
      c.runAndReadAll(
        `SELECT ${select.join(', ')} FROM ${q(name.datasetId)}.${q(name.tableId)} WHERE rowid >= ${from} AND rowid < ${from + count} ORDER BY rowid`,
      ),
    );
    return reader.getColumnsJS();
  }

  /**
   * Appends rows (objects by field name, values as JSON has them) to a table; WRITE_TRUNCATE
   * empties it first. As BigQuery's load job: the job's schema, when it gives one, must match the
   * table's (same names, same types), and each value must parse as its field's type.
   */
  async load(
    name: TableName,
    rows: readonly Record<string, unknown>[],
    options: { readonly truncate: boolean; readonly schema: readonly Field[] | undefined },
  ): Promise<void> {
    const { truncate, schema } = options;
    const fields = await this.fields(name);
    const path = `${this.#projectId}:${name.datasetId}.${name.tableId}`;
    if (schema !== undefined) {
      for (const field of fields) {
        const given = schema.find((f) => f.name === field.name);
        if (given === undefined)
          throw new BigQueryFailure(
            'invalid',
            400,
            `Provided Schema does not match Table ${path}. Field ${field.name} is missing in new schema`,
          );
        if (normal(given.type) !== normal(field.type))
          throw new BigQueryFailure(
            'invalid',
            400,
            `Provided Schema does not match Table ${path}. Field ${field.name} has changed type from ${field.type} to ${normal(given.type)}`,
          );
      }
      for (const given of schema)
        if (!fields.some((f) => f.name === given.name))
          throw new BigQueryFailure(
            'invalid',
            400,
            `Provided Schema does not match Table ${path}. Cannot add fields (field: ${given.name})`,
          );
    }
    for (const [index, row] of rows.entries())
      for (const field of fields) {
        const value = row[field.name];
        if (value !== null && value !== undefined && !parses(field.type, value))
          throw new BigQueryFailure(
            'invalid',
            400,
            `Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: ${index + 1}; errors: 1. Could not parse '${String(value)}' as ${field.type} for field ${field.name} (position ${index})`,
          );
      }
    for (const [index, row] of rows.entries()) {
      for (const key of Object.keys(row))
        if (!fields.some((f) => f.name === key))
          throw new BigQueryFailure(
            'invalid',
            400,
            `Error while reading data, error message: JSON parsing error in row starting at position ${index}: No such field: ${key}.`,
          );
      for (const field of fields)
        if (field.mode === 'REQUIRED' && (row[field.name] === null || row[field.name] === undefined))
          throw new BigQueryFailure(
            'invalid',
            400,
            `Error while reading data, error message: JSON table encountered too many errors. Missing required field: ${field.name}.`,
          );
    }
    await this.serial(async (c) => {
      if (truncate) await c.run(`DELETE FROM ${q(name.datasetId)}.${q(name.tableId)}`);
      const appender = await c.createAppender(name.tableId, name.datasetId);
      for (const row of rows) {
        for (const field of fields) {
          const value = row[field.name];
          if (value === null || value === undefined) appender.appendNull();
          else if (field.type === 'DATE')
            appender.appendDate(
              new DuckDBDateValue(Math.round(Date.parse(`${String(value)}T00:00:00Z`) / 86_400_000)),
            );
          else if (field.type === 'FLOAT') appender.appendDouble(Number(value));
          else if (field.type === 'INTEGER') appender.appendBigInt(BigInt(String(value)));
          else if (field.type === 'BOOLEAN') appender.appendBoolean(value === true || value === 'true');
          else appender.appendVarchar(String(value));
        }
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
    });
  }

  /** The rows of any table as plain objects (for tests that look at what was written). */
  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.serial((c) => c.runAndReadAll(sql));
    return reader.getRowObjectsJS();
  }
}

/** Whether a JSON value loads into a column of a BigQuery type (BigQuery's JSON reader). */
function parses(type: string, value: unknown): boolean {
  switch (normal(type)) {
    case 'FLOAT':
      return (
        typeof value === 'number' ||
        (typeof value === 'string' &&
          /^(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|NaN|[-+]?Infinity)$/.test(value))
      );
    case 'INTEGER':
      return (
        (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && /^[-+]?\d+$/.test(value))
      );
    case 'BOOLEAN':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'DATE':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'STRING':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    default:
      return true;
  }
}

function normal(type: string): string {
  const upper = type.toUpperCase();
  return { FLOAT64: 'FLOAT', INT64: 'INTEGER', BOOL: 'BOOLEAN' }[upper] ?? upper;
}
