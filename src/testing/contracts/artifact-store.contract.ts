import { access, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArtifactIoError } from '../../domain/errors.js';
import type { ArtifactStore } from '../../ports/artifact-store.port.js';
import { contractTitle } from './contract-title.js';

export interface ArtifactStoreSubject {
  /** An empty store. */
  readonly store: ArtifactStore;
  dispose(): Promise<void>;
}

const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

/** Whether a local file exists (the staged and local paths an ArtifactStore hands out). */
async function fileExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * What every ArtifactStore guarantees: whole, atomic writes; staged writes that readers see only
 * once committed; sorted, folder-like listing; prefix removal; local paths for file-reading tools.
 */
export function artifactStoreContract(
  name: string,
  create: () => Promise<ArtifactStoreSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('ArtifactStore', name, skip), () => {
    let subject: ArtifactStoreSubject;
    let store: ArtifactStore;
    beforeEach(async () => {
      subject = await create();
      store = subject.store;
    });
    afterEach(async () => subject.dispose());

    it('has nothing under a key never written', async () => {
      expect(await store.read('TrainingData/exports/none.parquet')).toBeUndefined();
      expect(await store.exists('TrainingData/exports/none.parquet')).toBe(false);
      expect(await store.localPath('TrainingData/exports/none.parquet')).toBeUndefined();
      expect(await store.list('TrainingData')).toEqual([]);
    });

    it('reads back the exact bytes written, and text as UTF-8', async () => {
      const bytes = Uint8Array.from([0, 1, 2, 127, 128, 254, 255, 10, 13, 0]);
      await store.write('Models/local/model.bin', bytes);
      await store.write('Logs/nightly/report.txt', 'soybean oil — 1 046,5 $/t\n');
      expect(await store.read('Models/local/model.bin')).toEqual(bytes);
      expect(text(await store.read('Logs/nightly/report.txt'))).toBe('soybean oil — 1 046,5 $/t\n');
      expect(await store.exists('Models/local/model.bin')).toBe(true);
    });

    it('replaces the whole content on a later write (no tail of the longer old one)', async () => {
      await store.write('Logs/nightly/report.txt', 'a much longer first version');
      await store.write('Logs/nightly/report.txt', 'short');
      expect(text(await store.read('Logs/nightly/report.txt'))).toBe('short');
    });

    it('keeps its own copy: changing a buffer written or read leaves the stored content alone', async () => {
      const written = Uint8Array.from([1, 2, 3]);
      await store.write('k/a.bin', written);
      written[0] = 9;
      const read = await store.read('k/a.bin');
      if (read !== undefined) read[1] = 9;
      expect(await store.read('k/a.bin')).toEqual(Uint8Array.from([1, 2, 3]));
    });

    it('lists the keys under a folder-like prefix, nested ones too, sorted, and none of a sibling', async () => {
      for (const key of [
        'Models/local/horizon_3m/prod/champion.json',
        'Models/local/horizon_1m/prod/lightgbm/v2/model.txt',
        'Models/local/horizon_1m/prod/champion.json',
        'Models/local/horizon_12m/prod/champion.json',
        'Models/localcopy/x.json',
        'Models/local.json',
      ])
        await store.write(key, key);
      const expected = [
        'Models/local/horizon_12m/prod/champion.json',
        'Models/local/horizon_1m/prod/champion.json',
        'Models/local/horizon_1m/prod/lightgbm/v2/model.txt',
        'Models/local/horizon_3m/prod/champion.json',
      ];
      expect(await store.list('Models/local')).toEqual(expected);
      expect(await store.list('Models/local/')).toEqual(expected);
      expect(await store.list('Models/local/horizon_1m/prod/lightgbm')).toEqual([
        'Models/local/horizon_1m/prod/lightgbm/v2/model.txt',
      ]);
    });

    it('lists every key under the empty prefix, and nothing under a key or an unknown prefix', async () => {
      await store.write('b/2.txt', '2');
      await store.write('a/1.txt', '1');
      await store.write('c.txt', '3');
      expect(await store.list('')).toEqual(['a/1.txt', 'b/2.txt', 'c.txt']);
      expect(await store.list('a/1.txt')).toEqual([]);
      expect(await store.list('nothing/here')).toEqual([]);
    });

    it('removes a key, or a folder-like prefix with everything under it; a missing key is fine', async () => {
      for (const key of ['x/keep.txt', 'x/old/1.txt', 'x/old/deep/2.txt', 'x/older.txt'])
        await store.write(key, key);
      await store.remove('x/old');
      expect(await store.list('x')).toEqual(['x/keep.txt', 'x/older.txt']);
      expect(await store.exists('x/old/1.txt')).toBe(false);
      await store.remove('x/older.txt');
      expect(await store.list('x')).toEqual(['x/keep.txt']);
      await expect(store.remove('x/never-written.txt')).resolves.toBeUndefined();
      await expect(store.remove('nowhere/at/all')).resolves.toBeUndefined();
      expect(text(await store.read('x/keep.txt'))).toBe('x/keep.txt');
    });

    it('shows a staged write to nobody until it is committed, then whole', async () => {
      const key = 'TrainingData/exports/new/zl_training_prod_allhistory_1m.parquet';
      await store.write(`${key}.manifest.json`, '{}');
      const staged = await store.stage(key);
      expect(staged.key).toBe(key);
      await writeFile(staged.localPath, 'PAR1 written by another tool');
      expect(await store.exists(key)).toBe(false);
      expect(await store.read(key)).toBeUndefined();
      expect(await store.list('TrainingData/exports')).toEqual([`${key}.manifest.json`]);
      await staged.commit();
      expect(text(await store.read(key))).toBe('PAR1 written by another tool');
      expect(await store.list('TrainingData/exports')).toEqual([key, `${key}.manifest.json`]);
    });

    it('keeps the previous version for readers while a replacement is staged', async () => {
      await store.write('r/report.html', 'night 1');
      const staged = await store.stage('r/report.html');
      await writeFile(staged.localPath, 'night 2');
      expect(text(await store.read('r/report.html'))).toBe('night 1');
      await staged.commit();
      expect(text(await store.read('r/report.html'))).toBe('night 2');
    });

    it('discards a staged write: the previous version stays and the staged file is gone', async () => {
      await store.write('r/report.html', 'night 1');
      const staged = await store.stage('r/report.html');
      await writeFile(staged.localPath, 'half a night');
      await staged.discard();
      expect(text(await store.read('r/report.html'))).toBe('night 1');
      expect(await store.list('r')).toEqual(['r/report.html']);
      expect(await fileExists(staged.localPath)).toBe(false);
    });

    it('gives a local file holding the content of a committed key', async () => {
      await store.write('Models/local/m.txt', 'tree 0');
      const path = await store.localPath('Models/local/m.txt');
      expect(path).toBeDefined();
      expect(await readFile(path ?? '', 'utf8')).toBe('tree 0');
    });

    it('lets a reader see the old content or the new, never a mix (atomic writes)', async () => {
      const old = new Uint8Array(1 << 20).fill(0x41);
      const next = new Uint8Array(3 << 20).fill(0x42);
      await store.write('big/file.bin', old);
      const reads: Promise<Uint8Array | undefined>[] = [];
      const writing = store.write('big/file.bin', next);
      for (let i = 0; i < 30; i += 1) {
        reads.push(store.read('big/file.bin'));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writing;
      reads.push(store.read('big/file.bin'));
      const seen = (await Promise.all(reads)).map((bytes) => {
        if (bytes === undefined) return 'missing';
        if (bytes.length === old.length && bytes.every((b) => b === 0x41)) return 'old';
        if (bytes.length === next.length && bytes.every((b) => b === 0x42)) return 'new';
        return `a mix of ${bytes.length} bytes`;
      });
      expect(seen.filter((s) => s !== 'old' && s !== 'new')).toEqual([]);
      expect(seen.at(-1)).toBe('new');
    });

    it('refuses a key that leaves the store with ArtifactIoError', async () => {
      await expect(store.write('../outside.txt', 'x')).rejects.toBeInstanceOf(ArtifactIoError);
      await expect(store.write('Models/../../outside.txt', 'x')).rejects.toBeInstanceOf(ArtifactIoError);
      await expect(store.read('../outside.txt')).rejects.toBeInstanceOf(ArtifactIoError);
      await expect(store.stage('../outside.txt')).rejects.toBeInstanceOf(ArtifactIoError);
      await expect(store.remove('..')).rejects.toBeInstanceOf(ArtifactIoError);
      await expect(store.list('../')).rejects.toBeInstanceOf(ArtifactIoError);
    });
  });
}
