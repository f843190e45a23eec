import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import { auditArrowTable } from '../../src/app/night/table/audit-horizon.js';
import { ModelRegistry } from '../../src/app/night/train/model-registry.js';
import { trainingData } from '../../src/app/night/train/training-data.js';
import { calendarFoldMonths, planWalkForward, trainingRows } from '../../src/domain/model/walk-forward.js';
import type { ModelMetadata } from '../../src/domain/model/model-metadata.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeWarehouse, type FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { TEST_TRAIN_SETTINGS, fakeTrainers } from '../support/ml-night.js';

/**
 * CBI-V14's real 3m table, where the other horizons' targets are the future (target_6m is the
 * price 180 rows ahead), plus a copy of the 3m target itself under another target's name: a
 * perfect predictor of the label. None of them may reach a model, and no fold may train on a
 * row whose target window reaches into the rows it is scored on.
 */
describe('leakage on a daily table whose other targets see the future', () => {
  let table: FakeTrainingTable;
  let metadata: readonly ModelMetadata[];
  const clock = new FakeClock('2025-11-07T05:00:00Z');
  beforeAll(async () => {
    table = await CbiTableBuilder.of('3m').withCopy('target_3m', 'target_3m_copy').fakeTable(63);
    const warehouse = new FakeWarehouse([table]);
    const artifacts = new FakeArtifactStore();
    const train = createTrainStage({
      warehouse,
      artifacts,
      trainers: fakeTrainers(),
      clock,
      settings: TEST_TRAIN_SETTINGS,
    });
    const result = await train(stageContext({ runId: 'night1', kind: 'train', horizon: '3m' }));
    expect(result.status).toBe('succeeded');
    const registry = new ModelRegistry(artifacts);
    metadata = (
      await Promise.all((['lightgbm', 'xgboost'] as const).map((library) => registry.latest('3m', library)))
    ).flatMap((m) => (m === undefined ? [] : [m]));
  }, 120_000);

  it("trains on no target column: not its own, not other horizons', not a copy named like one", () => {
    expect(metadata).toHaveLength(2);
    for (const model of metadata) {
      expect(model.feature_names.length).toBeGreaterThan(100);
      expect(model.feature_names.filter((name) => name.startsWith('target_'))).toEqual([]);
      expect(model.feature_names).not.toContain('zl_price_current');
    }
    // the columns were there to be taken
    expect(Object.keys(table.columns)).toEqual(
      expect.arrayContaining(['target_1w', 'target_1m', 'target_6m', 'target_3m_copy']),
    );
  });

  it("never puts a training row's target window inside a validation row's window", async () => {
    const warehouse = new FakeWarehouse([table]);
    const [info] = await warehouse.trainingTables();
    if (info === undefined) throw new Error('no table');
    const { data } = trainingData(
      auditArrowTable(info, await warehouse.readTrainingTable('3m'), TEST_TRAIN_SETTINGS.table, clock.now()),
    );
    expect(data.lead).toBe(90); // the table's "3m" target is 90 rows ahead: the purge uses the real lead
    const plan = planWalkForward({
      dates: data.dates,
      labelKnown: data.labelKnown,
      horizonPeriods: data.lead,
      folds: TEST_TRAIN_SETTINGS.folds.daily,
      foldRows: TEST_TRAIN_SETTINGS.foldRows.daily,
      foldMonths: calendarFoldMonths('daily', TEST_TRAIN_SETTINGS.foldRows.daily),
      minTrainRows: TEST_TRAIN_SETTINGS.minTrainRows,
    });
    expect(plan.folds.length).toBeGreaterThanOrEqual(TEST_TRAIN_SETTINGS.folds.daily);
    for (const fold of plan.folds) {
      const train = trainingRows(data.labelKnown, fold.trainEnd);
      const lastTargetRow = Math.max(...train) + data.lead;
      // every training window [i, i + lead] ends by the first validation row; every validation window starts there or later
      expect(lastTargetRow).toBeLessThanOrEqual(Math.min(...fold.testRows));
      expect((data.dates[lastTargetRow] ?? '') <= fold.cutDate).toBe(true);
    }
    // and the models trained exactly these folds: same forecasts, same training rows per fold
    for (const model of metadata) {
      const forecasts = model.folds;
      expect(forecasts.map((f) => f.period)).toEqual(plan.folds.flatMap((f) => f.testRows));
      for (const fold of plan.folds) {
        const inFold = forecasts.filter((f) => f.fold === fold.index);
        expect(new Set(inFold.map((f) => f.train_rows))).toEqual(
          new Set([trainingRows(data.labelKnown, fold.trainEnd).length]),
        );
      }
    }
  });
});
