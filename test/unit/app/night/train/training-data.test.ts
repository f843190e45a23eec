import { beforeAll, describe, expect, it } from 'vitest';
import { auditArrowTable, type AuditedTable } from '../../../../../src/app/night/table/audit-horizon.js';
import { paramsForData } from '../../../../../src/app/night/train/train-one-library.js';
import { trainingData } from '../../../../../src/app/night/train/training-data.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { CbiTableBuilder } from '../../../../builders/cbi-table.builder.js';
import { tableSettings } from '../../../../support/table-settings.js';

/** CBI-V14's real 1m table, whose `volatility_regime` (LOW, MEDIUM, HIGH, null) is text. */
describe('trainingData on a table with text columns', () => {
  let audited: AuditedTable;
  beforeAll(async () => {
    const table = await CbiTableBuilder.of('1m').between('2023-01-01', '2025-06-30').fakeTable(21);
    const warehouse = new FakeWarehouse([table]);
    const [info] = await warehouse.trainingTables();
    if (info === undefined) throw new Error('no table');
    audited = auditArrowTable(
      info,
      await warehouse.readTrainingTable('1m'),
      tableSettings(),
      new Date('2025-07-01T00:00:00Z'),
    );
  });

  it('codes a text column by its sorted categories, and reads every BIGINT as a number', () => {
    const { data } = trainingData(audited);
    expect(data.categories['volatility_regime']).toEqual(['HIGH', 'LOW', 'MEDIUM']);
    const column = data.features.featureNames.indexOf('volatility_regime');
    const raw = audited.columns.find((c) => c.name === 'volatility_regime');
    if (raw?.kind !== 'text') throw new Error('volatility_regime is not text');
    raw.values.forEach((value, row) => {
      const code = data.features.values[row * data.features.cols + column];
      if (value === null) expect(code).toBeNaN();
      else expect(code).toBe(['HIGH', 'LOW', 'MEDIUM'].indexOf(value));
    });
    expect(data.features.featureNames).toContain('zl_volume'); // BIGINT
    expect(data.features.featureNames.some((name) => name.startsWith('target_'))).toBe(false);
  });

  it("reads with a model's own features and categories: a gone column and an unseen value are missing, and reported", () => {
    const { data, drift } = trainingData(audited, {
      featureNames: ['volatility_regime', 'zl_volume', 'a_column_gone_since'],
      categories: { volatility_regime: ['HIGH', 'MEDIUM'] },
    });
    expect(data.features.featureNames).toEqual(['volatility_regime', 'zl_volume', 'a_column_gone_since']);
    expect(drift).toEqual({
      missing: ['a_column_gone_since'],
      unseenCategories: { volatility_regime: ['LOW'] },
    });
    for (let row = 0; row < data.features.rows; row += 1) expect(data.features.values[row * 3 + 2]).toBeNaN();
  });

  it('tells LightGBM which features are categories, and leaves XGBoost its codes as numbers', () => {
    const { data } = trainingData(audited);
    const index = data.features.featureNames.indexOf('volatility_regime');
    expect(paramsForData('lightgbm', { boosting: 'dart' }, data)).toMatchObject({
      categorical_feature: expect.stringMatching(new RegExp(`(^|,)${index}(,|$)`)),
    });
    expect(paramsForData('xgboost', { booster: 'dart' }, data)).toEqual({ booster: 'dart' });
  });
});
