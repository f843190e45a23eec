import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import type { StageResult } from '../../src/app/night/stage.js';
import { isBlockedTraining, type TrainJobSummary } from '../../src/domain/night/stage-details.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeFoldModelCache } from '../../src/testing/fake-fold-model-cache.js';
import { FakeWarehouse, type FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { fakeTrainers, TEST_TRAIN_SETTINGS } from '../support/ml-night.js';

/** Each library's jobs in the train stage's record (the test fails when the horizon did not train). */
function jobsOf(result: StageResult): Map<string, readonly TrainJobSummary[]> {
  const details = result.details;
  if (details === undefined || !('models' in details) || isBlockedTraining(details))
    throw new Error(`the horizon did not train: ${result.status}`);
  return new Map(details.models.map((m) => [m.model, 'jobs' in m ? (m.jobs ?? []) : []]));
}

/**
 * A revised value inside an old fold's training rows (the source corrected one day's figure):
 * on CBI-V14's real 1m table, the folds whose training rows hold the revised row are trained
 * again, the older ones are loaded from the cache, and the final model trains.
 */
describe('a revised row in an old fold retrains exactly that fold and those after it', () => {
  const cache = new FakeFoldModelCache();
  const artifacts = new FakeArtifactStore();
  const clock = new FakeClock('2025-11-07T05:00:00Z');
  const settings = { ...TEST_TRAIN_SETTINGS, foldRows: { monthly: 1, daily: 63 } };
  const night = async (table: FakeTrainingTable, runId: string): Promise<StageResult> =>
    createTrainStage({
      warehouse: new FakeWarehouse([table]),
      artifacts,
      trainers: fakeTrainers(),
      clock,
      settings,
      foldCache: cache,
    })(stageContext({ runId, kind: 'train', horizon: '1m' }));
  let first: Map<string, readonly TrainJobSummary[]>;
  let unchanged: Map<string, readonly TrainJobSummary[]>;
  let revised: Map<string, readonly TrainJobSummary[]>;
  let revisedDate: string;
  beforeAll(async () => {
    const table = CbiTableBuilder.of('1m');
    first = jobsOf(await night(await table.fakeTable(21), '20251107_050000'));
    clock.advance(86_400_000);
    unchanged = jobsOf(await night(await table.fakeTable(21), '20251108_050000'));
    // the cut of the second fold: a validation row of that fold, a training row of every later one
    revisedDate = first.get('lightgbm')?.[2]?.cut_date ?? '';
    clock.advance(86_400_000);
    const revisedTable = await table.withRevision('crude_price', revisedDate, 1.02).fakeTable(21);
    revised = jobsOf(await night(revisedTable, '20251109_050000'));
  }, 180_000);

  it('the first night trains every job; the same table again reuses them all', () => {
    for (const library of ['lightgbm', 'xgboost']) {
      const jobs = first.get(library) ?? [];
      expect(jobs.length).toBeGreaterThanOrEqual(5); // the final model and 4 or 5 quarters
      expect(jobs.every((j) => j.status === 'trained')).toBe(true);
      expect(unchanged.get(library)?.map((j) => [j.job, j.status])).toEqual(
        jobs.map((j) => [j.job, 'reused']),
      );
    }
  });

  it('after the revision, the folds cut before and at the revised day are reused, the later ones and the final model trained', () => {
    for (const library of ['lightgbm', 'xgboost']) {
      const jobs = revised.get(library) ?? [];
      expect(jobs.map((j) => j.cut_date)).toEqual(first.get(library)?.map((j) => j.cut_date));
      expect(jobs.map((j) => [j.job, j.status])).toEqual(
        jobs.map((j) => [j.job, j.cut_date === null || j.cut_date > revisedDate ? 'trained' : 'reused']),
      );
      // both kinds are there: the revision sits inside the walk-forward, not before or after it
      expect(jobs.filter((j) => j.status === 'reused').length).toBeGreaterThanOrEqual(2);
      expect(jobs.filter((j) => j.cut_date !== null && j.status === 'trained').length).toBeGreaterThanOrEqual(
        2,
      );
    }
  });
});
