import { FakeWarehouse } from '../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { warehouseContract } from '../../src/testing/contracts/warehouse.contract.js';

warehouseContract('fake', async () => {
  const builder = await SoyOilTableBuilder.load();
  const dates = builder.rowDates();
  const horizons = ['1m', '3m', '6m', '12m'] as const;
  const warehouse = new FakeWarehouse(horizons.map((h) => builder.build(h)));
  return {
    warehouse,
    horizons,
    expected: { rows: dates.length, firstDate: dates[0] ?? '', lastDate: dates[dates.length - 1] ?? '' },
    dispose: async () => undefined,
  };
});
