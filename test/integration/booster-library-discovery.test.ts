import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { librarySearch, locateLibrary } from '../../src/adapters/booster/locate-library.js';
import { xgBoostDriver } from '../../src/adapters/booster/xgboost/xgboost-driver.js';
import { LibraryMissingError } from '../../src/domain/errors.js';
import { failureOf } from '../support/failure-of.js';

describe('locateLibrary', () => {
  let cache: string;
  beforeEach(async () => {
    cache = await mkdtemp(join(tmpdir(), 'cbi-locate-'));
  });
  afterEach(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  it('prefers the configured path and takes its version from a VERSION.txt beside it', async () => {
    await mkdir(join(cache, 'custom'));
    await writeFile(join(cache, 'custom', 'lib_lightgbm.so'), '');
    await writeFile(join(cache, 'custom', 'VERSION.txt'), '4.1.0.99\n');
    const found = locateLibrary(
      librarySearch(lightGbmDriver, {
        libraryPath: join(cache, 'custom', 'lib_lightgbm.so'),
        cacheDir: cache,
      }),
    );
    expect(found).toEqual({
      path: join(cache, 'custom', 'lib_lightgbm.so'),
      declaredVersion: '4.1.0.99',
      source: 'config',
      origin: 'set in the config',
    });
  });

  it('refuses a configured path that does not exist instead of silently using another library', () => {
    const failure = failureOf(() =>
      locateLibrary(librarySearch(xgBoostDriver, { libraryPath: join(cache, 'nope.so'), cacheDir: cache })),
    );
    expect(failure).toBeInstanceOf(LibraryMissingError);
    expect(String(failure)).toContain(
      `xgboost library not found at the configured path ${join(cache, 'nope.so')}`,
    );
  });

  it('takes the newest version in the provisioning cache', async () => {
    for (const version of ['4.1.0', '4.10.0', '4.9.2']) {
      await mkdir(join(cache, 'lightgbm', version), { recursive: true });
      await writeFile(join(cache, 'lightgbm', version, 'lib_lightgbm.so'), '');
    }
    const found = locateLibrary({
      ...librarySearch(lightGbmDriver, { cacheDir: cache, platform: 'linux' }),
      systemPaths: [],
    });
    expect(found).toEqual({
      path: join(cache, 'lightgbm', '4.10.0', 'lib_lightgbm.so'),
      declaredVersion: '4.10.0',
      source: 'cache',
      origin: 'provisioning cache',
    });
  });

  it.each([
    [
      'linux',
      'lightgbm',
      'lightgbm library not found: run `npm run provision` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.so)',
    ],
    [
      'linux',
      'xgboost',
      'xgboost library not found: run `npm run provision` (builds XGBoost 3.2.0 into the cache and installs Debian libxgboost0; or set CBI_XGBOOST_LIB to libxgboost.so)',
    ],
    [
      'darwin',
      'lightgbm',
      'lightgbm library not found: run `brew install xgboost lightgbm libomp` (or set CBI_LIGHTGBM_LIB to lib_lightgbm.dylib)',
    ],
    [
      'darwin',
      'xgboost',
      'xgboost library not found: run `brew install xgboost lightgbm libomp` (or set CBI_XGBOOST_LIB to libxgboost.dylib)',
    ],
  ] as const)('on %s says in one line how to get a missing %s', (platform, library, message) => {
    const driver = library === 'lightgbm' ? lightGbmDriver : xgBoostDriver;
    const search = librarySearch(driver, { cacheDir: cache, platform });
    const failure = failureOf(() => locateLibrary({ ...search, systemPaths: [] }));
    expect(failure).toBeInstanceOf(LibraryMissingError);
    expect(failure instanceof Error ? failure.message : '').toBe(message);
  });
});
