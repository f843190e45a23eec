import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/app/config/load-config.js';
import { ConfigError } from '../../../../src/domain/errors.js';
import { tempHome } from '../../../support/temp-home.js';

describe('loadConfig with a cache folder', () => {
  let home: string;
  let cacheDir: string;
  let disposers: (() => Promise<void>)[];
  beforeEach(async () => {
    const a = await tempHome();
    const b = await tempHome('cbi-cache-');
    home = a.home;
    cacheDir = b.home;
    disposers = [a.dispose, b.dispose];
  });
  afterEach(async () => {
    for (const dispose of disposers) await dispose();
  });

  const write = (content: object) => writeFile(join(home, 'cbi.config.json'), JSON.stringify(content));

  it('gives the same config from the cache as from the parse, keeping one entry for the same inputs', async () => {
    await write({ run: { horizons: ['1m', '3m'] } });
    const parsed = await loadConfig({ home, env: {}, cacheDir });
    const cached = await loadConfig({ home, env: {}, cacheDir });
    expect(cached).toEqual(parsed);
    expect(cached.run.horizons).toEqual(['1m', '3m']);
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('parses again when the file, a variable or an override changes', async () => {
    await write({ run: { minHorizons: 1 } });
    expect((await loadConfig({ home, env: {}, cacheDir })).run.minHorizons).toBe(1);
    await write({ run: { minHorizons: 2 } });
    expect((await loadConfig({ home, env: {}, cacheDir })).run.minHorizons).toBe(2);
    expect((await loadConfig({ home, env: { CBI_MIN_HORIZONS: '3' }, cacheDir })).run.minHorizons).toBe(3);
    const overridden = await loadConfig({ home, env: {}, cacheDir, overrides: { run: { minHorizons: 4 } } });
    expect(overridden.run.minHorizons).toBe(4);
  });

  it('never caches a refusal: a bad config is refused every time', async () => {
    await write({ run: { minHorizons: 'two' } });
    for (let i = 0; i < 2; i += 1)
      await expect(loadConfig({ home, env: {}, cacheDir })).rejects.toBeInstanceOf(ConfigError);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('ignores an entry whose key does not match its name (a damaged or foreign file)', async () => {
    await write({ run: { minHorizons: 1 } });
    await loadConfig({ home, env: {}, cacheDir });
    const [name] = await readdir(cacheDir);
    const entry: unknown = JSON.parse(await readFile(join(cacheDir, name ?? ''), 'utf8'));
    await writeFile(
      join(cacheDir, name ?? ''),
      JSON.stringify({ ...(entry as object), key: 'another', config: { run: { minHorizons: 5 } } }),
    );
    expect((await loadConfig({ home, env: {}, cacheDir })).run.minHorizons).toBe(1);
  });
});
