import type { DuckDBConnection } from '@duckdb/node-api';
import type { TypedColumn } from '../shared/arrow-columns.js';
import { sqlIdent } from './duckdb-schema.js';

/** A column's name and DuckDB type name as DESCRIBE reports it. */
export interface DescribedColumn {
  readonly name: string;
  readonly type: string;
}

const NUMERIC = new Set([
  'DOUBLE',
  'FLOAT',
  'REAL',
  'INTEGER',
  'BIGINT',
  'SMALLINT',
  'TINYINT',
  'HUGEINT',
  'UBIGINT',
  'UINTEGER',
  'USMALLINT',
  'UTINYINT',
]);

export function isNumericType(type: string): boolean {
  return NUMERIC.has(type) || type.startsWith('DECIMAL') || type === 'BOOLEAN';
}

/** DATE, and the timestamps a user's table may date its rows with (read as their day). */
export function isDateType(type: string): boolean {
  return type === 'DATE' || type.startsWith('TIMESTAMP');
}

/** How a column of this DuckDB type is read: a date, a number (BIGINT, BOOLEAN as 0/1...), text, or left out. */
export function columnKind(type: string): 'date' | 'number' | 'text' | 'other' {
  if (isDateType(type)) return 'date';
  if (isNumericType(type)) return 'number';
  return type === 'VARCHAR' ? 'text' : 'other';
}

export async function describeTable(
  connection: DuckDBConnection,
  table: string,
): Promise<readonly DescribedColumn[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE ${table}`);
  const columns = reader.getColumnsObjectJS();
  const names = columns['column_name'] ?? [];
  const types = columns['column_type'] ?? [];
  return names.map((name, i) => ({ name: String(name), type: String(types[i]) }));
}

const NULL_DAY = -2147483648;

/**
 * Reads date, numeric and text columns into typed arrays, chunk by chunk: dates as days since the
 * epoch (cast in SQL, so no per-value date objects), timestamps as milliseconds since the epoch,
 * numbers as float64 (BIGINT too; a NaN reads as null), text as strings. Columns of other types
 * are left out.
 */
export async function readTypedColumns(
  connection: DuckDBConnection,
  table: string,
  columns: readonly DescribedColumn[],
  orderBy: string,
): Promise<{ readonly rows: number; readonly columns: readonly TypedColumn[] }> {
  const wanted = columns.filter((c) => columnKind(c.type) !== 'other');
  const select = wanted.map((c) => {
    const kind = columnKind(c.type);
    // a timestamp is kept to the millisecond: the audit reports rows that carry a time of day
    if (kind === 'date' && c.type !== 'DATE') return `CAST(epoch_ms(${sqlIdent(c.name)}) AS DOUBLE)`;
    if (kind === 'date')
      return `CAST(date_diff('day', DATE '1970-01-01', CAST(${sqlIdent(c.name)} AS DATE)) AS INTEGER)`;
    return kind === 'number' ? `CAST(${sqlIdent(c.name)} AS DOUBLE)` : sqlIdent(c.name);
  });
  const countReader = await connection.runAndReadAll(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`);
  const rows = Number(countReader.getColumnsJS()[0]?.[0] ?? 0);
  const buffers = wanted.map((c) => {
    const described = columnKind(c.type);
    const kind = described === 'date' && c.type !== 'DATE' ? 'timestamp' : described;
    return {
      column: c,
      kind,
      numbers:
        kind === 'date'
          ? new Int32Array(rows)
          : new Float64Array(kind === 'number' || kind === 'timestamp' ? rows : 0),
      texts: new Array<string | null>(kind === 'text' ? rows : 0).fill(null),
      valid: new Uint8Array(rows),
    };
  });
  if (wanted.length > 0) {
    const result = await connection.run(
      `SELECT ${select.join(', ')} FROM ${table} ORDER BY ${sqlIdent(orderBy)}`,
    );
    let offset = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      const count = chunk.rowCount;
      buffers.forEach((buffer, index) => {
        const vector = chunk.getColumnVector(index);
        for (let row = 0; row < count; row += 1) {
          const value = vector.getItem(row);
          if (buffer.kind === 'text') {
            buffer.texts[offset + row] = typeof value === 'string' ? value : null;
            continue;
          }
          if (typeof value !== 'number') continue;
          buffer.numbers[offset + row] = value;
          const isDate = buffer.kind === 'date';
          buffer.valid[offset + row] = (isDate ? value !== NULL_DAY : !Number.isNaN(value)) ? 1 : 0;
        }
      });
      offset += count;
    }
  }
  return {
    rows,
    columns: buffers.map(({ column, kind, numbers, texts, valid }): TypedColumn => {
      if (kind === 'text') return { name: column.name, kind: 'text', texts };
      if (kind === 'timestamp' && numbers instanceof Float64Array)
        return { name: column.name, kind: 'timestamp', ms: numbers, valid };
      return numbers instanceof Int32Array
        ? { name: column.name, kind: 'date', days: numbers, valid }
        : { name: column.name, kind: 'double', values: numbers, valid };
    }),
  };
}
