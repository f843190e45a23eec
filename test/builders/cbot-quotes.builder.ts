import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CBI_DIR, cbiFileName } from './cbi-table.builder.js';

/**
 * The CBOT soybean complex as the exchange quotes it, cut from CBI-V14's real 1m table
 * (data/cbi-v14): soybean oil `zl_price_current` in US cents per pound, soybeans
 * `bean_price_per_bushel` in USD per bushel, soybean meal `meal_price_per_ton` in USD per short
 * ton, one value per trading day. Each is written in FRED's layout (`<id>.csv`) so a night can
 * build its tables from them; nothing is converted or filled.
 */
export const CBOT_QUOTES = {
  ZL: { column: 'zl_price_current', unit: 'cents/lb' },
  ZS: { column: 'bean_price_per_bushel', unit: 'USD/bu' },
  ZM: { column: 'meal_price_per_ton', unit: 'USD/short_ton' },
} as const;

export type CbotId = keyof typeof CBOT_QUOTES;

/** Writes ZL.csv, ZS.csv and ZM.csv into `dir`: weekday rows up to `until` (before the table's frozen tail). */
export async function writeCbotQuotes(dir: string, until = '2025-09-10'): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const table = join(CBI_DIR, cbiFileName('1m')).replaceAll("'", "''");
    for (const [id, { column }] of Object.entries(CBOT_QUOTES)) {
      const path = join(dir, `${id}.csv`).replaceAll("'", "''");
      await connection.run(
        `COPY (SELECT strftime(date, '%Y-%m-%d') AS observation_date, "${column}" AS "${id}"
          FROM read_parquet('${table}')
          WHERE "${column}" IS NOT NULL AND dayofweek(date) BETWEEN 1 AND 5 AND date <= DATE '${until}'
          ORDER BY date) TO '${path}' (FORMAT csv, HEADER true, QUOTE '')`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The real quotes of one day, read straight from the table (not through the code under test). */
export async function cbotQuotesOn(date: string): Promise<Readonly<Record<CbotId, number>>> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const table = join(CBI_DIR, cbiFileName('1m')).replaceAll("'", "''");
    const row = (
      await connection.runAndReadAll(
        `SELECT ${Object.values(CBOT_QUOTES)
          .map((q) => `"${q.column}"`)
          .join(', ')} FROM read_parquet('${table}') WHERE date = DATE '${date}'`,
      )
    ).getRowsJS()[0];
    if (row === undefined) throw new Error(`no row dated ${date} in the 1m table`);
    const [zl, zs, zm] = row.map(Number);
    if (zl === undefined || zs === undefined || zm === undefined)
      throw new Error(`incomplete quotes on ${date}`);
    return { ZL: zl, ZS: zs, ZM: zm };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
