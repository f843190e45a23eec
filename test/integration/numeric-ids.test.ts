import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { readAuditedTable, type AuditedTable } from '../../src/app/night/table/audit-horizon.js';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import { ModelRegistry } from '../../src/app/night/train/model-registry.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import type { Horizon } from '../../src/domain/horizon.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FakeWarehouse, type FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { TEST_TRAIN_SETTINGS, fakeTrainers } from '../support/ml-night.js';
import { tableSettings } from '../support/table-settings.js';

const NOW = new Date('2025-11-07T05:00:00Z');

/** A table file loaded into a fresh embedded warehouse and audited, as the quality stage reads it. */
async function auditThroughDuckDb(builder: CbiTableBuilder, dir: string): Promise<AuditedTable> {
  await mkdir(dir, { recursive: true });
  const file = await builder.writeTo(dir);
  const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
  try {
    const [info] = await warehouse.loadTrainingTables([file], { roles: DEFAULT_ROLE_SETTINGS });
    if (info === undefined) throw new Error('no table loaded');
    return await readAuditedTable(warehouse, info, tableSettings(), NOW);
  } finally {
    warehouse.close();
  }
}

function idMessages(table: AuditedTable): readonly string[] {
  return table.audit.report.findings.filter((f) => f.rule === 'ids').map((f) => f.message);
}

/**
 * A numeric row id in a real table (issue 20: a column unique on every row became a feature;
 * only text ids were found). CBI-V14's 1m table (1404 trading days, 444 columns, several of them
 * real numbers unique on every row: the price, `ma_90d`, the MACD lines) with a row number added
 * as an export would (BIGINT 1, 2, 3...), read through the embedded warehouse: the row number is
 * an id, left out of the features; no real column is.
 */
describe('numeric ids in real tables', () => {
  let dir: string;
  let withId: AuditedTable;
  let byTens: AuditedTable;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-numeric-ids-'));
    withId = await auditThroughDuckDb(CbiTableBuilder.of('1m').withRowNumber('row_id'), join(dir, 'a'));
    byTens = await auditThroughDuckDb(
      CbiTableBuilder.of('1m').withRowNumber('record_key', 500_000, -10),
      join(dir, 'b'),
    );
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a row number (BIGINT 1..1404) is an id: reported and left out of the features', () => {
    expect(withId.roles.identifiers).toEqual(['row_id']);
    expect(withId.roles.features).not.toContain('row_id');
    // judged on all 1404 rows; the finding counts the 1387 rows the row rules trust (17 trimmed)
    expect(withId.audit.report.rows).toBe(1404);
    expect(idMessages(withId)).toEqual([
      "ids: row_id holds whole numbers stepping by the same amount from each row to the next (1387 rows): a row number or running id, left out of the features (it holds only the row's position, and every forecast row lies past the values it was trained on)",
    ]);
  });

  it('a key stepping down by 10 in date order is one too', () => {
    expect(byTens.roles.identifiers).toEqual(['record_key']);
  });

  it('real numbers unique on every row (ma_90d, the MACD lines) stay features; the price stays the price', () => {
    expect(withId.roles.priceColumn).toBe('zl_price_current');
    expect(withId.roles.features).toEqual(
      expect.arrayContaining(['ma_90d', 'macd_line', 'macd_signal', 'macd_histogram']),
    );
    const distinct = (name: string): number => {
      const column = withId.columns.find((c) => c.name === name);
      if (column?.kind !== 'number') throw new Error(`${name} is not a number column`);
      return new Set(column.values).size;
    };
    // unique on all 1404 rows: a rule on uniqueness alone would take them for ids
    for (const name of ['ma_90d', 'macd_line', 'macd_signal', 'macd_histogram'])
      expect(distinct(name)).toBe(1404);
    // the settlement price repeats (cents per pound to two decimals): 1178 values in 1404 rows
    expect(distinct('zl_price_current')).toBe(1178);
  });

  it.each(['1w', '1m', '3m', '6m', '12m'] as const)(
    "CBI-V14's %s table as it is: no column taken for an id",
    async (horizon: Horizon) => {
      const table = await auditThroughDuckDb(CbiTableBuilder.of(horizon), join(dir, horizon));
      expect(table.roles.identifiers).toEqual([]);
      expect(idMessages(table)).toEqual([]);
    },
    60_000,
  );

  it('the FRED monthly table: real prices as features are not ids, a row number added to it is, and training leaves it out', async () => {
    const soyOil = (await SoyOilTableBuilder.load()).build('1m');
    const table: FakeTrainingTable = {
      ...soyOil,
      columns: {
        ...soyOil.columns,
        // the soybean oil price itself offered as a feature (IMF, USD/t), beside soybeans' level
        soy_oil_usd_t: soyOil.columns['zl_price'] ?? [],
        row_id: soyOil.dates.map((_, i) => i + 1),
      },
    };
    const warehouse = new FakeWarehouse([table]);
    const [info] = await warehouse.trainingTables();
    if (info === undefined) throw new Error('no table');
    const audited = await readAuditedTable(warehouse, info, tableSettings(), NOW);
    expect(audited.roles.identifiers).toEqual(['row_id']);
    // the IMF price of soybean oil: 420 values in its 429 months, a real feature all the same
    expect(new Set(table.columns['soy_oil_usd_t']).size).toBe(420);
    expect(audited.roles.features).toEqual(expect.arrayContaining(['soy_oil_usd_t', 'psoybusdm_level']));
    const artifacts = new FakeArtifactStore();
    const result = await createTrainStage({
      warehouse,
      artifacts,
      trainers: fakeTrainers(),
      clock: new FakeClock(NOW.toISOString()),
      settings: TEST_TRAIN_SETTINGS,
    })(stageContext({ runId: 'night1', kind: 'train', horizon: '1m' }));
    expect(result.status).toBe('succeeded');
    const model = await new ModelRegistry(artifacts).latest('1m', 'lightgbm');
    expect(model?.feature_names).toEqual(expect.arrayContaining(['soy_oil_usd_t', 'psoybusdm_level']));
    expect(model?.feature_names).not.toContain('row_id');
  }, 120_000);
});
