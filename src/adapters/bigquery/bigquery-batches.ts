import {
  Decimal,
  Time,
  TimeUnit,
  Timestamp,
  Type,
  type Data,
  type RecordBatch,
  type Vector,
} from 'apache-arrow';
import { WarehouseQueryError } from '../../domain/errors.js';
import { daysToIso, isoToDays } from '../shared/arrow-columns.js';
import type { ColumnPlan } from './bigquery-columns.js';

/** One column of a batch of rows, in the typed values its plan carries it in. */
export type ColumnValues =
  | { readonly carrier: 'date'; readonly days: Int32Array; readonly valid: Uint8Array }
  | { readonly carrier: 'double'; readonly values: Float64Array; readonly valid: Uint8Array }
  | { readonly carrier: 'int64'; readonly values: BigInt64Array; readonly valid: Uint8Array }
  | { readonly carrier: 'bool'; readonly values: Uint8Array; readonly valid: Uint8Array }
  | {
      readonly carrier: 'timestamp' | 'datetime';
      /** Microseconds since 1970-01-01 (UTC for TIMESTAMP, wall time for DATETIME). */
      readonly micros: BigInt64Array;
      readonly valid: Uint8Array;
    }
  | { readonly carrier: 'text'; readonly texts: (string | null)[] };

/** Consecutive rows of a result, column by column (no per-row objects). */
export interface RowBatch {
  readonly rows: number;
  readonly columns: readonly ColumnValues[];
}

/** A row of a REST page as Google documents it: `{ f: [{ v: ... }] }`, values as text. */
export interface JsonRow {
  readonly f: readonly { readonly v?: unknown }[];
}

const MICROS_PER_DAY = 86_400_000_000n;

/**
 * Cells a REST page holds at most: a page's JSON is an object a cell, and 1,000 rows of CBI-V14's
 * 444 columns a page made the peak grow with the table (770 MiB at 10x the 1m table).
 */
const PAGE_CELLS = 100_000;

/** Rows a REST page of `columns` columns asks for: at most `maxRows`, and PAGE_CELLS cells. */
export function jsonPageRows(columns: number, maxRows: number): number {
  return Math.max(1, Math.min(maxRows, Math.floor(PAGE_CELLS / Math.max(1, columns))));
}

/** A page of getQueryResults rows, converted by the result schema's types. */
export function batchFromJsonRows(plans: readonly ColumnPlan[], rows: readonly JsonRow[]): RowBatch {
  const count = rows.length;
  return {
    rows: count,
    columns: plans.map((plan, index): ColumnValues => {
      const cell = (row: number): unknown => rows[row]?.f[index]?.v ?? null;
      switch (plan.carrier) {
        case 'date': {
          const days = new Int32Array(count);
          const valid = new Uint8Array(count);
          for (let row = 0; row < count; row += 1) {
            const value = cell(row);
            if (typeof value !== 'string') continue;
            days[row] = isoToDays(value.slice(0, 10));
            valid[row] = 1;
          }
          return { carrier: 'date', days, valid };
        }
        case 'double': {
          const values = new Float64Array(count);
          const valid = new Uint8Array(count);
          for (let row = 0; row < count; row += 1) {
            const value = cell(row);
            if (value === null) continue;
            // BigQuery writes NaN and the infinities as "NaN", "Infinity", "-Infinity": Number() reads them
            values[row] = typeof value === 'number' ? value : Number(value);
            valid[row] = 1;
          }
          return { carrier: 'double', values, valid };
        }
        case 'int64': {
          const values = new BigInt64Array(count);
          const valid = new Uint8Array(count);
          for (let row = 0; row < count; row += 1) {
            const value = cell(row);
            if (typeof value !== 'string' && typeof value !== 'number') continue;
            values[row] = BigInt(value);
            valid[row] = 1;
          }
          return { carrier: 'int64', values, valid };
        }
        case 'bool': {
          const values = new Uint8Array(count);
          const valid = new Uint8Array(count);
          for (let row = 0; row < count; row += 1) {
            const value = cell(row);
            if (value === null) continue;
            values[row] = value === true || value === 'true' ? 1 : 0;
            valid[row] = 1;
          }
          return { carrier: 'bool', values, valid };
        }
        case 'timestamp':
        case 'datetime': {
          const micros = new BigInt64Array(count);
          const valid = new Uint8Array(count);
          for (let row = 0; row < count; row += 1) {
            const value = cell(row);
            if (typeof value !== 'string') continue;
            micros[row] = plan.carrier === 'timestamp' ? timestampMicros(value) : datetimeMicros(value);
            valid[row] = 1;
          }
          return { carrier: plan.carrier, micros, valid };
        }
        case 'text': {
          const texts: (string | null)[] = new Array<string | null>(count);
          for (let row = 0; row < count; row += 1) {
            const value = cell(row);
            texts[row] =
              value === null
                ? null
                : typeof value !== 'string'
                  ? JSON.stringify(value)
                  : plan.bigQueryType === 'TIME'
                    ? timeText(value)
                    : value;
          }
          return { carrier: 'text', texts };
        }
      }
    }),
  };
}

