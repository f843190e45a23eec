import type { ColumnKind } from '../../domain/data/table-roles.js';

/** A field of a BigQuery schema as the REST API describes it (tables.get, getQueryResults). */
export interface BigQueryField {
  readonly name: string;
  /** Legacy (`FLOAT`, `INTEGER`) or standard (`FLOAT64`, `INT64`) type name. */
  readonly type: string;
  /** `NULLABLE` (the default), `REQUIRED` or `REPEATED`. */
  readonly mode?: string | undefined;
  readonly fields?: readonly BigQueryField[] | undefined;
}

/**
 * How one column travels from BigQuery to the stages and the export: the values it is carried
 * as, the DuckDB type it is exported as (and reported as, so a manifest names the same types
 * whichever warehouse wrote it) and what `readTrainingTable` makes of it.
 */
export interface ColumnPlan {
  readonly name: string;
  /** BigQuery's type name, upper case (REPEATED fields: `ARRAY<type>`). */
  readonly bigQueryType: string;
  readonly carrier: Carrier;
  /** The DuckDB type of the exported column (DATE, DOUBLE, BIGINT, VARCHAR, ...). */
  readonly duckDbType: string;
  /** Its kind for the stages: DuckDB's for the same type, so both warehouses hand over the same Arrow. */
  readonly kind: ColumnKind;
}

/** The typed values a column is carried in from a REST page or an Arrow batch. */
export type Carrier = 'date' | 'double' | 'int64' | 'bool' | 'timestamp' | 'datetime' | 'text';

interface TypeRule {
  readonly carrier: Carrier;
  readonly duckDbType: string;
  readonly kind: ColumnKind;
}

const RULES: Readonly<Record<string, TypeRule>> = {
  DATE: { carrier: 'date', duckDbType: 'DATE', kind: 'date' },
  FLOAT: { carrier: 'double', duckDbType: 'DOUBLE', kind: 'number' },
  FLOAT64: { carrier: 'double', duckDbType: 'DOUBLE', kind: 'number' },
  // NUMERIC and BIGNUMERIC are exported as DOUBLE: DuckDB's decimals stop at 38 digits
  NUMERIC: { carrier: 'double', duckDbType: 'DOUBLE', kind: 'number' },
  DECIMAL: { carrier: 'double', duckDbType: 'DOUBLE', kind: 'number' },
  BIGNUMERIC: { carrier: 'double', duckDbType: 'DOUBLE', kind: 'number' },
  BIGDECIMAL: { carrier: 'double', duckDbType: 'DOUBLE', kind: 'number' },
  INTEGER: { carrier: 'int64', duckDbType: 'BIGINT', kind: 'number' },
  INT64: { carrier: 'int64', duckDbType: 'BIGINT', kind: 'number' },
  BOOLEAN: { carrier: 'bool', duckDbType: 'BOOLEAN', kind: 'number' },
  BOOL: { carrier: 'bool', duckDbType: 'BOOLEAN', kind: 'number' },
  STRING: { carrier: 'text', duckDbType: 'VARCHAR', kind: 'text' },
  TIMESTAMP: { carrier: 'timestamp', duckDbType: 'TIMESTAMP WITH TIME ZONE', kind: 'date' },
  DATETIME: { carrier: 'datetime', duckDbType: 'TIMESTAMP', kind: 'date' },
};

/** Anything else (TIME, BYTES, GEOGRAPHY, JSON, RECORD, REPEATED...) is exported as its text and left out of reads. */
const AS_TEXT: TypeRule = { carrier: 'text', duckDbType: 'VARCHAR', kind: 'other' };

/** The plan of every column of a schema, in its order. */
export function columnPlans(fields: readonly BigQueryField[]): readonly ColumnPlan[] {
  return fields.map((field) => {
    const type = field.type.toUpperCase();
    const repeated = field.mode?.toUpperCase() === 'REPEATED';
    const rule = repeated ? AS_TEXT : (RULES[type] ?? AS_TEXT);
    return {
      name: field.name,
      bigQueryType: repeated ? `ARRAY<${type}>` : type,
      carrier: rule.carrier,
      duckDbType: rule.duckDbType,
      kind: rule.kind,
    };
  });
}

/** The fields of a tables.get answer (nested RECORD fields are not needed: such a column is text). */
export function schemaFields(metadata: unknown): BigQueryField[] {
  if (typeof metadata !== 'object' || metadata === null || !('schema' in metadata)) return [];
  const schema: unknown = metadata.schema;
  if (typeof schema !== 'object' || schema === null || !('fields' in schema) || !Array.isArray(schema.fields))
    return [];
  return schema.fields.flatMap((f: unknown): BigQueryField[] =>
    typeof f === 'object' &&
    f !== null &&
    'name' in f &&
    'type' in f &&
    typeof f.name === 'string' &&
    typeof f.type === 'string'
      ? [
          {
            name: f.name,
            type: f.type,
            ...('mode' in f && typeof f.mode === 'string' ? { mode: f.mode } : {}),
          },
        ]
      : [],
  );
}
