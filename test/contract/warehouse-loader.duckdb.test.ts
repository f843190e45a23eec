import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { warehouseLoaderContract } from '../../src/testing/contracts/warehouse-loader.contract.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { readFredDir } from '../builders/fred-dir.builder.js';

const spec = { target: 'PSOILUSDM', drivers: ['PSOYBUSDM', 'DGS10'] };
const series = readFredDir(FRED_DIR, [spec.target, ...spec.drivers]);

warehouseLoaderContract('duckdb (in memory)', async () => {
  const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
  return {
    loader: warehouse,
    warehouse,
    series: await series,
    spec,
    dispose: async () => warehouse.close(),
  };
});
