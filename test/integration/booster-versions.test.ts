import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildProcessTrainer } from '../../src/adapters/booster/child-process-trainer.js';
import { libraryArchitectures } from '../../src/adapters/booster/library-architecture.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { librarySearch, locateLibrary } from '../../src/adapters/booster/locate-library.js';
import { xgBoostDriver } from '../../src/adapters/booster/xgboost/xgboost-driver.js';
import { BUILT_IN_PRESETS } from '../../src/app/config/training-config.js';
import { LibraryMissingError, ModelMismatchError } from '../../src/domain/errors.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { BoosterMatrixBuilder, type BoosterDataset } from '../builders/booster-matrix.builder.js';
import { libraryAbsence, searchHere, xgBoostsUnderTest } from '../support/booster-cli.js';
import { failureOf } from '../support/failure-of.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cbi-versions-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lightGbmSkip = libraryAbsence('lightgbm');

describe.skipIf(lightGbmSkip !== undefined)(
  `A LightGBM outside 4.x${lightGbmSkip === undefined ? '' : ` (skipped: ${lightGbmSkip})`}`,
  { timeout: 60_000 },
  () => {
    it('is refused with one line naming the supported range, before any job runs', async () => {
      // the real library, declared as 3.3.5 by a VERSION.txt the way provisioning writes one
      const cache = join(dir, 'declared-cache');
      await mkdir(join(cache, 'lightgbm', '3.3.5'), { recursive: true });
      await copyFile(
        locateLibrary(searchHere('lightgbm')).path,
        join(cache, 'lightgbm', '3.3.5', 'lib_lightgbm.so'),
      );
      await writeFile(join(cache, 'lightgbm', '3.3.5', 'VERSION.txt'), '3.3.5\n');
      const trainer = new ChildProcessTrainer(
        lightGbmDriver,
        { cacheDir: cache, platform: 'linux' },
        new FakeLogger(),
      );
      const failure = await trainer.version().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(LibraryMissingError);
      expect(String((failure as Error).message)).toMatch(
        /^lightgbm library cannot be loaded: .*lib_lightgbm\.so: lightgbm 3\.3\.5 is not supported: cbi-autopilot works with LightGBM 4\.x$/,
      );
      expect(String((failure as Error).message)).not.toContain('\n');
    });
  },
);

/** A real shared object for 32-bit x86, made by this machine's own compiler; or why none could be. */
function foreignLibrary(): { path?: string; skip?: string } {
  const folder = mkdtempSync(join(tmpdir(), 'cbi-i386-'));
  const source = join(folder, 'empty.c');
  writeFileSync(source, 'int cbi_empty(void) { return 0; }\n');
  const path = join(folder, 'libxgboost.so');
  const built = spawnSync('gcc', ['-m32', '-shared', '-nostdlib', '-fPIC', '-o', path, source], {
    encoding: 'utf8',
  });
  return built.status === 0
    ? { path }
    : { skip: `gcc -m32 cannot build an i386 library here: ${built.stderr || String(built.error)}` };
}
const i386 = foreignLibrary();

describe.skipIf(i386.skip !== undefined)(
  `A library built for another architecture${i386.skip === undefined ? '' : ` (skipped: ${i386.skip})`}`,
  () => {
    const foreign = i386.path ?? '';
    it('is read as such from its header (ELF here; Mach-O and universal files on a Mac)', () => {
      expect(libraryArchitectures(foreign)).toEqual(['ia32']);
      expect(libraryArchitectures(process.execPath)).toEqual([process.arch]);
    });

    it('is refused at the configured path with one line saying both architectures', () => {
      const failure = failureOf(() =>
        locateLibrary(
          librarySearch(xgBoostDriver, { libraryPath: foreign, cacheDir: dir, platform: 'linux' }),
        ),
      );
      expect(failure).toBeInstanceOf(LibraryMissingError);
      expect((failure as Error).message).toBe(
        `xgboost library at the configured path ${foreign} is built for ia32, but this Node.js runs on ${process.arch}: fix the path or run \`npm run provision\` (builds XGBoost 3.2.0 into the cache and installs Debian libxgboost0; or set CBI_XGBOOST_LIB to libxgboost.so)`,
      );
    });

    it('is passed over in the cache for a system library that fits, and named when none does', async () => {
      const cache = join(dir, 'arch-cache');
      await mkdir(join(cache, 'xgboost', '9.9.9'), { recursive: true });
      await copyFile(foreign, join(cache, 'xgboost', '9.9.9', 'libxgboost.so'));
      const search = librarySearch(xgBoostDriver, { cacheDir: cache, platform: 'linux' });
      const fits = process.execPath; // any real file for this architecture stands in the system list
      expect(locateLibrary({ ...search, systemPaths: [fits] })).toMatchObject({
        path: fits,
        source: 'system',
      });
      const failure = failureOf(() => locateLibrary({ ...search, systemPaths: [] }));
      expect(failure).toBeInstanceOf(LibraryMissingError);
      expect((failure as Error).message).toContain(
        `xgboost library ${join(cache, 'xgboost', '9.9.9', 'libxgboost.so')} is built for ia32, but this Node.js runs on ${process.arch}`,
      );
    });
  },
);

