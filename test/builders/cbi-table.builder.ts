import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Horizon } from '../../src/domain/horizon.js';
import type { TableFile } from '../../src/domain/data/table-file.js';
import type { FakeTrainingTable } from '../../src/testing/fake-warehouse.js';

/** `<repo>/data/cbi-v14`: CBI-V14's five production training tables (provenance in its README and MANIFEST.json). */
export const CBI_DIR = fileURLToPath(new URL('../../data/cbi-v14/', import.meta.url));

export function cbiFileName(horizon: Horizon): string {
  return `zl_training_prod_allhistory_${horizon}.parquet`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function query(sql: string): Promise<Record<string, unknown[]>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getColumnsObjectJS() as Record<string, unknown[]>;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What one real table file holds, read with DuckDB (not with the code under test). */
export interface CbiTableFacts {
  readonly rows: number;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly columns: readonly string[];
}

/**
 * One of CBI-V14's real training tables, with named ways to cut or damage it as a bad export
 * would, written back to Parquet with DuckDB (or handed to the fakes). It never makes up rows:
 * a damage names the one value it replaces.
 */
export class CbiTableBuilder {
  private constructor(
    readonly horizon: Horizon,
    private readonly select: string,
  ) {}

  static of(horizon: Horizon): CbiTableBuilder {
    return new CbiTableBuilder(
      horizon,
      `SELECT * FROM read_parquet(${literal(join(CBI_DIR, cbiFileName(horizon)))})`,
    );
  }

  /** Only the rows dated in [from, to]. */
  between(from: string, to: string): CbiTableBuilder {
    return this.#wrap(`WHERE date BETWEEN DATE ${literal(from)} AND DATE ${literal(to)}`);
  }

  /** The table without these columns (as a night whose export lost them). */
  withoutColumns(...names: readonly string[]): CbiTableBuilder {
    return new CbiTableBuilder(
      this.horizon,
      `SELECT * EXCLUDE (${names.map(ident).join(', ')}) FROM (${this.select})`,
    );
  }

  /** A copy of the real column `from` under the name `as` (an export that duplicated a column). */
  withCopy(from: string, as: string): CbiTableBuilder {
    return new CbiTableBuilder(
      this.horizon,
      `SELECT *, ${ident(from)} AS ${ident(as)} FROM (${this.select})`,
    );
  }

  /**
   * A column `as` holding the log return of the real `price` over the next `rows` rows (null at
   * the end): the kind of column a user adds by mistake, a transform of the future.
   */
  withFutureReturn(price: string, rows: number, as: string): CbiTableBuilder {
    const p = ident(price);
    return new CbiTableBuilder(
      this.horizon,
      `SELECT *, ln(lead(${p}, ${String(rows)}) OVER (ORDER BY date) / ${p}) AS ${ident(as)} FROM (${this.select})`,
    );
  }

  /**
   * A column `as` numbering the rows in date order, `start`, `start + step`, ... (BIGINT): the row
   * id an export adds (derived from the table, no value made up).
   */
  withRowNumber(as: string, start = 1, step = 1): CbiTableBuilder {
    return new CbiTableBuilder(
      this.horizon,
      `SELECT *, (${String(start)} + ${String(step)} * (row_number() OVER (ORDER BY date) - 1))::BIGINT AS ${ident(as)} FROM (${this.select})`,
    );
  }

  /** The value of `column` on `date` replaced by `value` (a damaged cell). */
  withValue(column: string, date: string, value: number): CbiTableBuilder {
    const c = ident(column);
    return new CbiTableBuilder(
      this.horizon,
      `SELECT * REPLACE (CASE WHEN date = DATE ${literal(date)} THEN ${String(value)} ELSE ${c} END AS ${c}) FROM (${this.select})`,
    );
  }

  /** The table without its newest `rows` rows (the export of an earlier night). */
  withoutNewest(rows: number): CbiTableBuilder {
    return this.#wrap(`QUALIFY row_number() OVER (ORDER BY date DESC) > ${String(rows)}`);
  }

  /** The value of `column` on `date` multiplied by `factor` (a revision the source published later). */
  withRevision(column: string, date: string, factor: number): CbiTableBuilder {
    const c = ident(column);
    return new CbiTableBuilder(
      this.horizon,
      `SELECT * REPLACE (CASE WHEN date = DATE ${literal(date)} THEN ${c} * ${String(factor)} ELSE ${c} END AS ${c}) FROM (${this.select})`,
    );
  }

  /** Writes the table as `zl_training_prod_allhistory_<h>.parquet` in `dir`, ordered by date. */
  async writeTo(dir: string): Promise<TableFile> {
    const name = cbiFileName(this.horizon);
    const path = join(dir, name);
    await query(`COPY (${this.select} ORDER BY date) TO ${literal(path)} (FORMAT parquet)`);
    const content = await readFile(path);
    return {
      horizon: this.horizon,
      name,
      path,
      fileHash: createHash('sha256').update(content).digest('hex'),
      bytes: content.length,
    };
  }

  async facts(): Promise<CbiTableFacts> {
    const columns = await query(`SELECT column_name FROM (DESCRIBE ${this.select})`);
    const shape = await query(
      `SELECT count(*)::INTEGER AS n, min(date)::VARCHAR AS first, max(date)::VARCHAR AS last FROM (${this.select})`,
    );
    return {
      rows: Number(shape['n']?.[0]),
      firstDate: String(shape['first']?.[0]),
      lastDate: String(shape['last']?.[0]),
      columns: (columns['column_name'] ?? []).map(String),
    };
  }

  /** The table as the fake warehouse holds one: numbers (BIGINT too) and text, rows by date. */
  async fakeTable(periods: number): Promise<FakeTrainingTable> {
    const described = await query(`SELECT column_name, column_type FROM (DESCRIBE ${this.select})`);
    const names = (described['column_name'] ?? []).map(String);
    const types = (described['column_type'] ?? []).map(String);
    const select = names.map((name, i) =>
      types[i] === 'DATE' || types[i] === 'VARCHAR'
        ? `CAST(${ident(name)} AS VARCHAR) AS ${ident(name)}`
        : `CAST(${ident(name)} AS DOUBLE) AS ${ident(name)}`,
    );
    const values = await query(`SELECT ${select.join(', ')} FROM (${this.select}) ORDER BY date`);
    const columns: Record<string, (number | null)[]> = {};
    const texts: Record<string, (string | null)[]> = {};
    names.forEach((name, i) => {
      if (name === 'date') return;
      const raw = values[name] ?? [];
      if (types[i] === 'VARCHAR') texts[name] = raw.map((v) => (typeof v === 'string' ? v : null));
      else columns[name] = raw.map((v) => (typeof v === 'number' ? v : null));
    });
    return {
      horizon: this.horizon,
      frequency: 'daily',
      periods,
      dates: (values['date'] ?? []).map(String),
      columns,
      texts,
      columnOrder: names,
    };
  }

  #wrap(clause: string): CbiTableBuilder {
    return new CbiTableBuilder(this.horizon, `SELECT * FROM (${this.select}) ${clause}`);
  }
}
