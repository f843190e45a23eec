import { describe, expect, it } from 'vitest';
import { createTrainStage } from '../../../../../src/app/night/stages/train-stage.js';
import type { StageProgress } from '../../../../../src/domain/night/stage-progress.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { fakeTrainers, soyOilWorld, TEST_TRAIN_SETTINGS } from '../../../../support/ml-night.js';

describe('train stage progress', () => {
  it('tells the library, the fold at work and the rounds done, up to every job of every library', async () => {
    const world = soyOilWorld((await SoyOilTableBuilder.load()).between('1990-01-01', '2021-01-01'));
    const seen: StageProgress[] = [];
    const train = createTrainStage({
      ...world,
      trainers: fakeTrainers(),
      settings: { ...TEST_TRAIN_SETTINGS, parallelJobs: 1 },
    });
    const result = await train({
      ...stageContext({ runId: '20210120_235900', kind: 'train', horizon: '1m' }),
      progress: (p) => seen.push(p),
    });
    expect(result.status).toBe('succeeded');
    for (const library of ['lightgbm', 'xgboost']) {
      const mine = seen.filter((p) => p.library === library);
      const jobs = TEST_TRAIN_SETTINGS.folds + 1;
      const rounds = jobs * (TEST_TRAIN_SETTINGS.libraries.lightgbm?.rounds ?? 0);
      expect(mine.at(-1)).toMatchObject({ jobsDone: jobs, jobs, roundsDone: rounds, rounds, fold: null });
      // one job at a time: folds 1..6 in order, then the final model
      const folds = [...new Set(mine.map((p) => p.fold))];
      expect(folds).toEqual([1, 2, 3, 4, 5, 6, null]);
      const done = mine.map((p) => p.roundsDone);
      expect(done).toEqual([...done].sort((a, b) => a - b));
    }
  });
});
