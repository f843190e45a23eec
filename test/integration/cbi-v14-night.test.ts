import { ContainerModule } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAutopilot } from '../../src/autopilot.js';
import { loadConfig } from '../../src/app/config/load-config.js';
import { HORIZONS, type Horizon } from '../../src/domain/horizon.js';
import { stageDetails, type RunRecord } from '../../src/domain/night/run.js';
import { isBlockedTraining } from '../../src/domain/night/stage-details.js';
import { MODEL_TRAINERS } from '../../src/ports/model-trainer.port.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI_DIR } from '../builders/cbi-table.builder.js';
import { fakeTrainers } from '../support/ml-night.js';
import { tempHome } from '../support/temp-home.js';

/**
 * A whole night on CBI-V14's production tables as `cbi run` runs it (the one-liner
 * CBI_SOURCE_KIND=tables CBI_SOURCE_DIR=data/cbi-v14), with the fake learner standing in for the
 * boosters (the real ones are in bench/nightly-run.bench.mjs): all five horizons, 1w included,
 * trained with both libraries on the rows the gate trusts, and the run's record saying which
 * defects were found where.
 */
describe('a night on CBI-V14 production tables', () => {
  let home: { home: string; dispose(): Promise<void> };
  let run: RunRecord;
  beforeAll(async () => {
    home = await tempHome();
    const config = await loadConfig({
      home: home.home,
      // the tables end in 2025: their forecasts published flagged stale (vitest.config.ts)
      env: {
        CBI_SOURCE_KIND: 'tables',
        CBI_SOURCE_DIR: CBI_DIR,
        CBI_STALE_FORECASTS: 'flag',
        CBI_MIN_CURRENT_HORIZONS: '0',
      },
    });
    const trainers = new ContainerModule((options) => {
      options.rebind(MODEL_TRAINERS).toConstantValue(fakeTrainers());
    });
    const autopilot = await openAutopilot({ config, logger: new FakeLogger(), modules: [trainers] });
    run = await autopilot.runNight().finally(() => autopilot.close());
  }, 300_000);
  afterAll(() => home.dispose());

  it('trains both libraries on all five horizons, 1w included, and publishes what the data allows', () => {
    expect(run.stages.map((s) => [s.name, s.status])).toEqual([
      ['export', 'succeeded'],
      ['quality', 'succeeded'],
      ['train_1w', 'succeeded'],
      ['train_1m', 'succeeded'],
      ['train_3m', 'succeeded'],
      ['train_6m', 'succeeded'],
      ['train_12m', 'succeeded'],
      ['predict', 'succeeded'],
      ['upload', 'succeeded'],
      ['evaluate', 'succeeded'],
    ]);
    for (const horizon of HORIZONS) {
      const train = stageDetails(run, 'train', horizon);
      if (train === undefined || isBlockedTraining(train)) throw new Error(`${horizon} did not train`);
      expect(train.models.map((m) => [m.model, m.status])).toEqual([
        ['lightgbm', 'trained'],
        ['xgboost', 'trained'],
      ]);
      expect(train).toMatchObject({ frequency: 'daily', quality: { verdict: 'trimmed' } });
    }
    // only 1m's newest trusted row is recent: the others say why they publish nothing tonight
    const predict = stageDetails(run, 'predict');
    expect(predict?.not_forecast).toEqual([
      expect.stringMatching(/^1w: the newest trusted row, 2025-10-13, is 18 periods before/),
      expect.stringMatching(/^3m: the newest trusted row, 2025-06-13/),
      expect.stringMatching(/^6m: the newest trusted row, 2025-02-04/),
      expect.stringMatching(/^12m: the newest trusted row, 2025-02-04/),
    ]);
    expect(predict?.horizons).toMatchObject({ '1m': { as_of_date: '2025-11-05', lead: 30 } });
  });

  it("says in the run's record which defects the gate found in which table, with their rows", () => {
    const quality = stageDetails(run, 'quality');
    const found = (horizon: Horizon, rule: string) =>
      quality?.tables[horizon]?.findings.filter((f) => f.rule === rule) ?? [];
    expect(found('1w', 'stale_price')).toMatchObject([{ rows: 24 }]);
    expect(found('3m', 'stale_price')).toMatchObject([{ rows: 146 }]);
    expect(found('12m', 'stale_price')).toMatchObject([{ rows: 275 }]);
    expect(found('1m', 'non_trading_days')).toMatchObject([{ rows: 16 }]);
    expect(found('1m', 'jumps')).toMatchObject([{ rows: 1 }]);
    expect(
      found('6m', 'target_lead')
        .map((f) => f.message)
        .join(' '),
    ).toMatch(/180 rows after the row/);
    expect(quality?.report).toBe('TrainingData/exports/quality_report.json');
  });
});
