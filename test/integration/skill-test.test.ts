import { beforeAll, describe, expect, it } from 'vitest';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeModelTrainer } from '../../src/testing/fake-model-trainer.js';
import { FakeWarehouse, type FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { DEFAULT_SKILL, MAPE_ONLY_SKILL, runMlNight } from '../support/ml-night.js';

/**
 * Skill as a test, on the real monthly IMF soybean-oil series (PSOILUSDM, 1990-2025) and the
 * linear learner of the fake trainer (ordinary least squares), one feature at a time:
 *
 * - noise: WTI crude's change over the month (POILWTIUSDM) tells nothing of soybean oil's next
 *   month. On the default 12 monthly folds it happens to beat naive (MAPE 5.03 % vs 5.15 %), which
 *   the MAPE comparison alone called skill; over 240 folds the same feature is worse than naive.
 * - a real edge: soybean oil's own last monthly change. The IMF series is a monthly average of
 *   prices, and averaging makes consecutive changes correlated (Working 1960; 0.28 here), so the
 *   last change forecasts part of the next: over 240 monthly folds its edge is significant.
 */
function withFeatures(table: FakeTrainingTable, features: readonly string[]): FakeTrainingTable {
  const keep = new Set(['zl_price', `target_${table.horizon}`, ...features]);
  return {
    ...table,
    columns: Object.fromEntries(Object.entries(table.columns).filter(([name]) => keep.has(name))),
  };
}

async function night(feature: string, folds: number, skill: typeof DEFAULT_SKILL | typeof MAPE_ONLY_SKILL) {
  const soyOil = await SoyOilTableBuilder.load();
  const world = {
    warehouse: new FakeWarehouse([withFeatures(soyOil.build('1m'), [feature])]),
    artifacts: new FakeArtifactStore(),
    clock: new FakeClock('2025-10-20T23:59:00Z'),
  };
  const results = await runMlNight(world, {
    runId: '20251020_235900',
    horizons: ['1m'],
    trainers: [new FakeModelTrainer({ library: 'lightgbm' })],
    stages: ['predict'],
    train: { skill, folds: { monthly: folds, daily: 4 } },
  });
  const train = results.get('train_1m')?.details as unknown as { models: Record<string, unknown>[] };
  const predict = results.get('predict')?.details as {
    horizons: Record<
      string,
      { published: Record<string, unknown>; champion: Record<string, unknown> | null }
    >;
  };
  return {
    model: train.models[0] ?? {},
    published: predict.horizons['1m']?.published ?? {},
    shown: predict.horizons['1m']?.champion ?? {},
  };
}

describe('the skill gate tests the edge over naive (real monthly soybean oil)', () => {
  let noise: Awaited<ReturnType<typeof night>>;
  beforeAll(async () => {
    noise = await night('poilwtiusdm_chg_1', 12, DEFAULT_SKILL);
  }, 60_000);

  it('does not publish a noise-sized edge as skill: WTI beats naive on 12 folds by chance', () => {
    expect(noise.model['mape']).toBeLessThan(noise.model['naive_mape'] as number);
    expect(noise.model['forecasts']).toBe(12);
    expect(noise.model['independent_forecasts']).toBe(12);
    expect(noise.model['p_value']).toBeGreaterThan(0.05);
    expect(noise.model['has_skill']).toBe(false);
    expect(String(noise.model['skill_verdict'])).toMatch(/within noise.*p 0\.\d+/);
    expect(noise.published['kind']).toBe('naive');
    expect(noise.published['has_skill']).toBe(false);
    // the naive forecast carries its band too, from its own walk-forward errors (12 at 80 %)
    const band = noise.shown['interval'] as { level: number; low: number; high: number };
    const price = noise.shown['predicted_price'] as number;
    expect(band.level).toBe(0.8);
    expect(band.low).toBeLessThan(price);
    expect(band.high).toBeGreaterThan(price);
  });

  it('(the MAPE comparison alone called the same edge skill and published it)', async () => {
    const old = await night('poilwtiusdm_chg_1', 12, MAPE_ONLY_SKILL);
    expect(old.model['has_skill']).toBe(true);
    expect(old.published['kind']).toBe('champion');
  }, 60_000);

  it('(and the edge was noise: over 240 folds WTI does not beat naive)', async () => {
    const long = await night('poilwtiusdm_chg_1', 240, DEFAULT_SKILL);
    expect(long.model['mape']).toBeGreaterThan(long.model['naive_mape'] as number);
    expect(long.model['has_skill']).toBe(false);
  }, 120_000);

  it("publishes a real edge with its p-value: soybean oil's own last monthly change, 240 folds", async () => {
    const real = await night('zl_ret_1', 240, DEFAULT_SKILL);
    expect(real.model['has_skill']).toBe(true);
    expect(real.model['independent_forecasts']).toBe(240);
    expect(real.model['p_value']).toBeLessThan(0.05);
    // the statistics docs/models.md records
    expect(real.model['mape']).toBeCloseTo(4.55, 2);
    expect(real.model['naive_mape']).toBeCloseTo(4.803, 3);
    expect(real.model['dm_statistic']).toBeCloseTo(2.18, 2);
    expect(real.model['p_value']).toBeCloseTo(0.015, 3);
    expect(real.published['kind']).toBe('champion');
    expect(real.published['has_skill']).toBe(true);
    expect(real.published['p_value']).toBe(real.model['p_value']);
    expect(real.published['dm_statistic']).toBeGreaterThan(1.65);
    expect(real.published['forecasts']).toBe(240);
  }, 120_000);
});
