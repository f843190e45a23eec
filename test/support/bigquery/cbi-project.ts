import { join } from 'node:path';
import type { BigQuerySettings } from '../../../src/adapters/bigquery/bigquery-warehouse.js';
import type { Horizon } from '../../../src/domain/horizon.js';
import { DEFAULT_ROLE_SETTINGS } from '../../../src/domain/data/table-roles.js';
import type { TableFacts, WarehouseSubject } from '../../../src/testing/contracts/warehouse.contract.js';
import { CBI_DIR, CbiTableBuilder, cbiFileName } from '../../builders/cbi-table.builder.js';
import type { BigQueryServer, SeedTable } from './server.js';

/** The project the local server plays. */
export const PROJECT = 'cbi-test';

/**
 * The horizons whose CBI-V14 tables the contract's project holds: 1w is left out, so the suite
 * can ask for a table that is not there (the production project has all five).
 */
export const CONTRACT_HORIZONS: readonly Horizon[] = ['1m', '3m', '6m', '12m'];

/** CBI-V14's real production tables as `training.zl_training_prod_allhistory_<h>`. */
export function cbiTables(
  horizons: readonly Horizon[] = CONTRACT_HORIZONS,
  repeat = 1,
  location = 'US',
): SeedTable[] {
  return horizons.map((horizon) => ({
    datasetId: 'training',
    tableId: `zl_training_prod_allhistory_${horizon}`,
    parquet: join(CBI_DIR, cbiFileName(horizon)),
    repeat,
    location,
  }));
}

/** The adapter's settings for the local server, as the config's defaults make them (no location: the dataset's). */
export function localSettings(
  server: BigQueryServer,
  overrides: Partial<BigQuerySettings> = {},
): BigQuerySettings {
  return {
    projectId: PROJECT,
    datasets: { training: 'training', predictions: 'predictions' },
    tableTemplate: 'zl_training_prod_allhistory_{h}',
    maximumBytesBilled: 1024 ** 3,
    readApi: 'storage',
    requestTimeoutMs: 20_000,
    queryTimeoutMs: 120_000,
    emulator: { apiEndpoint: server.apiEndpoint, storageEndpoint: server.storageEndpoint },
    roles: DEFAULT_ROLE_SETTINGS,
    ...overrides,
  };
}

/** What the contract expects of a project holding CBI-V14's tables, counted from the Parquet files with DuckDB. */
export async function cbiContractFacts(): Promise<Pick<WarehouseSubject, 'expected' | 'ownTables'>> {
  const oneMonth = await CbiTableBuilder.of('1m').facts();
  const threeMonths = await CbiTableBuilder.of('3m').facts();
  const facts = (f: TableFacts): TableFacts => ({
    rows: f.rows,
    firstDate: f.firstDate,
    lastDate: f.lastDate,
  });
  return {
    expected: facts(oneMonth),
    ownTables: { frequency: 'daily', columns: oneMonth.columns.length, expected3m: facts(threeMonths) },
  };
}