describe('Where a library came from', () => {
  it('reads a Homebrew keg behind its opt link, with the version in the Cellar path', async () => {
    const real = join(dir, 'homebrew', 'Cellar', 'xgboost', '3.2.0', 'lib');
    await mkdir(real, { recursive: true });
    await copyFile(process.execPath, join(real, 'libxgboost.dylib'));
    await mkdir(join(dir, 'homebrew', 'opt', 'xgboost'), { recursive: true });
    await symlink(join(real, '..'), join(dir, 'homebrew', 'opt', 'xgboost', 'keg'));
    const linked = join(dir, 'homebrew', 'opt', 'xgboost', 'keg', 'lib', 'libxgboost.dylib');
    const search = librarySearch(xgBoostDriver, { cacheDir: join(dir, 'none'), platform: 'darwin' });
    expect(locateLibrary({ ...search, systemPaths: [linked] })).toEqual({
      path: linked,
      declaredVersion: '3.2.0',
      source: 'system',
      origin: 'Homebrew xgboost 3.2.0',
    });
  });

  it('looks in Apple Silicon Homebrew before Intel Homebrew on a Mac', () => {
    for (const driver of [xgBoostDriver, lightGbmDriver]) {
      const paths = driver.locations('darwin').systemPaths;
      const arm = paths.findIndex((p) => p.startsWith('/opt/homebrew/'));
      const intel = paths.findIndex((p) => p.startsWith('/usr/local/'));
      expect(arm).toBeGreaterThanOrEqual(0);
      expect(intel).toBeGreaterThan(arm);
    }
  });

  it('says what built the cached library (SOURCE.txt) and names a Debian package', async () => {
    const cache = join(dir, 'origin-cache');
    await mkdir(join(cache, 'xgboost', '3.2.0'), { recursive: true });
    await copyFile(process.execPath, join(cache, 'xgboost', '3.2.0', 'libxgboost.so'));
    await writeFile(
      join(cache, 'xgboost', '3.2.0', 'SOURCE.txt'),
      'built from vendor/xgboost-src-3.2.0.tar.gz\n',
    );
    const search = librarySearch(xgBoostDriver, { cacheDir: cache, platform: 'linux' });
    expect(locateLibrary(search)).toMatchObject({
      declaredVersion: '3.2.0',
      origin: 'provisioning cache, built from vendor/xgboost-src-3.2.0.tar.gz',
    });
    const debian = '/usr/lib/x86_64-linux-gnu/libxgboost.so.0';
    if (existsSync(debian) && process.arch === 'x64') {
      const found = locateLibrary({
        ...librarySearch(xgBoostDriver, { cacheDir: join(dir, 'none'), platform: 'linux' }),
      });
      expect(found).toMatchObject({ path: debian, origin: 'Debian package' });
    }
  });
});

const [oldest, newest] = xgBoostsUnderTest();
const crossSkip =
  oldest === undefined || newest === undefined
    ? 'one XGBoost library only (CBI_XGBOOST_LIB)'
    : (oldest.skip ?? newest.skip);

describe.skipIf(crossSkip !== undefined)(
  `A model trained by one XGBoost, predicted by another${crossSkip === undefined ? '' : ` (skipped: ${crossSkip})`}`,
  { timeout: 180_000 },
  () => {
    let data: BoosterDataset;
    const trainerOf = (path: string | undefined) =>
      new ChildProcessTrainer(xgBoostDriver, { libraryPath: path }, new FakeLogger());
    const train = (trainer: ChildProcessTrainer) =>
      trainer.train({
        features: data.features,
        labels: data.labels,
        params: BUILT_IN_PRESETS.embedded.xgboost.params,
        rounds: BUILT_IN_PRESETS.embedded.xgboost.rounds,
        seed: 42,
        threads: 1,
        timeoutMs: 120_000,
      });
    const predict = (trainer: ChildProcessTrainer, model: Awaited<ReturnType<typeof train>>) =>
      trainer.predict({ model, features: data.features, threads: 1, timeoutMs: 60_000 });
    beforeAll(async () => {
      data = (await BoosterMatrixBuilder.load()).build();
    });

    it('predicts exactly what the version that trained it predicts, when a newer version loads an older model', async () => {
      const older = trainerOf(oldest?.path);
      const newer = trainerOf(newest?.path);
      const model = await train(older);
      expect(model.libraryVersion).toBe(await older.version());
      const own = await predict(older, model);
      const other = await predict(newer, model);
      // measured: 0 difference on all 416 rows (1.7.4's model in 3.2.0)
      expect(Array.from(other)).toEqual(Array.from(own));
    });

    it('refuses, in the older version, a model a newer one saved (ModelMismatchError, one line), instead of mispredicting it', async () => {
      // XGBoost 1.7 loads a 3.x JSON model without complaint but reads its base_score as 0.5:
      // every forecast would be off by about 0.5 (measured: 0.506 instead of 0.008)
      const older = trainerOf(oldest?.path);
      const newer = trainerOf(newest?.path);
      const model = await train(newer);
      expect(model.libraryVersion).toBe(await newer.version());
      const failure = await predict(older, model).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ModelMismatchError);
      expect((failure as Error).message).toMatch(
        /^xgboost predict job: xgboost 1\.7\.\d+ cannot read the model: it was saved by XGBoost 3\.2\.0, newer than this library; XGBoost reads models of its own version or older$/,
      );
    });
  },
);