/** TIMESTAMP as getQueryResults writes it: int64 microseconds (formatOptions.useInt64Timestamp) or float seconds. */
function timestampMicros(text: string): bigint {
  if (/^-?\d+$/.test(text)) return BigInt(text);
  return BigInt(Math.round(Number(text) * 1e6));
}

/** DATETIME `2020-01-02T03:04:05.123456` (or with a space) as microseconds of its wall time. */
function datetimeMicros(text: string): bigint {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text);
  if (match === null) throw new WarehouseQueryError(`BigQuery sent an unreadable DATETIME "${text}"`);
  const [, day = '', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  const whole =
    BigInt(isoToDays(day)) * 86_400n + BigInt(Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds));
  return whole * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
}

/** An Arrow record batch of the Storage Read API, converted by the result schema's types. */
export function batchFromArrow(plans: readonly ColumnPlan[], batch: RecordBatch): RowBatch {
  const count = batch.numRows;
  return {
    rows: count,
    columns: plans.map((plan, index): ColumnValues => {
      const vector = batch.getChildAt(index);
      if (vector === null) throw new WarehouseQueryError(`the Storage Read API sent no column ${plan.name}`);
      const valid = validity(vector, count);
      const typeId = vector.type.typeId;
      switch (plan.carrier) {
        case 'date':
          return { carrier: 'date', days: dateDays(vector, count), valid };
        case 'double':
          return { carrier: 'double', values: doubles(vector, count, valid), valid };
        case 'int64': {
          const raw: unknown = onlyChunk(vector)?.values;
          const values =
            raw instanceof BigInt64Array && raw.length >= count
              ? raw.slice(0, count)
              : new BigInt64Array(count);
          if (!(raw instanceof BigInt64Array))
            for (let i = 0; i < count; i += 1) values[i] = BigInt(String(vector.get(i) ?? 0));
          return { carrier: 'int64', values, valid };
        }
        case 'bool': {
          const values = new Uint8Array(count);
          for (let i = 0; i < count; i += 1) values[i] = vector.get(i) === true ? 1 : 0;
          return { carrier: 'bool', values, valid };
        }
        case 'timestamp':
        case 'datetime': {
          if (typeId !== Type.Timestamp)
            throw new WarehouseQueryError(
              `column ${plan.name} arrived as ${String(vector.type)}, expected a timestamp`,
            );
          return { carrier: plan.carrier, micros: timestampsAsMicros(vector, count), valid };
        }
        case 'text': {
          const texts: (string | null)[] = new Array<string | null>(count);
          for (let i = 0; i < count; i += 1) {
            if (valid[i] === 0) {
              texts[i] = null;
              continue;
            }
            const value: unknown = vector.get(i);
            // TIME arrives as time64 microseconds: the text REST pages give, so both paths agree
            texts[i] =
              typeId === Type.Time && (typeof value === 'bigint' || typeof value === 'number')
                ? timeText(timeMicros(vector, value))
                : typeof value === 'string'
                  ? value
                  : textOf(value);
          }
          return { carrier: 'text', texts };
        }
      }
    }),
  };
}

const MICROS_PER_SECOND = 1_000_000n;

/** Arrow's TIME value in microseconds, whatever unit the column has. */
function timeMicros(vector: Vector, value: bigint | number): bigint {
  const unit = vector.type instanceof Time ? vector.type.unit : TimeUnit.MICROSECOND;
  const raw = typeof value === 'bigint' ? value : BigInt(Math.round(value));
  if (unit === TimeUnit.SECOND) return raw * MICROS_PER_SECOND;
  if (unit === TimeUnit.MILLISECOND) return raw * 1_000n;
  if (unit === TimeUnit.NANOSECOND) return raw / 1_000n;
  return raw;
}

/**
 * A TIME as one text whichever path read it: `HH:MM:SS`, then `.ffffff` when it has a fraction.
 * From microseconds (Arrow) or from BigQuery's own text (REST pages), which is brought to the
 * same form; text that is not a time is kept as it is.
 */
