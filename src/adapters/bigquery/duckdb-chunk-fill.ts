import duckdb from '@duckdb/node-bindings';
import type { ColumnValues } from './bigquery-batches.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
export const CHUNK_ROWS = 2048;

/** One validity mask of a vector (bit i of the little-endian 64-bit words: row i is valid). */
const mask = new Uint8Array(CHUNK_ROWS / 8);

/**
 * Writes `count` rows of a column, from row `start`, into column `index` of a raw DuckDB data
 * chunk, copying the typed arrays' bytes straight into the vector: a date is DuckDB's int32 days,
 * a timestamp its int64 microseconds, a bool one byte, as the batches already hold them. The
 * node-api's `setColumnValues` takes a JS value per cell and builds the validity mask with a
 * BigInt per row: for 444 columns that was most of an export's time and, through the garbage it
 * left for V8 to collect, a heap that grew with the table.
 */
export function fillColumn(
  chunk: duckdb.DataChunk,
  index: number,
  column: ColumnValues,
  start: number,
  count: number,
): void {
  const vector = duckdb.data_chunk_get_vector(chunk, index);
  if (column.carrier === 'text') {
    fillText(vector, column.texts, start, count);
    return;
  }
  const data = typedData(column);
  const size = data.BYTES_PER_ELEMENT;
  const offset = data.byteOffset + start * size;
  if (data.buffer instanceof ArrayBuffer)
    duckdb.copy_data_to_vector(vector, 0, data.buffer, offset, count * size);
  // a SharedArrayBuffer (not what the batches hold): the rows copied out first
  else
    duckdb.copy_data_to_vector(
      vector,
      0,
      new Uint8Array(data.buffer, offset, count * size).slice().buffer,
      0,
      count * size,
    );
  fillValidity(vector, column.valid, start, count);
}

function typedData(
  column: Exclude<ColumnValues, { carrier: 'text' }>,
): Int32Array | Float64Array | BigInt64Array | Uint8Array {
  switch (column.carrier) {
    case 'date':
      return column.days;
    case 'timestamp':
    case 'datetime':
      return column.micros;
    default:
      return column.values;
  }
}

function fillText(
  vector: duckdb.Vector,
  texts: readonly (string | null)[],
  start: number,
  count: number,
): void {
  let nulls = false;
  for (let i = 0; i < count; i += 1) {
    const text = texts[start + i];
    if (text === null || text === undefined) nulls = true;
    else duckdb.vector_assign_string_element(vector, i, text);
  }
  if (!nulls) return;
  mask.fill(0);
  for (let i = 0; i < count; i += 1) {
    const text = texts[start + i];
    if (text !== null && text !== undefined) setBit(i);
  }
  writeMask(vector, count);
}

function fillValidity(vector: duckdb.Vector, valid: Uint8Array, start: number, count: number): void {
  let all = true;
  for (let i = 0; i < count && all; i += 1) all = valid[start + i] === 1;
  // a vector whose mask was never made writable holds every row valid
  if (all) return;
  mask.fill(0);
  for (let i = 0; i < count; i += 1) if (valid[start + i] === 1) setBit(i);
  writeMask(vector, count);
}

function setBit(row: number): void {
  const byte = row >> 3;
  mask[byte] = (mask[byte] ?? 0) | (1 << (row & 7));
}

function writeMask(vector: duckdb.Vector, count: number): void {
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer, 0, Math.ceil(count / 64) * 8);
}
