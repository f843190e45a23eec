import { Type, type DataType, type Table, type Vector } from 'apache-arrow';
import { WarehouseQueryError } from '../../../domain/errors.js';
import type { IntradayTimes, ProfileInputColumn } from '../../../domain/data/table-profile.js';
import type { SchemaColumn } from '../../../domain/data/table-roles.js';

/** A training table's columns as the audit reads them (rows in the table's order), and its schema. */
export interface TableColumns {
  readonly schema: readonly SchemaColumn[];
  readonly columns: readonly ProfileInputColumn[];
}

/**
 * Reads an Arrow table column by column (no per-row objects): dates as YYYY-MM-DD, every number
 * (Float64, Int64/BIGINT, decimals) as float64 with NaN for null, text as strings.
 */
export function tableColumns(table: Table): TableColumns {
  const rows = table.numRows;
  const schema: SchemaColumn[] = [];
  const columns: ProfileInputColumn[] = [];
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    const type = typeName(field.type);
    if (vector === null) continue;
    if (isDate(field.type.typeId)) {
      schema.push({ name: field.name, type, kind: 'date' });
      const { days, intraday } = readDates(vector, rows, field.name);
      columns.push({ name: field.name, type, kind: 'date', values: days, ...(intraday ? { intraday } : {}) });
    } else if (isNumeric(field.type.typeId)) {
      schema.push({ name: field.name, type, kind: 'number' });
      columns.push({ name: field.name, type, kind: 'number', values: readNumbers(vector, rows) });
    } else if (field.type.typeId === Type.Utf8 || field.type.typeId === Type.LargeUtf8) {
      schema.push({ name: field.name, type, kind: 'text' });
      columns.push({ name: field.name, type, kind: 'text', values: readTexts(vector, rows) });
    } else {
      schema.push({ name: field.name, type, kind: 'other' });
      columns.push({ name: field.name, type, kind: 'other' });
    }
  }
  return { schema, columns };
}

/** The warehouse-style type name of an Arrow type (for reports). */
function typeName(type: DataType): string {
  switch (type.typeId) {
    case Type.Float:
      return 'DOUBLE';
    case Type.Int:
      return 'BIGINT';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'VARCHAR';
    case Type.Date:
      return 'DATE';
    default:
      return String(type).toUpperCase();
  }
}

function isDate(typeId: Type): boolean {
  return typeId === Type.Date || typeId === Type.Timestamp;
}

function isNumeric(typeId: Type): boolean {
  return typeId === Type.Float || typeId === Type.Int || typeId === Type.Decimal || typeId === Type.Bool;
}

function readNumbers(vector: Vector, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const raw: unknown = vector.toArray();
  const direct = raw instanceof Float64Array && raw.length === rows ? raw : undefined;
  for (let i = 0; i < rows; i += 1) {
    if (vector.nullCount > 0 && !vector.isValid(i)) {
      out[i] = Number.NaN;
      continue;
    }
    const value: unknown = direct !== undefined ? direct[i] : vector.get(i);
    out[i] =
      typeof value === 'number' || typeof value === 'bigint'
        ? Number(value)
        : typeof value === 'boolean'
          ? Number(value)
          : Number.NaN;
  }
  return out;
}

function readTexts(vector: Vector, rows: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < rows; i += 1) {
    const value: unknown = vector.get(i);
    out.push(typeof value === 'string' ? value : null);
  }
  return out;
}

/**
 * Each row's UTC day (YYYY-MM-DD), and how many rows carry a time of day (a timestamp that is
 * not midnight UTC: the audit reports it, the day is all the night uses).
 */
function readDates(
  vector: Vector,
  rows: number,
  name: string,
): { days: (string | null)[]; intraday: IntradayTimes | undefined } {
  const days: (string | null)[] = [];
  let timed = 0;
  let example: string | undefined;
  const note = (instant: Date): void => {
    const iso = instant.toISOString();
    if (iso.endsWith('T00:00:00.000Z')) return;
    timed += 1;
    example ??= iso;
  };
  for (let i = 0; i < rows; i += 1) {
    const value: unknown = vector.get(i);
    if (value === null || value === undefined) days.push(null);
    else if (typeof value === 'number' || typeof value === 'bigint') {
      const instant = new Date(Number(value));
      note(instant);
      days.push(instant.toISOString().slice(0, 10));
    } else if (value instanceof Date) {
      note(value);
      days.push(value.toISOString().slice(0, 10));
    } else if (typeof value === 'string') days.push(value.slice(0, 10));
    else throw new WarehouseQueryError(`column ${name} row ${i} holds no date`);
  }
  return { days, intraday: example === undefined ? undefined : { rows: timed, example } };
}
