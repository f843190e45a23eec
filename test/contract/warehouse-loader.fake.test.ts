import { warehouseLoaderContract } from '../../src/testing/contracts/warehouse-loader.contract.js';
import { FakeWarehouseLoader } from '../../src/testing/fake-warehouse-loader.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { readFredDir } from '../builders/fred-dir.builder.js';

const spec = { target: 'PSOILUSDM', drivers: ['PSOYBUSDM', 'DGS10'] };
const series = readFredDir(FRED_DIR, [spec.target, ...spec.drivers]);

warehouseLoaderContract('fake (fills a FakeWarehouse)', async () => {
  const loader = new FakeWarehouseLoader();
  return { loader, warehouse: loader.warehouse, series: await series, spec, dispose: async () => undefined };
});
