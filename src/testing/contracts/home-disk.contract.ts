import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HomeDisk } from '../../ports/home-disk.port.js';
import { contractTitle } from './contract-title.js';

export interface HomeDiskSubject {
  readonly disk: HomeDisk;
  /** Writes a file of the home (the way a run, launchd or a crashed write would leave it). */
  put(key: string, content: string): Promise<void>;
  /** The file's text, or undefined when it is gone. */
  read(key: string): Promise<string | undefined>;
  dispose(): Promise<void>;
}

/** What every HomeDisk must do; run against the fake and the fs adapter. */
export function homeDiskContract(name: string, create: () => Promise<HomeDiskSubject>, skip?: string): void {
  describe.skipIf(skip !== undefined)(contractTitle('HomeDisk', name, skip), () => {
    let subject: HomeDiskSubject;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(() => subject.dispose());

    it('lists every file under the folders asked, temporaries included, with its size', async () => {
      await subject.put('Logs/nightly/runs/20261128_235900.json', '{}');
      await subject.put('TrainingData/exports/.x.parquet.tmp-1-a-1', 'half');
      await subject.put('Warehouse/cbi.duckdb', 'not asked for');
      const files = await subject.disk.files(['Logs/nightly', 'TrainingData/exports', 'Models/local']);
      expect(files.map((f) => [f.key, f.bytes])).toEqual([
        ['Logs/nightly/runs/20261128_235900.json', 2],
        ['TrainingData/exports/.x.parquet.tmp-1-a-1', 4],
      ]);
      expect(files.every((f) => f.modifiedAt instanceof Date && !Number.isNaN(f.modifiedAt.getTime()))).toBe(
        true,
      );
    });

    it('removes a folder with everything in it, and a missing key quietly', async () => {
      await subject.put('Models/local/horizon_1m/prod/lightgbm/20261101_235900/model.txt', 'm');
      await subject.put('Models/local/horizon_1m/prod/lightgbm/20261101_235900/metadata.json', '{}');
      await subject.put('Models/local/horizon_1m/prod/champion.json', '{}');
      await subject.disk.remove('Models/local/horizon_1m/prod/lightgbm/20261101_235900');
      await subject.disk.remove('Models/local/nothing-here');
      expect((await subject.disk.files(['Models/local'])).map((f) => f.key)).toEqual([
        'Models/local/horizon_1m/prod/champion.json',
      ]);
    });

    it('keeps the newest bytes of a file from a whole line on', async () => {
      await subject.put('Logs/nightly/daemon_stdout.log', 'line one\nline two\nline three\n');
      await subject.disk.keepTail('Logs/nightly/daemon_stdout.log', 15);
      expect(await subject.read('Logs/nightly/daemon_stdout.log')).toBe('line three\n');
      await subject.disk.keepTail('Logs/nightly/daemon_stdout.log', 100);
      expect(await subject.read('Logs/nightly/daemon_stdout.log')).toBe('line three\n');
      await subject.disk.keepTail('Logs/nightly/missing.log', 10);
    });

    it('knows how much space is free', async () => {
      expect(await subject.disk.freeBytes()).toBeGreaterThan(0);
    });
  });
}
