import type { Table } from 'apache-arrow';
import { arrowTableFromColumns, type TypedColumn } from '../shared/arrow-columns.js';
import { type ColumnValues, type RowBatch } from './bigquery-batches.js';
import type { ColumnPlan } from './bigquery-columns.js';

interface Pending {
  readonly plan: ColumnPlan;
  readonly index: number;
  readonly chunks: ColumnValues[];
}

/**
 * Gathers the batches of a training table into the Arrow table the stages read, in the shapes
 * the DuckDB adapter gives for the same table: DATE as DateDay, TIMESTAMP and DATETIME as
 * timestamps to the millisecond (the audit dates each row by its UTC day and reports times of
 * day), every number (INT64 and BOOL too) as Float64 with NaN as null, text as Utf8; other types
 * left out.
 */
export class ArrowTableBuilder {
  readonly #pending: readonly Pending[];
  #rows = 0;

  constructor(plans: readonly ColumnPlan[]) {
    this.#pending = plans.flatMap((plan, index) =>
      plan.kind === 'other' ? [] : [{ plan, index, chunks: [] }],
    );
  }

  append(batch: RowBatch): void {
    for (const pending of this.#pending) {
      const column = batch.columns[pending.index];
      if (column !== undefined) pending.chunks.push(column);
    }
    this.#rows += batch.rows;
  }

  build(): Table {
    return arrowTableFromColumns(this.#pending.map((pending) => this.#column(pending)));
  }

  #column({ plan, chunks }: Pending): TypedColumn {
    const rows = this.#rows;
    if (plan.kind === 'text') {
      const texts: (string | null)[] = [];
      for (const chunk of chunks) {
        if (chunk.carrier === 'text') for (const text of chunk.texts) texts.push(text);
      }
      return { name: plan.name, kind: 'text', texts };
    }
    const valid = new Uint8Array(rows);
    if (plan.carrier === 'timestamp' || plan.carrier === 'datetime') {
      // a DATETIME's wall time is read as if UTC: its day is the day it names
      const ms = new Float64Array(rows);
      let offset = 0;
      for (const chunk of chunks) {
        if (chunk.carrier !== 'timestamp' && chunk.carrier !== 'datetime') continue;
        chunk.micros.forEach((micros, i) => (ms[offset + i] = microsToMillis(micros)));
        valid.set(chunk.valid, offset);
        offset += chunk.micros.length;
      }
      return { name: plan.name, kind: 'timestamp', ms, valid };
    }
    if (plan.kind === 'date') {
      const days = new Int32Array(rows);
      let offset = 0;
      for (const chunk of chunks) {
        if (chunk.carrier === 'date') {
          days.set(chunk.days, offset);
          valid.set(chunk.valid, offset);
          offset += chunk.days.length;
        }
      }
      return { name: plan.name, kind: 'date', days, valid };
    }
    const values = new Float64Array(rows);
    let offset = 0;
    for (const chunk of chunks) {
      if (chunk.carrier === 'double') {
        values.set(chunk.values, offset);
        for (let i = 0; i < chunk.values.length; i += 1)
          valid[offset + i] = chunk.valid[i] === 1 && !Number.isNaN(chunk.values[i]) ? 1 : 0;
        offset += chunk.values.length;
      } else if (chunk.carrier === 'int64' || chunk.carrier === 'bool') {
        for (let i = 0; i < chunk.values.length; i += 1) values[offset + i] = Number(chunk.values[i]);
        valid.set(chunk.valid, offset);
        offset += chunk.values.length;
      }
    }
    return { name: plan.name, kind: 'double', values, valid };
  }
}

/** Microseconds since the epoch as whole milliseconds, rounded down (before the epoch too). */
function microsToMillis(micros: bigint): number {
  const ms = micros / 1000n;
  return Number(micros < 0n && ms * 1000n !== micros ? ms - 1n : ms);
}
