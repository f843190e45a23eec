import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainStage } from '../../../../../src/app/night/stages/train-stage.js';
import type { ModelTrainer, TrainRequest } from '../../../../../src/ports/model-trainer.port.js';
import { FakeArtifactStore } from '../../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../../src/testing/fake-clock.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { BiasedTrainer, fakeTrainers, TEST_TRAIN_SETTINGS } from '../../../../support/ml-night.js';

/** A learner whose training takes 10 ms of the clock per row, and that remembers each job's limit. */
class TimedTrainer extends BiasedTrainer {
  readonly limits: { rows: number; timeoutMs: number }[] = [];
  constructor(
    inner: ModelTrainer,
    private readonly clock: FakeClock,
  ) {
    super(inner, 0);
  }
  override async train(request: TrainRequest) {
    this.limits.push({ rows: request.labels.length, timeoutMs: request.timeoutMs });
    this.clock.advance(request.labels.length * 10);
    return super.train(request);
  }
}

/** The fixed limit, below the ceiling (a ceiling never lowers a fixed limit above it). */
const FIXED_MS = 5_000;

describe('job timeouts from earlier nights', () => {
  const jobTimeout = { factor: 4, floorMs: 1_000, ceilingMs: 7_600 };
  let first: TimedTrainer[];
  let second: TimedTrainer[];
  beforeAll(async () => {
    const soyOil = (await SoyOilTableBuilder.load()).between('2005-01-01', '2020-12-01');
    const clock = new FakeClock('2026-11-29T23:59:00Z');
    const artifacts = new FakeArtifactStore();
    const night = async (runId: string) => {
      const trainers = fakeTrainers().map((t) => new TimedTrainer(t, clock));
      const result = await createTrainStage({
        warehouse: new FakeWarehouse([soyOil.build('1m')]),
        artifacts,
        trainers,
        clock,
        // one job at a time: each job's clock time is its own
        settings: { ...TEST_TRAIN_SETTINGS, parallelJobs: 1, jobTimeoutMs: FIXED_MS, jobTimeout },
      })(stageContext({ runId, kind: 'train', horizon: '1m' }));
      expect(result.status).toBe('succeeded');
      return trainers;
    };
    first = await night('20261129_235900');
    clock.advance(86_400_000);
    second = await night('20261130_235900');
  });

  it('the first night, with nothing measured, gives every job the fixed limit', () => {
    for (const trainer of first)
      expect(new Set(trainer.limits.map((l) => l.timeoutMs))).toEqual(new Set([FIXED_MS]));
  });

  it("the next night gives each job factor x its rows' measured cost, within the floor and the ceiling", () => {
    for (const trainer of second) {
      expect(trainer.limits.length).toBe(7);
      for (const { rows, timeoutMs } of trainer.limits) {
        // 10 ms a row measured: 4 x 10 ms x rows, the jobs train on 185 to 191 rows: 7.4 to 7.64 s before the ceiling
        expect(timeoutMs).toBe(Math.min(7_600, Math.max(1_000, 4 * 10 * rows)));
      }
      expect(trainer.limits.some((l) => l.timeoutMs === 7_600)).toBe(true);
      expect(trainer.limits.some((l) => l.timeoutMs < 7_600)).toBe(true);
    }
  });
});
