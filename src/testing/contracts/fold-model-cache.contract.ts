import { afterEach, describe, expect, it } from 'vitest';
import type { FoldModelEntry } from '../../domain/model/fold-model-entry.js';
import type { FoldModelCache } from '../../ports/fold-model-cache.port.js';
import { contractTitle } from './contract-title.js';

export interface FoldModelCacheSubject {
  readonly cache: FoldModelCache;
  /** Damages the stored entry the way a torn write or a bad block would (cut short, bytes changed). */
  damage(key: string): Promise<void>;
  dispose(): Promise<void>;
}

export interface FoldModelCacheBounds {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

/** A key made of one hex digit repeated: `keyOf('a')` is 64 a's. */
function keyOf(digit: string): string {
  return digit.repeat(64);
}

/** An entry whose model is `bytes` bytes of `fill` (the cache never reads a model's content). */
function entry(digit: string, bytes = 1000, fill = 7): FoldModelEntry {
  return {
    key: keyOf(digit),
    model: {
      library: 'lightgbm',
      libraryVersion: '4.1.0.99',
      format: 'lightgbm-text',
      content: new Uint8Array(bytes).fill(fill),
      featureNames: ['zl_ret_5', 'spread_zl_crude'],
    },
    trainRows: 1180,
    trainSeconds: 12.5,
    trainedAt: '2026-12-07T01:02:03.000Z',
  };
}

/** What every FoldModelCache must do; run against the fake and the fs adapter. */
export function foldModelCacheContract(
  name: string,
  create: (bounds: FoldModelCacheBounds) => Promise<FoldModelCacheSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('FoldModelCache', name, skip), () => {
    let subject: FoldModelCacheSubject | undefined;
    const open = async (bounds: FoldModelCacheBounds = { maxEntries: 100, maxBytes: 1e9 }) => {
      subject = await create(bounds);
      return subject;
    };
    afterEach(async () => {
      await subject?.dispose();
      subject = undefined;
    });

    it('finds nothing under a key never stored', async () => {
      const { cache } = await open();
      expect(await cache.get(keyOf('0'))).toBeUndefined();
    });

    it('gives back what was stored, the model byte for byte', async () => {
      const { cache } = await open();
      const stored = entry('a', 5000, 42);
      await cache.put(stored);
      const found = await cache.get(stored.key);
      expect(found).toEqual(stored);
      expect(Buffer.from(found?.model.content ?? []).equals(Buffer.from(stored.model.content))).toBe(true);
    });

    it('replaces an entry stored again under the same key', async () => {
      const { cache } = await open();
      await cache.put(entry('a', 10, 1));
      await cache.put(entry('a', 20, 2));
      expect((await cache.get(keyOf('a')))?.model.content).toEqual(new Uint8Array(20).fill(2));
    });

    it('never returns a damaged entry: it reads as missing, and the key can be stored again', async () => {
      const { cache, damage } = await open();
      await cache.put(entry('b'));
      await damage(keyOf('b'));
      expect(await cache.get(keyOf('b'))).toBeUndefined();
      expect(await cache.get(keyOf('b'))).toBeUndefined();
      await cache.put(entry('b'));
      expect(await cache.get(keyOf('b'))).toEqual(entry('b'));
    });

    it('keeps at most its entries, evicting the least recently used first', async () => {
      const { cache } = await open({ maxEntries: 2, maxBytes: 1e9 });
      await cache.put(entry('a'));
      await cache.put(entry('b'));
      await cache.get(keyOf('a')); // b is now the least recently used
      await cache.put(entry('c'));
      expect(await cache.get(keyOf('b'))).toBeUndefined();
      expect(await cache.get(keyOf('a'))).toBeDefined();
      expect(await cache.get(keyOf('c'))).toBeDefined();
    });

    it('keeps at most its bytes, and always the entry just stored', async () => {
      const { cache } = await open({ maxEntries: 100, maxBytes: 25_000 });
      await cache.put(entry('a', 10_000));
      await cache.put(entry('b', 10_000));
      await cache.put(entry('c', 10_000));
      expect(await cache.get(keyOf('a'))).toBeUndefined();
      expect(await cache.get(keyOf('b'))).toBeDefined();
      expect(await cache.get(keyOf('c'))).toBeDefined();
      await cache.put(entry('d', 40_000)); // more than the bound alone: it stays, the others go
      expect(await cache.get(keyOf('d'))).toBeDefined();
      expect(await cache.get(keyOf('b'))).toBeUndefined();
    });

    it('refuses a key that is not a sha256 (a key never names a path)', async () => {
      const { cache } = await open();
      await expect(cache.get('../../etc/passwd')).rejects.toBeInstanceOf(RangeError);
      await expect(cache.put({ ...entry('a'), key: 'A'.repeat(64) })).rejects.toBeInstanceOf(RangeError);
    });
  });
}
