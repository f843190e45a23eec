import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPredictionsFile } from '../../../../../src/app/night/stages/predictions-file.js';
import { createUploadStage } from '../../../../../src/app/night/stages/upload-stage.js';
import { ArtifactIoError } from '../../../../../src/domain/errors.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { runMlNight, soyOilWorld, type MlWorld } from '../../../../support/ml-night.js';

describe('createUploadStage', () => {
  let soyOil: SoyOilTableBuilder;
  let world: MlWorld;
  const upload = (runId: string) =>
    createUploadStage(world)(stageContext({ runId, kind: 'upload', horizons: ['1m', '3m'] }));

  beforeAll(async () => {
    soyOil = (await SoyOilTableBuilder.load()).between('2005-01-01', '2020-12-01');
  });
  beforeEach(() => {
    world = soyOilWorld(soyOil);
  });

  it("writes the run's forecasts, every model's, with the champion's marked", async () => {
    await runMlNight(world, { runId: 'night1', horizons: ['1m', '3m'], stages: ['predict'] });
    const result = await upload('night1');
    expect(result).toEqual({
      status: 'succeeded',
      details: { rows: 4, champion_rows: 2, already_stored: 0, horizons: ['1m', '3m'] },
    });
    const stored = await world.warehouse.readPredictions('1m');
    expect(stored).toEqual(
      (await readPredictionsFile(world.artifacts, 'night1'))?.rows.filter((r) => r.horizon === '1m'),
    );
    expect((await world.warehouse.readLatestPredictions('1m')).map((r) => r.model_name)).toEqual([
      'lightgbm',
    ]);
  });

  it('does not duplicate a row when the same run uploads twice', async () => {
    await runMlNight(world, { runId: 'night1', horizons: ['1m', '3m'], stages: ['predict'] });
    await upload('night1');
    await upload('night1');
    expect(await world.warehouse.readPredictions('1m')).toHaveLength(2);
    expect(await world.warehouse.readPredictions('3m')).toHaveLength(2);
  });

  it("keeps an earlier run's rows next to this run's", async () => {
    await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: ['predict', 'upload'] });
    world.clock.advance(86_400_000);
    await runMlNight(world, { runId: 'night2', horizons: ['1m'], stages: ['predict', 'upload'] });
    const rows = await world.warehouse.readPredictions('1m');
    // night 2 retrained: its new versions' forecasts are stored; the kept champion's forecast
    // (night 1's lightgbm, same as-of date, same value) was already stored by night 1
    expect(rows.map((r) => [r.run_id, r.model_name, r.model_version, r.is_champion])).toEqual([
      ['night1', 'lightgbm', 'night1', true],
      ['night1', 'xgboost', 'night1', false],
      ['night2', 'lightgbm', 'night2', false],
      ['night2', 'xgboost', 'night2', false],
    ]);
  });

  it('does not store again a forecast that an earlier run on the same data stored', async () => {
    await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: ['predict', 'upload'] });
    world.clock.advance(3_600_000);
    // a second run on the same data: training reused, so the same versions forecast the same values
    const earlier = await runMlNight(world, {
      runId: 'night1b',
      horizons: ['1m'],
      stages: ['predict', 'upload'],
      reuseWithinMs: 6 * 3_600_000,
    });
    expect(earlier.get('train_1m')?.details).toMatchObject({ reused: true });
    expect(earlier.get('upload')).toMatchObject({ details: { rows: 0, already_stored: 2 } });
    expect((await world.warehouse.readPredictions('1m')).map((r) => r.run_id)).toEqual(['night1', 'night1']);
  });

  it('fails with a clear error when the predict stage wrote nothing', async () => {
    await expect(upload('night9')).rejects.toBeInstanceOf(ArtifactIoError);
    await expect(upload('night9')).rejects.toThrow(/Models\/local\/predictions\/night9\.json is missing/);
  });
});
