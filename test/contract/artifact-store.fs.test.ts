import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import { artifactStoreContract } from '../../src/testing/contracts/artifact-store.contract.js';
import { tempHome } from '../support/temp-home.js';

artifactStoreContract('fs', async () => {
  const { home, dispose } = await tempHome();
  return { store: new FsArtifactStore({ home }), dispose };
});

describe('FsArtifactStore (fs only)', () => {
  it('keeps each key as the file of the same path under the home, with no temporary file left', async () => {
    const { home, dispose } = await tempHome();
    try {
      const store = new FsArtifactStore({ home });
      await store.write('TrainingData/exports/a.json', '{}');
      const staged = await store.stage('TrainingData/exports/b.parquet');
      await store.write('TrainingData/exports/b.parquet', 'old');
      await staged.discard();
      expect(await store.localPath('TrainingData/exports/a.json')).toBe(
        join(home, 'TrainingData', 'exports', 'a.json'),
      );
      expect((await readdir(join(home, 'TrainingData', 'exports'))).sort()).toEqual(['a.json', 'b.parquet']);
    } finally {
      await dispose();
    }
  });
});
