import {
  DateDay,
  Float64,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';

/**
 * A column as typed arrays: dates as days since 1970-01-01, numbers as float64; `valid[i]` 0 for
 * null. Text (categories) as strings, null where missing.
 */
export type TypedColumn =
  | { readonly name: string; readonly kind: 'date'; readonly days: Int32Array; readonly valid: Uint8Array }
  | {
      readonly name: string;
      readonly kind: 'double';
      readonly values: Float64Array;
      readonly valid: Uint8Array;
    }
  | { readonly name: string; readonly kind: 'text'; readonly texts: readonly (string | null)[] }
  /** A date column of timestamps, kept to the millisecond (the audit reports times of day). */
  | {
      readonly name: string;
      readonly kind: 'timestamp';
      readonly ms: Float64Array;
      readonly valid: Uint8Array;
    };

/** Builds an Arrow table straight from typed arrays (no per-row objects). */
export function arrowTableFromColumns(columns: readonly TypedColumn[]): Table {
  const vectors: Record<string, Vector> = {};
  for (const column of columns) {
    if (column.kind === 'text') {
      vectors[column.name] = vectorFromArray([...column.texts], new Utf8());
      continue;
    }
    if (column.kind === 'timestamp') {
      const { ms, valid } = column;
      vectors[column.name] = vectorFromArray(
        Array.from(ms, (value, i) => (valid[i] === 1 ? new Date(value) : null)),
        new TimestampMillisecond(),
      );
      continue;
    }
    const length = column.kind === 'date' ? column.days.length : column.values.length;
    const { bitmap, nullCount } = toBitmap(column.valid, length);
    vectors[column.name] =
      column.kind === 'date'
        ? makeVector(
            makeData({ type: new DateDay(), length, nullCount, data: column.days, nullBitmap: bitmap }),
          )
        : makeVector(
            makeData({ type: new Float64(), length, nullCount, data: column.values, nullBitmap: bitmap }),
          );
  }
  return new Table(vectors);
}

function toBitmap(valid: Uint8Array, length: number): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i += 1) {
    if (valid[i] === 1) bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
    else nullCount += 1;
  }
  return { bitmap, nullCount };
}

const MS_PER_DAY = 86_400_000;

/** YYYY-MM-DD to days since 1970-01-01. */
export function isoToDays(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

/** Days since 1970-01-01 to YYYY-MM-DD. */
export function daysToIso(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}
