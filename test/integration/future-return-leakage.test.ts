import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import type { StageResult } from '../../src/app/night/stage.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeWarehouse, type FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { DEFAULT_SKILL, TEST_TRAIN_SETTINGS, fakeTrainers, runMlNight } from '../support/ml-night.js';
import { tableSettings } from '../support/table-settings.js';
import { FakeModelTrainer } from '../../src/testing/fake-model-trainer.js';

/**
 * Leakage beyond equality: a column a user adds by mistake, the log return of the real price
 * over the next week (5 rows of CBI-V14's daily 3m table) or the next month (the FRED monthly
 * table), equals no future price, so the equality check let it train (issue 20: a walk-forward
 * MAPE of 0.03 % against naive's 1.78 %). Its correlation with the move ahead gives it away: the
 * horizon is refused before training, naming the column; the same table without it trains.
 */
async function train(table: FakeTrainingTable, clock: FakeClock): Promise<StageResult> {
  const stage = createTrainStage({
    warehouse: new FakeWarehouse([table]),
    artifacts: new FakeArtifactStore(),
    trainers: fakeTrainers(),
    clock,
    settings: TEST_TRAIN_SETTINGS,
  });
  return stage(stageContext({ runId: 'night1', kind: 'train', horizon: table.horizon }));
}

function reasonOf(result: StageResult): string {
  return 'reason' in result ? result.reason : '';
}

function withNextMonthReturn(table: FakeTrainingTable): FakeTrainingTable {
  const price = table.columns['zl_price'] ?? [];
  const next = price.map((p, i) => {
    const later = price[i + 1];
    return p === null || later === null || later === undefined ? null : Math.log(later / p);
  });
  return { ...table, columns: { ...table.columns, zl_next_month_return: next } };
}

describe('a future-return column is refused before training, and named', () => {
  const clock = new FakeClock('2025-11-07T05:00:00Z');
  let cbiLeaky: StageResult;
  let cbiClean: StageResult;
  beforeAll(async () => {
    const clean = CbiTableBuilder.of('3m');
    cbiLeaky = await train(
      await clean.withFutureReturn('zl_price_current', 5, 'zl_next_week_log_return').fakeTable(63),
      clock,
    );
    cbiClean = await train(await clean.fakeTable(63), clock);
  }, 180_000);

  it("CBI-V14's 3m table with next week's log return: blocked by the leakage rule naming the column", () => {
    expect(cbiLeaky.status).toBe('skipped');
    expect(reasonOf(cbiLeaky)).toMatch(
      /blocked by the quality gate: leakage: zl_next_week_log_return correlates 1\.000 with the zl_price_current move 5 ahead/,
    );
    expect(cbiLeaky.details).toMatchObject({ rule: 'leakage' });
  });

  it('the untouched table trains', () => {
    expect(cbiClean.status).toBe('succeeded');
  });

  it("the FRED monthly table with next month's log return: refused; without it, trained", async () => {
    const soyOil = (await SoyOilTableBuilder.load()).build('1m');
    const leaky = await train(withNextMonthReturn(soyOil), clock);
    expect(leaky.status).toBe('skipped');
    expect(reasonOf(leaky)).toMatch(
      /leakage: zl_next_month_return correlates 1\.000 with the zl_price move 1 ahead/,
    );
    expect((await train(soyOil, clock)).status).toBe('succeeded');
  }, 120_000);

  it('with the correlation check off, the walk-forward too good to be true is suspected leakage, naming the column', async () => {
    const soyOil = withNextMonthReturn((await SoyOilTableBuilder.load()).build('1m'));
    const results = await runMlNight(
      { warehouse: new FakeWarehouse([soyOil]), artifacts: new FakeArtifactStore(), clock },
      {
        runId: 'night1',
        horizons: ['1m'],
        trainers: [new FakeModelTrainer({ library: 'lightgbm' })],
        stages: [],
        train: { table: tableSettings({ leakageCorrelation: 0 }), skill: DEFAULT_SKILL },
      },
    );
    const train = results.get('train_1m');
    expect(train?.status).toBe('succeeded');
    const [model] = (train?.details as unknown as { models: Record<string, unknown>[] }).models;
    expect(model?.['error_ratio']).toBeLessThan(0.5);
    expect(model).toMatchObject({
      has_skill: false,
      suspected_leakage: true,
      suspect_feature: 'zl_next_month_return',
    });
    expect(String(model?.['skill_verdict'])).toMatch(
      /suspected leakage, not skill; the feature most correlated with the move ahead is zl_next_month_return \(r 0\.99\d\)/,
    );
  }, 120_000);
});
