import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { ParquetDirTableSource } from '../../src/adapters/parquet/parquet-dir-table-source.js';
import { warehouseLoaderContract } from '../../src/testing/contracts/warehouse-loader.contract.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI_DIR, CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { readFredDir } from '../builders/fred-dir.builder.js';

const spec = { target: 'PSOILUSDM', drivers: ['PSOYBUSDM', 'DGS10'] };
const series = readFredDir(FRED_DIR, [spec.target, ...spec.drivers]);
// two of CBI-V14's real tables, as the folder source lists them (the 1w and the 12m, whose schemas differ)
const tableFiles = (async () => {
  const files = (await new ParquetDirTableSource({ dir: CBI_DIR }).list()).filter((f) =>
    ['1w', '12m'].includes(f.horizon),
  );
  return Promise.all(
    files.map(async (file) => ({ file, ...(await CbiTableBuilder.of(file.horizon).facts()) })),
  );
})();

warehouseLoaderContract('duckdb (in memory)', async () => {
  const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
  return {
    loader: warehouse,
    warehouse,
    series: await series,
    spec,
    tableFiles: await tableFiles,
    dispose: async () => warehouse.close(),
  };
});
