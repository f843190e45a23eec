import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { xgBoostDriver } from '../../src/adapters/booster/xgboost/xgboost-driver.js';
import { FsFoldModelCache } from '../../src/adapters/fs/fs-fold-model-cache.js';
import { ModelRegistry } from '../../src/app/night/train/model-registry.js';
import { createTrainStage } from '../../src/app/night/stages/train-stage.js';
import type { StageResult } from '../../src/app/night/stage.js';
import { isBlockedTraining, type TrainJobSummary } from '../../src/domain/night/stage-details.js';
import type { FoldModelCache } from '../../src/ports/fold-model-cache.port.js';
import type { ModelTrainer } from '../../src/ports/model-trainer.port.js';
import { FakeArtifactStore } from '../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FakeWarehouse, type FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { cacheDir, libraryAbsence } from '../support/booster-cli.js';
import { EMBEDDED_DAILY_SETTINGS } from '../support/ml-night.js';
import { tempHome } from '../support/temp-home.js';

const LIBRARIES = ['lightgbm', 'xgboost'] as const;
const absent = libraryAbsence('lightgbm') ?? libraryAbsence('xgboost');

/** The embedded preset with the default walk-forward on daily data (4 x 63 rows: calendar quarters). */
interface Night {
  readonly result: StageResult;
  readonly artifacts: FakeArtifactStore;
}

function jobsOf(result: StageResult): Map<string, readonly TrainJobSummary[]> {
  const details = result.details;
  if (details === undefined || !('models' in details) || isBlockedTraining(details))
    throw new Error(`the horizon did not train: ${result.status}`);
  return new Map(details.models.map((m) => [m.model, 'jobs' in m ? (m.jobs ?? []) : []]));
}

/**
 * Nights on CBI-V14's real 1m table with the real boosters (embedded preset) and the fold cache,
 * each compared with a night that trained everything on the same table from scratch.
 *
 * As the table is: the first night on the table less its newest trading day, the second on the
 * whole table. The newest rows carry no trusted target (the target is 30 trading days ahead), so
 * the day added changes no training row: every fold and the final model are loaded, not trained.
 *
 * As it stood on 2025-08-29, when a new day brings the target of the row 30 days before it: the
 * first night on the table to 2025-08-28, the second to 2025-08-29. The final model trains on the
 * one more labelled row; every fold whose cut the first night knew is loaded (the cuts are
 * calendar quarters and did not move); a fold whose quarter begins that day trains.
 *
 * In both, the second night's models and walk-forward forecasts are byte for byte those of the
 * night trained from scratch.
 */
