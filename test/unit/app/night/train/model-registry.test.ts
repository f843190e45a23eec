import { beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../../src/app/night/train/model-registry.js';
import { ArtifactIoError, ModelCorruptError } from '../../../../../src/domain/errors.js';
import { FakeArtifactStore } from '../../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../../src/testing/fake-clock.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { runMlNight } from '../../../../support/ml-night.js';

describe('ModelRegistry', () => {
  let artifacts: FakeArtifactStore;
  let registry: ModelRegistry;
  beforeEach(async () => {
    artifacts = new FakeArtifactStore();
    registry = new ModelRegistry(artifacts);
    const table = (await SoyOilTableBuilder.load()).between('2010-01-01', '2020-12-01').build('1m');
    await runMlNight(
      { warehouse: new FakeWarehouse([table]), artifacts, clock: new FakeClock('2021-01-20T23:59:00Z') },
      { runId: '20210120_235900', horizons: ['1m'], stages: [] },
    );
  });

  it('lays versions out as Models/local/horizon_<h>/prod/<model>/<version>/ with champion.json per horizon', async () => {
    expect(await artifacts.list('Models/local/horizon_1m')).toEqual([
      'Models/local/horizon_1m/prod/champion.json',
      'Models/local/horizon_1m/prod/lightgbm/20210120_235900/metadata.json',
      'Models/local/horizon_1m/prod/lightgbm/20210120_235900/model.txt',
      'Models/local/horizon_1m/prod/xgboost/20210120_235900/metadata.json',
      'Models/local/horizon_1m/prod/xgboost/20210120_235900/model.json',
    ]);
  });

  it('lists only versions whose metadata was written', async () => {
    await artifacts.write(
      'Models/local/horizon_1m/prod/lightgbm/20210121_235900/model.txt',
      'half a version',
    );
    expect(await registry.versions('1m', 'lightgbm')).toEqual(['20210120_235900']);
  });

  it('loads the saved model with the feature names of its metadata', async () => {
    const metadata = await registry.metadata('1m', 'lightgbm', '20210120_235900');
    expect(metadata).toBeDefined();
    if (metadata === undefined) return;
    const model = await registry.loadModel(metadata);
    expect(model.featureNames).toEqual(metadata.feature_names);
    expect(model.format).toBe('lightgbm-text');
  });

  it('refuses unreadable metadata and champion files with an artifact error', async () => {
    await artifacts.write('Models/local/horizon_1m/prod/champion.json', '{"horizon": "1m"');
    await expect(registry.championRecord('1m')).rejects.toBeInstanceOf(ArtifactIoError);
    await artifacts.write(
      'Models/local/horizon_1m/prod/xgboost/20210120_235900/metadata.json',
      '{"schema_version": 2}',
    );
    await expect(registry.metadata('1m', 'xgboost', '20210120_235900')).rejects.toBeInstanceOf(
      ArtifactIoError,
    );
  });

  it('has no champion when the champion names a version that is gone', async () => {
    await artifacts.remove('Models/local/horizon_1m/prod/lightgbm/20210120_235900');
    expect(await registry.champion('1m')).toBeUndefined();
  });
});

describe('ModelRegistry: model files held to their sha256', () => {
  it('refuses to load a model file damaged since it was saved, and sets a version aside without deleting it', async () => {
    const artifacts = new FakeArtifactStore();
    const registry = new ModelRegistry(artifacts);
    const table = (await SoyOilTableBuilder.load()).between('2010-01-01', '2020-12-01').build('1m');
    await runMlNight(
      { warehouse: new FakeWarehouse([table]), artifacts, clock: new FakeClock('2021-01-20T23:59:00Z') },
      { runId: '20210120_235900', horizons: ['1m'], stages: [] },
    );
    const metadata = await registry.metadata('1m', 'lightgbm', '20210120_235900');
    if (metadata === undefined) throw new Error('no version');
    expect(metadata.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(registry.loadModel(metadata)).resolves.toMatchObject({ library: 'lightgbm' });
    const key = 'Models/local/horizon_1m/prod/lightgbm/20210120_235900/model.txt';
    const original = (await artifacts.read(key)) ?? new Uint8Array();
    await artifacts.write(key, original.slice(0, Math.floor(original.length / 2))); // cut in half
    await expect(registry.loadModel(metadata)).rejects.toBeInstanceOf(ModelCorruptError);
    await expect(registry.loadModel(metadata)).rejects.toThrow(
      /does not match the sha256 recorded when it was saved/,
    );

    const folder = await registry.setAside(metadata, 'test', new Date('2021-01-21T00:00:00Z'));
    expect(folder).toBe('Models/local/horizon_1m/prod/set_aside/lightgbm/20210120_235900');
    expect(await registry.versions('1m', 'lightgbm')).toEqual([]);
    expect(await artifacts.list(folder)).toEqual([
      `${folder}/metadata.json`,
      `${folder}/model.txt`,
      `${folder}/set_aside.json`,
    ]);
    expect(await artifacts.read(`${folder}/model.txt`)).toEqual(
      original.slice(0, Math.floor(original.length / 2)),
    );
  });
});
