import type { DuckDBConnection } from '@duckdb/node-api';
import {
  profileColumns,
  type ProfileInputColumn,
  type TableProfile,
} from '../../domain/data/table-profile.js';
import { DATE_COLUMN, PRICE_COLUMN, targetColumn } from '../../domain/data/training-features.js';
import type { TrainingTableInfo } from '../../domain/data/warehouse-types.js';
import type { ProfileOptions } from '../../ports/warehouse.port.js';
import { daysToIso } from '../shared/arrow-columns.js';
import { describeTable, readTypedColumns } from './duckdb-columns.js';

/** Reads a training table's columns (date order) and computes its profile with the domain's profiler. */
export async function profileTable(
  connection: DuckDBConnection,
  info: TrainingTableInfo,
  options: ProfileOptions,
): Promise<TableProfile> {
  const described = await describeTable(connection, info.table);
  const hasDate = described.some((c) => c.name === DATE_COLUMN && c.type === 'DATE');
  const { rows, columns } = await readTypedColumns(
    connection,
    info.table,
    described,
    hasDate ? DATE_COLUMN : (described[0]?.name ?? DATE_COLUMN),
  );
  const byName = new Map(columns.map((c) => [c.name, c]));
  const input: ProfileInputColumn[] = described.map((c): ProfileInputColumn => {
    const typed = byName.get(c.name);
    if (typed?.kind === 'date') {
      return {
        name: c.name,
        type: c.type,
        kind: 'date',
        values: Array.from(typed.days, (d, i) => (typed.valid[i] === 1 ? daysToIso(d) : null)),
      };
    }
    if (typed?.kind === 'double') {
      return {
        name: c.name,
        type: c.type,
        kind: 'number',
        values: typed.values.map((v, i) => (typed.valid[i] === 1 ? v : Number.NaN)),
      };
    }
    return { name: c.name, type: c.type, kind: c.type === 'VARCHAR' ? 'text' : 'other' };
  });
  return profileColumns({
    table: info.table,
    horizon: info.horizon,
    frequency: info.frequency,
    periods: info.periods,
    rows,
    dateColumn: DATE_COLUMN,
    priceColumn: PRICE_COLUMN,
    targetColumn: targetColumn(info.horizon),
    columns: input,
    sentinels: options.sentinels,
    maxLeakageLead: options.maxLeakageLead,
  });
}
