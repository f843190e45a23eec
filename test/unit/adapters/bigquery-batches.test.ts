import { Bool, DateDay, Int64, RecordBatchReader, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  batchFromArrow,
  batchFromJsonRows,
  microsToDays,
  timeText,
} from '../../../src/adapters/bigquery/bigquery-batches.js';
import { columnPlans } from '../../../src/adapters/bigquery/bigquery-columns.js';

const fields = [
  { name: 'date', type: 'DATE' },
  { name: 'price', type: 'FLOAT' },
  { name: 'volume', type: 'INTEGER' },
  { name: 'open', type: 'BOOLEAN' },
  { name: 'stamp', type: 'TIMESTAMP' },
  { name: 'local', type: 'DATETIME' },
  { name: 'regime', type: 'STRING' },
  { name: 'tags', type: 'STRING', mode: 'REPEATED' },
];

describe('columnPlans', () => {
  it('exports each BigQuery type as the DuckDB type DuckDB gives the same column, and reads it as DuckDB does', () => {
    expect(columnPlans(fields).map((p) => [p.name, p.duckDbType, p.kind])).toEqual([
      ['date', 'DATE', 'date'],
      ['price', 'DOUBLE', 'number'],
      ['volume', 'BIGINT', 'number'],
      ['open', 'BOOLEAN', 'number'],
      ['stamp', 'TIMESTAMP WITH TIME ZONE', 'date'],
      ['local', 'TIMESTAMP', 'date'],
      ['regime', 'VARCHAR', 'text'],
      ['tags', 'VARCHAR', 'other'],
    ]);
    expect(
      columnPlans([
        { name: 'f', type: 'FLOAT64' },
        { name: 'i', type: 'INT64' },
      ]).map((p) => p.duckDbType),
    ).toEqual(['DOUBLE', 'BIGINT']);
  });
});

describe('batchFromJsonRows', () => {
  it('reads the text getQueryResults sends by the schema: NaN and infinities, exact INT64, int64 TIMESTAMPs, nulls', () => {
    const plans = columnPlans(fields);
    const batch = batchFromJsonRows(plans, [
      {
        f: [
          { v: '2020-01-02' },
          { v: 'NaN' },
          { v: '9007199254740993' },
          { v: 'true' },
          { v: '1577923200000001' },
          { v: '2020-01-02T03:04:05.5' },
          { v: 'high' },
          { v: [{ v: 'a' }] },
        ],
      },
      {
        f: [
          { v: null },
          { v: '-Infinity' },
          { v: null },
          { v: 'false' },
          { v: '1.5779232E9' },
          { v: null },
          { v: null },
          { v: [] },
        ],
      },
    ]);
    expect(batch.rows).toBe(2);
    const [date, price, volume, open, stamp, local, regime, tags] = batch.columns;
    expect(date).toMatchObject({
      carrier: 'date',
      days: Int32Array.from([18263, 0]),
      valid: Uint8Array.from([1, 0]),
    });
    expect(price?.carrier === 'double' && [...price.values]).toEqual([Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(volume?.carrier === 'int64' && volume.values[0]).toBe(9007199254740993n);
    expect(volume?.carrier === 'int64' && [...volume.valid]).toEqual([1, 0]);
    expect(open?.carrier === 'bool' && [...open.values]).toEqual([1, 0]);
    expect(stamp?.carrier === 'timestamp' && [...stamp.micros]).toEqual([
      1577923200000001n,
      1577923200000000n,
    ]);
    expect(local?.carrier === 'datetime' && local.micros[0]).toBe(1577934245500000n);
    expect(regime?.carrier === 'text' && regime.texts).toEqual(['high', null]);
    expect(tags?.carrier === 'text' && tags.texts).toEqual(['[{"v":"a"}]', '[]']);
  });
});

describe('batchFromArrow', () => {
  it('reads the Storage Read API types: Date32, Float64, Int64 (exact), Bool, Utf8, with their nulls', () => {
    const source = new Table({
      date: vectorFromArray([new Date(Date.UTC(2020, 0, 2)), null], new DateDay()),
      price: vectorFromArray([1.5, null]),
      volume: vectorFromArray([9007199254740993n, 2n], new Int64()),
      open: vectorFromArray([true, null], new Bool()),
      regime: vectorFromArray(['high', null]),
    });
    const [batch] = [...RecordBatchReader.from(tableToIPC(source, 'stream'))];
    if (batch === undefined) throw new Error('no batch');
    const plans = columnPlans([
      { name: 'date', type: 'DATE' },
      { name: 'price', type: 'FLOAT' },
      { name: 'volume', type: 'INTEGER' },
      { name: 'open', type: 'BOOLEAN' },
      { name: 'regime', type: 'STRING' },
    ]);
    const [date, price, volume, open, regime] = batchFromArrow(plans, batch).columns;
    expect(date?.carrier === 'date' && [...date.valid]).toEqual([1, 0]);
    expect(date?.carrier === 'date' && date.days[0]).toBe(18263);
    expect(price?.carrier === 'double' && [...price.valid]).toEqual([1, 0]);
    expect(volume?.carrier === 'int64' && [...volume.values]).toEqual([9007199254740993n, 2n]);
    expect(open?.carrier === 'bool' && [...open.valid]).toEqual([1, 0]);
    expect(regime?.carrier === 'text' && regime.texts).toEqual(['high', null]);
  });
});

describe('microsToDays', () => {
  it.each([
    { micros: 0n, days: 0 },
    { micros: 86_399_999_999n, days: 0 },
    { micros: 86_400_000_000n, days: 1 },
    { micros: -1n, days: -1 },
  ])('$micros µs is day $days', ({ micros, days }) => {
    expect(microsToDays(micros)).toBe(days);
  });
});

describe('timeText', () => {
  it.each([
    { value: 48_000_000_000n, text: '13:20:00' },
    { value: 48_000_250_000n, text: '13:20:00.250000' },
    { value: 0n, text: '00:00:00' },
    { value: 86_399_999_999n, text: '23:59:59.999999' },
    { value: '13:20:00', text: '13:20:00' },
    { value: '13:20:00.25', text: '13:20:00.250000' },
    { value: '13:20:00.000000', text: '13:20:00' },
    { value: '9:05:07.123456789', text: '09:05:07.123456' },
    { value: 'not a time', text: 'not a time' },
  ])('$value is $text, whichever path read it', ({ value, text }) => {
    expect(timeText(value)).toBe(text);
  });
});