export function timeText(value: bigint | string): string {
  let micros: bigint;
  if (typeof value === 'string') {
    const match = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(value);
    if (match === null) return value;
    const [, hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
    micros =
      BigInt(Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * MICROS_PER_SECOND +
      BigInt(fraction.padEnd(6, '0').slice(0, 6));
  } else micros = value;
  const seconds = micros / MICROS_PER_SECOND;
  const fraction = micros % MICROS_PER_SECOND;
  const pad = (n: bigint) => String(n).padStart(2, '0');
  const whole = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
  return fraction === 0n ? whole : `${whole}.${String(fraction).padStart(6, '0')}`;
}

function onlyChunk(vector: Vector): Data | undefined {
  return vector.data.length === 1 ? vector.data[0] : undefined;
}

function validity(vector: Vector, count: number): Uint8Array {
  const valid = new Uint8Array(count).fill(1);
  if (vector.nullCount === 0) return valid;
  for (let i = 0; i < count; i += 1) if (!vector.isValid(i)) valid[i] = 0;
  return valid;
}

function dateDays(vector: Vector, count: number): Int32Array {
  const raw: unknown = onlyChunk(vector)?.values;
  if (vector.type.typeId === Type.Date && raw instanceof Int32Array && raw.length >= count)
    return raw.slice(0, count);
  // a DateMillisecond (or anything else Arrow dates): its value in milliseconds
  const days = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    const value: unknown = vector.get(i);
    if (typeof value === 'number') days[i] = Math.floor(value / 86_400_000);
  }
  return days;
}

function doubles(vector: Vector, count: number, valid: Uint8Array): Float64Array {
  const raw: unknown = onlyChunk(vector)?.values;
  if (raw instanceof Float64Array && raw.length >= count) return raw.slice(0, count);
  const values = new Float64Array(count);
  // NUMERIC arrives as Decimal128(38, 9): Number() of arrow's big number is its unscaled integer
  const divisor = vector.type instanceof Decimal ? 10 ** vector.type.scale : 1;
  for (let i = 0; i < count; i += 1) {
    if (valid[i] === 0) continue;
    const value: unknown = vector.get(i);
    values[i] = typeof value === 'boolean' ? Number(value) : Number(value) / divisor;
  }
  return values;
}

/** Microseconds per unit of arrow's TimeUnit (SECOND, MILLISECOND, MICROSECOND); NANOSECOND divides. */
const MICROS_PER_UNIT = [1_000_000n, 1_000n, 1n] as const;
const NANOSECOND = 3;

function timestampsAsMicros(vector: Vector, count: number): BigInt64Array {
  const unit = vector.type instanceof Timestamp ? vector.type.unit : 2;
  const raw: unknown = onlyChunk(vector)?.values;
  const micros = new BigInt64Array(count);
  if (!(raw instanceof BigInt64Array)) {
    for (let i = 0; i < count; i += 1) {
      const value: unknown = vector.get(i);
      // without a raw int64 buffer arrow hands a timestamp to JS as epoch milliseconds
      if (typeof value === 'number') micros[i] = BigInt(Math.round(value * 1000));
    }
    return micros;
  }
  for (let i = 0; i < count; i += 1) {
    const value = raw[i] ?? 0n;
    micros[i] = unit === NANOSECOND ? value / 1000n : value * (MICROS_PER_UNIT[unit] ?? 1n);
  }
  return micros;
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function')
    return JSON.stringify(value.toJSON());
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A day number from microseconds since the epoch. */
export function microsToDays(micros: bigint): number {
  const days = micros / MICROS_PER_DAY;
  return Number(micros < 0n && days * MICROS_PER_DAY !== micros ? days - 1n : days);
}

/** The first and last day of the date column over the batches of an export. */
export class DayRange {
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  add(batch: RowBatch, index: number): void {
    const column = batch.columns[index];
    if (column === undefined) return;
    for (let i = 0; i < batch.rows; i += 1) {
      let day: number | undefined;
      if (column.carrier === 'date' && column.valid[i] === 1) day = column.days[i];
      else if ((column.carrier === 'timestamp' || column.carrier === 'datetime') && column.valid[i] === 1)
        day = microsToDays(column.micros[i] ?? 0n);
      if (day === undefined) continue;
      if (day < this.#min) this.#min = day;
      if (day > this.#max) this.#max = day;
    }
  }

  first(): string | null {
    return Number.isFinite(this.#min) ? daysToIso(this.#min) : null;
  }

  last(): string | null {
    return Number.isFinite(this.#max) ? daysToIso(this.#max) : null;
  }
}
