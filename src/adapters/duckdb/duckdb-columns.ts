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
  return NUMERIC.has(type) || type.startsWith('DECIMAL');
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
 * Reads date and numeric columns into typed arrays, chunk by chunk: dates as days since the
 * epoch (cast in SQL, so no per-value date objects), numbers as float64; a NaN reads as null.
 * Other columns are left out.
 */
export async function readTypedColumns(
  connection: DuckDBConnection,
  table: string,
  columns: readonly DescribedColumn[],
  orderBy: string,
): Promise<{ readonly rows: number; readonly columns: readonly TypedColumn[] }> {
  const wanted = columns.filter((c) => c.type === 'DATE' || isNumericType(c.type));
  const select = wanted.map((c) =>
    c.type === 'DATE'
      ? `CAST(date_diff('day', DATE '1970-01-01', ${sqlIdent(c.name)}) AS INTEGER)`
      : `CAST(${sqlIdent(c.name)} AS DOUBLE)`,
  );
  const countReader = await connection.runAndReadAll(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`);
  const rows = Number(countReader.getColumnsJS()[0]?.[0] ?? 0);
  const buffers = wanted.map((c) => ({
    column: c,
    numbers: c.type === 'DATE' ? new Int32Array(rows) : new Float64Array(rows),
    valid: new Uint8Array(rows),
  }));
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
        const isDate = buffer.numbers instanceof Int32Array;
        for (let row = 0; row < count; row += 1) {
          const value = vector.getItem(row);
          if (typeof value !== 'number') continue;
          buffer.numbers[offset + row] = value;
          buffer.valid[offset + row] = (isDate ? value !== NULL_DAY : !Number.isNaN(value)) ? 1 : 0;
        }
      });
      offset += count;
    }
  }
  return {
    rows,
    columns: buffers.map(({ column, numbers, valid }): TypedColumn =>
      numbers instanceof Int32Array
        ? { name: column.name, kind: 'date', days: numbers, valid }
        : { name: column.name, kind: 'double', values: numbers, valid },
    ),
  };
}
