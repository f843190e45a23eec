import { readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsFoldModelCache } from '../../src/adapters/fs/fs-fold-model-cache.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { foldCacheKey, LAYOUT } from '../../src/domain/layout.js';
import { foldModelCacheContract } from '../../src/testing/contracts/fold-model-cache.contract.js';
import { FakeFoldModelCache } from '../../src/testing/fake-fold-model-cache.js';
import { tempHome } from '../support/temp-home.js';

foldModelCacheContract('fake', async (bounds) => {
  const cache = new FakeFoldModelCache(bounds);
  return { cache, damage: async (key) => cache.damage(key), dispose: async () => undefined };
});

foldModelCacheContract('fs', async (bounds) => {
  const { home, dispose } = await tempHome();
  return {
    cache: new FsFoldModelCache({ home, ...bounds }, new SystemClock()),
    damage: async (key) => {
      // a torn write: the file cut in the middle of the model
      const path = join(home, foldCacheKey(key));
      const length = (await readFile(path)).length;
      await truncate(path, Math.floor(length / 2) + 200);
    },
    dispose,
  };
});

describe('FsFoldModelCache on disk', () => {
  const entry = {
    key: 'e'.repeat(64),
    model: {
      library: 'xgboost' as const,
      libraryVersion: '3.2.0',
      format: 'xgboost-ubj' as const,
      content: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
      featureNames: ['a'],
    },
    trainRows: 10,
    trainSeconds: 1,
    trainedAt: '2026-12-07T01:02:03.000Z',
  };

  it("keeps its entries under the home's layout, with no temporary left behind", async () => {
    const { home, dispose } = await tempHome();
    try {
      await new FsFoldModelCache({ home, maxEntries: 10, maxBytes: 1e6 }, new SystemClock()).put(entry);
      expect(await readdir(join(home, LAYOUT.foldCache))).toEqual([`${'e'.repeat(64)}.fold`]);
    } finally {
      await dispose();
    }
  });

  it("never reads a crashed write's temporary, and a file whose bytes changed is not used", async () => {
    const { home, dispose } = await tempHome();
    try {
      const cache = new FsFoldModelCache({ home, maxEntries: 10, maxBytes: 1e6 }, new SystemClock());
      await cache.put(entry);
      const path = join(home, foldCacheKey(entry.key));
      const content = await readFile(path);
      // a crash before the rename leaves only a temporary: the key has nothing
      const other = 'f'.repeat(64);
      await writeFile(join(home, LAYOUT.foldCache, `.${other}.fold.tmp-1-a-1`), content.subarray(0, 10));
      expect(await cache.get(other)).toBeUndefined();
      // one model byte flipped (same length): the checksum refuses it
      content[content.length - 1] = 99;
      await writeFile(path, content);
      expect(await cache.get(entry.key)).toBeUndefined();
      expect(await readdir(join(home, LAYOUT.foldCache))).toEqual([`.${other}.fold.tmp-1-a-1`]);
    } finally {
      await dispose();
    }
  });
});
