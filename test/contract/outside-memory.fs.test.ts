import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsOutsideMemory } from '../../src/adapters/fs/fs-outside-memory.js';
import { ArtifactIoError } from '../../src/domain/errors.js';
import { tempHome } from '../support/temp-home.js';

const spell = {
  openedAt: '2026-01-06T12:00:00.000Z',
  lastAlertAt: '2026-01-06T12:00:00.000Z',
  alertsSent: 1,
  checks: 1,
};

describe('FsOutsideMemory', () => {
  let root: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home: root, dispose } = await tempHome());
  });
  afterEach(async () => {
    await dispose();
  });

  it('keeps one state per home, and forgets it', async () => {
    const folders = [join(root, 'state'), join(root, 'tmp')];
    const one = new FsOutsideMemory({ home: '/homes/one', folders });
    const two = new FsOutsideMemory({ home: '/homes/two', folders });
    expect(await one.unwritableHome()).toBeUndefined();
    await one.saveUnwritableHome(spell);
    expect(await one.unwritableHome()).toEqual(spell);
    expect(await two.unwritableHome()).toBeUndefined();
    await one.saveUnwritableHome(undefined);
    expect(await one.unwritableHome()).toBeUndefined();
  });

  it('falls back to the next folder when the first takes no write', async () => {
    // a file where the folder should be: no write can go under it, even as root
    const blocked = join(root, 'blocked-file');
    await writeFile(blocked, '');
    const memory = new FsOutsideMemory({
      home: '/homes/one',
      folders: [join(blocked, 'x'), join(root, 'tmp')],
    });
    await memory.saveUnwritableHome(spell);
    expect(await readdir(join(root, 'tmp'))).toHaveLength(1);
    expect(await memory.unwritableHome()).toEqual(spell);
  });

  it('throws ArtifactIoError when no folder takes the write', async () => {
    const blocked = join(root, 'blocked-file');
    await writeFile(blocked, '');
    const memory = new FsOutsideMemory({
      home: '/homes/one',
      folders: [join(blocked, 'a'), join(blocked, 'b')],
    });
    await expect(memory.saveUnwritableHome(spell)).rejects.toBeInstanceOf(ArtifactIoError);
    expect(await memory.unwritableHome()).toBeUndefined();
  });
});
