import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import type { StageResult } from '../../src/app/night/stage.js';
import { readPredictionsFile } from '../../src/app/night/stages/predictions-file.js';
import { ModelRegistry } from '../../src/app/night/train/model-registry.js';
import { championKey } from '../../src/domain/layout.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeWarehouse } from '../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { runMlNight } from '../support/ml-night.js';
import { tempHome } from '../support/temp-home.js';

/**
 * The champion's model file damaged on disk between two nights: the next night still publishes
 * a forecast from a valid model, sets the damaged version aside (kept, not deleted), says so, and
 * the champion record no longer points at it.
 */
describe('a corrupt champion model file', () => {
  let home: { home: string; dispose(): Promise<void> };
  let artifacts: FsArtifactStore;
  let night2: Map<string, StageResult>;
  let damaged: Uint8Array;
  const corruptDir = 'Models/local/horizon_1m/prod/lightgbm/night1';
  beforeAll(async () => {
    home = await tempHome();
    artifacts = new FsArtifactStore({ home: home.home });
    const table = (await SoyOilTableBuilder.load()).between('2005-01-01', '2020-12-01').build('1m');
    const world = {
      warehouse: new FakeWarehouse([table]),
      artifacts,
      clock: new FakeClock('2021-01-20T23:59:00Z'),
    };
    await runMlNight(world, { runId: 'night1', horizons: ['1m'], stages: ['predict', 'upload'] });
    expect(JSON.parse(await readFile(join(home.home, championKey('1m')), 'utf8'))).toMatchObject({
      model_name: 'lightgbm',
      version: 'night1',
    });
    // a disk error flips bytes in the middle of the champion's model file
    const path = join(home.home, corruptDir, 'model.txt');
    const bytes = new Uint8Array(await readFile(path));
    bytes.fill(0x20, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 64);
    await writeFile(path, bytes);
    damaged = bytes;
    world.clock.advance(86_400_000);
    night2 = await runMlNight(world, { runId: 'night2', horizons: ['1m'] });
  }, 120_000);
  afterAll(() => home.dispose());

  it("keeps the champion through tonight's training (tonight's models are no better on the same folds)", () => {
    expect(night2.get('train_1m')?.details).toMatchObject({ promoted: false });
  });

  it('publishes tonight from a valid model with skill', async () => {
    expect(night2.get('predict')?.status).toBe('succeeded');
    const rows = (await readPredictionsFile(artifacts, 'night2'))?.rows ?? [];
    const published = rows.filter((r) => r.is_champion);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ horizon: '1m', has_skill: true });
    expect(published[0]?.model_version).toBe('night2');
    expect(rows.some((r) => r.model_version === 'night1')).toBe(false);
  });

  it('sets the corrupt version aside, not deleted, and reports it', async () => {
    const setAside = 'Models/local/horizon_1m/prod/set_aside/lightgbm/night1';
    expect(await artifacts.exists(`${corruptDir}/metadata.json`)).toBe(false);
    expect(await artifacts.read(`${setAside}/model.txt`)).toEqual(damaged);
    expect(await artifacts.exists(`${setAside}/metadata.json`)).toBe(true);
    const reason = JSON.parse(
      new TextDecoder().decode(await artifacts.read(`${setAside}/set_aside.json`)),
    ) as unknown;
    expect(reason).toMatchObject({ reason: expect.stringMatching(/does not match the sha256/) });
    expect(night2.get('predict')?.details).toMatchObject({
      horizons: {
        '1m': {
          corrupt_champion: {
            set_aside: setAside,
            error: expect.stringMatching(/lightgbm\/night1\/model\.txt does not match the sha256/),
            replaced_by: { version: 'night2' },
          },
        },
      },
    });
  });

  it('no longer names the corrupt version as champion', async () => {
    const champion = await new ModelRegistry(artifacts).championRecord('1m');
    expect(champion?.version).toBe('night2');
    expect(champion?.reason).toMatch(/replaces lightgbm night1, set aside/);
  });
});
