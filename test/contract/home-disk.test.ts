import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FsHomeDisk } from '../../src/adapters/fs/fs-home-disk.js';
import { homeDiskContract } from '../../src/testing/contracts/home-disk.contract.js';
import { FakeHomeDisk } from '../../src/testing/fake-home-disk.js';
import { tempHome } from '../support/temp-home.js';

homeDiskContract('fake', async () => {
  const disk = new FakeHomeDisk();
  return {
    disk,
    put: async (key, content) => disk.put(key, content, new Date('2026-11-29T06:00:00Z')),
    read: async (key) => disk.text(key),
    dispose: async () => undefined,
  };
});

homeDiskContract('fs', async () => {
  const { home, dispose } = await tempHome();
  return {
    disk: new FsHomeDisk({ home }),
    put: async (key, content) => {
      await mkdir(dirname(join(home, key)), { recursive: true });
      await writeFile(join(home, key), content);
    },
    read: async (key) => readFile(join(home, key), 'utf8').catch(() => undefined),
    dispose,
  };
});
