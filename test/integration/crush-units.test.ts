import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { createExportStage } from '../../src/app/night/stages/export-stage.js';
import type { StageResult } from '../../src/app/night/stage.js';
import type { TrainingSpec } from '../../src/domain/data/training-features.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { cbotQuotesOn, writeCbotQuotes } from '../builders/cbot-quotes.builder.js';
import { dirSource } from '../builders/fred-dir.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';

/**
 * The crush features on the soybean complex as CBOT quotes it (oil in cents/lb, beans in USD per
 * bushel, meal in USD per short ton: CBI-V14's real columns). The features are defined in USD
 * per tonne; before units were declared, these inputs gave an oil share near 0.03 and a margin
 * of minus hundreds, with no warning.
 */
describe('crush features over inputs in exchange units', () => {
  const clock = new FakeClock('2025-09-12T05:00:00Z');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-cbot-'));
    await writeCbotQuotes(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function night(
    spec: TrainingSpec,
  ): Promise<{ exported: StageResult; row: (date: string) => Record<string, unknown> }> {
    const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
    try {
      const exported = await createExportStage({
        warehouse,
        artifacts: new FakeArtifactStore(),
        clock,
        refresh: { source: dirSource(dir), loader: warehouse, spec },
      })(stageContext({ runId: 'crush', kind: 'export', horizons: ['1m'] }));
      const table = await warehouse.readTrainingTable('1m');
      const rows = table.toArray().map((r) => (r as { toJSON(): Record<string, unknown> }).toJSON());
      const dateOf = (value: unknown) => new Date(Number(value)).toISOString().slice(0, 10);
      return {
        exported,
        row: (date) => {
          const found = rows.find((r) => dateOf(r['date']) === date);
          if (found === undefined) throw new Error(`no row ${date}`);
          return found;
        },
      };
    } finally {
      await warehouse.close();
    }
  }

  const quoted = { target: 'ZL', drivers: ['ZS', 'ZM'], roles: { meal: 'ZM', beans: 'ZS' } } as const;

  it('converts each input to USD per tonne: the board crush of the exchange quotes, per tonne of beans', async () => {
    const { exported, row } = await night({
      ...quoted,
      units: { target: 'cents/lb', beans: 'USD/bu', meal: 'USD/short_ton' },
    });
    expect(exported.status).toBe('succeeded');
    for (const date of ['2021-06-01', '2024-06-03', '2025-09-02']) {
      const { ZL, ZS, ZM } = await cbotQuotesOn(date);
      // CBOT board crush, per bushel: 11 lb of oil at ZL cents/lb, 44 lb of meal at ZM $ per 2000 lb, less the bushel
      const oilValue = 0.11 * ZL;
      const mealValue = (44 / 2000) * ZM;
      const perBushel = oilValue + mealValue - ZS;
      const bushelsPerTonne = 1000 / (60 * 0.45359237);
      expect(row(date)['crush_oil_share']).toBeCloseTo(oilValue / (oilValue + mealValue), 9);
      expect(row(date)['crush_margin']).toBeCloseTo(perBushel * bushelsPerTonne, 6);
    }
    // June 2021, oil near its record: the oil's share of the crush value near a half, not 0.03
    expect(row('2021-06-01')['crush_oil_share']).toBeGreaterThan(0.4);
    expect(row('2021-06-01')['crush_oil_share']).toBeLessThan(0.6);
    expect(exported.details).toMatchObject({ refresh: { refused_features: [] } });
  });

  it('refuses the crush features when an input has no unit, naming the role and the key', async () => {
    const { exported, row } = await night(quoted);
    expect(exported.status).toBe('succeeded');
    expect(row('2024-06-03')).not.toHaveProperty('crush_oil_share');
    expect(row('2024-06-03')).not.toHaveProperty('crush_margin');
    expect(exported.details).toMatchObject({
      refresh: {
        refused_features: [
          expect.stringMatching(
            /^crush_oil_share not built: oil \(ZL\) has no unit: set source\.units\.target to one of USD\/t, .*; meal \(ZM\) has no unit: set source\.units\.meal/,
          ),
          expect.stringMatching(
            /^crush_margin not built: .*beans \(ZS\) has no unit: set source\.units\.beans/,
          ),
        ],
      },
    });
  });

  it('refuses a bushel for anything but soybeans', async () => {
    const { exported } = await night({
      ...quoted,
      units: { target: 'cents/lb', beans: 'USD/bu', meal: 'USD/bu' },
    });
    expect(exported.details).toMatchObject({
      refresh: {
        refused_features: [
          'crush_oil_share not built: meal (ZM) is in USD/bu, and only soybeans have a standard weight per bushel: quote it per weight (USD/t, USD/short_ton, cents/lb...)',
          expect.stringContaining('crush_margin not built: meal (ZM) is in USD/bu'),
        ],
      },
    });
  });
});