describe.skipIf(absent !== undefined)(
  `a night with one more trading day reuses the folds of the night before${absent === undefined ? '' : ` (skipped: ${absent})`}`,
  () => {
    let home: { home: string; dispose(): Promise<void> };
    const scenarios = new Map<string, { first: Night; cached: Night; scratch: Night }>();
    beforeAll(async () => {
      home = await tempHome();
      const logger = new FakeLogger();
      const trainers: ModelTrainer[] = [
        new ChildProcessTrainer(lightGbmDriver, { cacheDir }, logger),
        new ChildProcessTrainer(xgBoostDriver, { cacheDir }, logger),
      ];
      const clock = new FakeClock('2025-08-29T05:00:00Z');
      const cache = new FsFoldModelCache({ home: home.home, maxEntries: 500, maxBytes: 1e10 }, clock);
      const night = async (
        data: FakeTrainingTable,
        runId: string,
        artifacts: FakeArtifactStore,
        foldCache?: FoldModelCache,
      ): Promise<Night> => {
        const stage = createTrainStage({
          warehouse: new FakeWarehouse([data]),
          artifacts,
          trainers,
          clock,
          settings: EMBEDDED_DAILY_SETTINGS,
          ...(foldCache === undefined ? {} : { foldCache }),
        });
        return { result: await stage(stageContext({ runId, kind: 'train', horizon: '1m' })), artifacts };
      };
      const table = CbiTableBuilder.of('1m');
      const twoNights = async (before: CbiTableBuilder, after: CbiTableBuilder, day: string) => {
        const shared = new FakeArtifactStore();
        const first = await night(await before.fakeTable(21), `${day}_040000`, shared, cache);
        clock.advance(86_400_000);
        const whole = await after.fakeTable(21);
        const cached = await night(whole, `${day}_050000`, shared, cache);
        const scratch = await night(whole, `${day}_050000`, new FakeArtifactStore());
        return { first, cached, scratch };
      };
      scenarios.set(
        '2025-08-29',
        await twoNights(
          table.between('2000-01-01', '2025-08-28'),
          table.between('2000-01-01', '2025-08-29'),
          '20250829',
        ),
      );
      scenarios.set('whole', await twoNights(table.withoutNewest(1), table, '20251107'));
    }, 1_200_000);
    afterAll(async () => {
      await home?.dispose();
    });

    it('the table as it is: the newest day brings no trusted target, so every fold and the final model are loaded', () => {
      const { first, cached } = scenarios.get('whole') ?? {};
      if (first === undefined || cached === undefined) throw new Error('no nights');
      for (const library of LIBRARIES) {
        const before = jobsOf(first.result).get(library) ?? [];
        const after = jobsOf(cached.result).get(library) ?? [];
        expect(after.length).toBeGreaterThanOrEqual(5);
        expect(after.map((j) => [j.job, j.cut_date, j.train_rows, j.status])).toEqual(
          before.map((j) => [j.job, j.cut_date, j.train_rows, 'reused']),
        );
      }
    });

    it('on 2025-08-29: the final model trains on the new labelled row, and every fold whose cut was known is loaded', () => {
      const { first, cached } = scenarios.get('2025-08-29') ?? {};
      if (first === undefined || cached === undefined) throw new Error('no nights');
      for (const library of LIBRARIES) {
        const before = jobsOf(first.result).get(library) ?? [];
        const after = jobsOf(cached.result).get(library) ?? [];
        const final = after.find((j) => j.job === 'final');
        expect(final?.status).toBe('trained');
        expect(final?.train_rows).toBe((before.find((j) => j.job === 'final')?.train_rows ?? 0) + 1);
        const folds = after.filter((j) => j.cut_date !== null);
        expect(folds.length).toBeGreaterThanOrEqual(4);
        for (const fold of folds) {
          const known = before.some((j) => j.cut_date === fold.cut_date);
          expect([fold.cut_date, fold.status]).toEqual([fold.cut_date, known ? 'reused' : 'trained']);
        }
        expect(folds.filter((j) => j.status === 'reused').length).toBeGreaterThanOrEqual(4);
      }
    });

    it.each(['whole', '2025-08-29'])(
      '%s: the models and walk-forward forecasts are identical to a night that trained everything',
      async (name) => {
        const { cached, scratch } = scenarios.get(name) ?? {};
        if (cached === undefined || scratch === undefined) throw new Error('no nights');
        for (const library of LIBRARIES) {
          const fromCache = await new ModelRegistry(cached.artifacts).latest('1m', library);
          const fresh = await new ModelRegistry(scratch.artifacts).latest('1m', library);
          if (fromCache === undefined || fresh === undefined) throw new Error(`${library}: no model`);
          expect(fromCache.folds.length).toBeGreaterThan(200);
          expect(fromCache.folds).toEqual(fresh.folds);
          expect(fromCache.metrics).toEqual(fresh.metrics);
          expect(fromCache.skill).toEqual(fresh.skill);
          const a = await new ModelRegistry(cached.artifacts).loadModel(fromCache);
          const b = await new ModelRegistry(scratch.artifacts).loadModel(fresh);
          expect(Buffer.from(a.content).equals(Buffer.from(b.content))).toBe(true);
        }
        // and nothing was reused by the night that had no cache
        for (const jobs of jobsOf(scratch.result).values())
          expect(jobs.every((j) => j.status === 'trained')).toBe(true);
      },
    );
  },
);
