import { warehouseLoaderContract } from '../../src/testing/contracts/warehouse-loader.contract.js';
import { FakeWarehouseLoader } from '../../src/testing/fake-warehouse-loader.js';
import { CbiTableBuilder, cbiFileName } from '../builders/cbi-table.builder.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { readFredDir } from '../builders/fred-dir.builder.js';

const spec = { target: 'PSOILUSDM', drivers: ['PSOYBUSDM', 'DGS10'] };
const series = readFredDir(FRED_DIR, [spec.target, ...spec.drivers]);
// the fake reads no Parquet: it is handed CBI-V14's real 1w table, read with DuckDB, under a path
const oneWeek = CbiTableBuilder.of('1w');
const table = oneWeek.fakeTable(5);
const facts = oneWeek.facts();

warehouseLoaderContract('fake (fills a FakeWarehouse)', async () => {
  const loader = new FakeWarehouseLoader();
  const path = `/fake/${cbiFileName('1w')}`;
  loader.registerTableFile(path, await table);
  const file = { horizon: '1w' as const, name: cbiFileName('1w'), path, fileHash: 'fake', bytes: 0 };
  return {
    loader,
    warehouse: loader.warehouse,
    series: await series,
    spec,
    tableFiles: [{ file, ...(await facts) }],
    dispose: async () => undefined,
  };
});
