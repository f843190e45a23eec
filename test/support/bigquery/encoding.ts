import {
  Bool,
  DateDay,
  Decimal,
  TimeMicrosecond,
  Field as ArrowField,
  Float64,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Timestamp,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
  type Data,
  type DataType,
} from 'apache-arrow';
import type { Field } from './engine.js';

const MS_PER_DAY = 86_400_000;

/**
 * A cell as getQueryResults writes it: text for every scalar (FLOAT64 as its shortest decimal,
 * NaN and the infinities as "NaN", "Infinity", "-Infinity"; INT64 as its digits; DATE as
 * YYYY-MM-DD; TIMESTAMP as int64 microseconds with formatOptions.useInt64Timestamp, else float
 * seconds), null as null.
 */
export function jsonCell(field: Field, value: unknown, int64Timestamps: boolean): string | null {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'DATE':
      return new Date(Number(value) * MS_PER_DAY).toISOString().slice(0, 10);
    case 'FLOAT': {
      const n = Number(value);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
      return String(n);
    }
    case 'INTEGER':
      return String(value);
    case 'BOOLEAN':
      return value === true ? 'true' : 'false';
    case 'TIMESTAMP':
      return int64Timestamps ? String(value) : String(Number(value) / 1e6);
    case 'DATETIME':
      return new Date(Number(BigInt(String(value)) / 1000n)).toISOString().replace('Z', '').padEnd(26, '0');
    case 'TIME': {
      // HH:MM:SS, then the microseconds when there are any
      const micros = BigInt(String(value));
      const seconds = micros / 1_000_000n;
      const pad = (n: bigint) => String(n).padStart(2, '0');
      const whole = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
      const fraction = micros % 1_000_000n;
      return fraction === 0n ? whole : `${whole}.${String(fraction).padStart(6, '0')}`;
    }
    case 'NUMERIC':
      // BigQuery writes a NUMERIC with no trailing zeros
      return String(value).includes('.') ? String(value).replace(/\.?0+$/, '') : String(value);
    default:
      return String(value);
  }
}

/** The Arrow type the Storage Read API sends a BigQuery type as. */
function arrowType(field: Field): DataType {
  switch (field.type) {
    case 'DATE':
      return new DateDay();
    case 'FLOAT':
      return new Float64();
    case 'INTEGER':
      return new Int64();
    case 'BOOLEAN':
      return new Bool();
    case 'TIMESTAMP':
      return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case 'DATETIME':
      return new Timestamp(TimeUnit.MICROSECOND);
    case 'STRING':
      return new Utf8();
    // BigQuery's Arrow: NUMERIC as decimal128(38, 9), TIME as time64 in microseconds
    case 'NUMERIC':
      return new Decimal(9, 38, 128);
    case 'TIME':
      return new TimeMicrosecond();
    default:
      throw new Error(`the test server's Storage Read API does not send ${field.type}`);
  }
}

export function arrowSchema(fields: readonly Field[]): Schema {
  return new Schema(fields.map((f) => new ArrowField(f.name, arrowType(f), true)));
}

/** The IPC-serialized schema a ReadSession carries (`arrow_schema.serialized_schema`). */
export function serializedSchema(schema: Schema): Uint8Array {
  const stream = tableToIPC(new Table(schema), 'stream');
  return stream.subarray(0, stream.length - 8); // without the end-of-stream marker
}

/** One IPC-serialized record batch (`arrow_record_batch.serialized_record_batch`), its schema message left off. */
export function serializedBatch(schema: Schema, columns: readonly unknown[][], rows: number): Uint8Array {
  const children = schema.fields.map((field, i) => columnData(field.type, columns[i] ?? [], rows));
  const batch = new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }),
  );
  const stream = tableToIPC(new Table([batch]), 'stream');
  const head = serializedSchema(schema).length;
  return stream.subarray(head, stream.length - 8);
}

function decimalUnscaled(value: unknown, scale: number): bigint {
  if (value === null || value === undefined) return 0n;
  const [whole = '0', fraction = ''] = String(value).split('.');
  const negative = whole.startsWith('-');
  const digits = BigInt(`${whole.replace('-', '')}${fraction.padEnd(scale, '0').slice(0, scale)}`);
  return negative ? -digits : digits;
}

function columnData(type: DataType, values: readonly unknown[], rows: number): Data {
  const valid = new Uint8Array(Math.ceil(rows / 8));
  let nullCount = 0;
  for (let i = 0; i < rows; i += 1) {
    if (values[i] === null || values[i] === undefined) nullCount += 1;
    else valid[i >> 3] = (valid[i >> 3] ?? 0) | (1 << (i & 7));
  }
  if (type instanceof DateDay) {
    const data = Int32Array.from({ length: rows }, (_, i) => Number(values[i] ?? 0));
    return makeData({ type, length: rows, nullCount, data, nullBitmap: valid });
  }
  if (type instanceof Float64) {
    const data = Float64Array.from({ length: rows }, (_, i) => Number(values[i] ?? 0));
    return makeData({ type, length: rows, nullCount, data, nullBitmap: valid });
  }
  if (type instanceof Int64) {
    const data = BigInt64Array.from({ length: rows }, (_, i) => BigInt(String(values[i] ?? 0)));
    return makeData({ type, length: rows, nullCount, data, nullBitmap: valid });
  }
  if (type instanceof Decimal) {
    // the unscaled value (text of DuckDB's DECIMAL(38, 9)), little-endian 128-bit two's complement
    const data = new Uint32Array(rows * 4);
    for (let i = 0; i < rows; i += 1) {
      let unscaled = decimalUnscaled(values[i], type.scale);
      if (unscaled < 0n) unscaled += 1n << 128n;
      for (let word = 0; word < 4; word += 1)
        data[i * 4 + word] = Number((unscaled >> BigInt(32 * word)) & 0xffffffffn);
    }
    return makeData({ type, length: rows, nullCount, data, nullBitmap: valid });
  }
  if (type instanceof TimeMicrosecond) {
    const data = BigInt64Array.from({ length: rows }, (_, i) => BigInt(String(values[i] ?? 0)));
    return makeData({ type, length: rows, nullCount, data, nullBitmap: valid });
  }
  if (type instanceof Timestamp) {
    const data = BigInt64Array.from({ length: rows }, (_, i) => BigInt(String(values[i] ?? 0)));
    return makeData({ type, length: rows, nullCount, data, nullBitmap: valid });
  }
  const vector = vectorFromArray(
    values.slice(0, rows).map((v) => (v === undefined ? null : v)),
    type,
  );
  const data = vector.data[0];
  if (data === undefined) throw new Error('arrow built no data');
  return data;
}
