import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { BoosterDriver } from '../../src/adapters/booster/booster-driver.js';
import { lightGbmDriver } from '../../src/adapters/booster/lightgbm/lightgbm-driver.js';
import { librarySearch, locateLibrary } from '../../src/adapters/booster/locate-library.js';
import { xgBoostDriver } from '../../src/adapters/booster/xgboost/xgboost-driver.js';
import type { FeatureMatrix } from '../../src/domain/model/model.js';

/**
 * The libraries' own command-line programs, used as independent consumers of our model files
 * (format compatibility) and as the baseline of the training benchmark. Paths as `npm run
 * provision` installs them: the LightGBM CLI beside lib_lightgbm.so in the cache, Debian's
 * /usr/bin/xgboost.
 */
export const cacheDir = process.env['CBI_CACHE_DIR'];

/** Each library's driver. */
export const DRIVERS: Readonly<Record<'lightgbm' | 'xgboost', BoosterDriver>> = {
  lightgbm: lightGbmDriver,
  xgboost: xgBoostDriver,
};

/** Where a library is looked for here: CBI_LIGHTGBM_LIB / CBI_XGBOOST_LIB, then CBI_CACHE_DIR. */
export function searchHere(library: 'lightgbm' | 'xgboost') {
  const libraryPath = process.env[library === 'lightgbm' ? 'CBI_LIGHTGBM_LIB' : 'CBI_XGBOOST_LIB'];
  return librarySearch(DRIVERS[library], { libraryPath, cacheDir });
}

/** Why a library cannot be used here, or undefined when it can. */
export function libraryAbsence(library: 'lightgbm' | 'xgboost'): string | undefined {
  try {
    locateLibrary(searchHere(library));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The LightGBM CLI installed beside the library by the provisioning script, if any. */
export function lightGbmCli(): string | undefined {
  try {
    const located = locateLibrary(searchHere('lightgbm'));
    const cli = join(dirname(located.path), 'lightgbm');
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

/** Debian's xgboost CLI (package `xgboost`), if installed. */
export function xgBoostCli(): string | undefined {
  return ['/usr/bin/xgboost', '/usr/local/bin/xgboost'].find((path) => existsSync(path));
}

/** Label first, then the features; `nan` for a missing value; numbers in shortest round-trip form. */
export async function writeCsv(path: string, features: FeatureMatrix, labels: Float64Array): Promise<void> {
  const lines: string[] = [];
  for (let r = 0; r < features.rows; r += 1) {
    const cells = [String(labels[r])];
    for (let c = 0; c < features.cols; c += 1) {
      const v = features.values[r * features.cols + c] ?? Number.NaN;
      cells.push(Number.isNaN(v) ? 'nan' : String(v));
    }
    lines.push(cells.join(','));
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** LIBSVM text, 0-based feature indices; a missing value is an absent entry (XGBoost's missing). */
export async function writeLibsvm(
  path: string,
  features: FeatureMatrix,
  labels: Float64Array,
): Promise<void> {
  const lines: string[] = [];
  for (let r = 0; r < features.rows; r += 1) {
    const cells = [String(labels[r])];
    for (let c = 0; c < features.cols; c += 1) {
      const v = features.values[r * features.cols + c] ?? Number.NaN;
      if (!Number.isNaN(v)) cells.push(`${c}:${String(v)}`);
    }
    lines.push(cells.join(' '));
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}

/** The data URI XGBoost's CLI needs for our LIBSVM files (0-based indices, not its guess). */
export function libsvmUri(path: string): string {
  return `${path}?format=libsvm&indexing_mode=-1`;
}

export async function readPredictions(path: string): Promise<Float64Array> {
  const text = await readFile(path, 'utf8');
  return Float64Array.from(
    text
      .trim()
      .split('\n')
      .map((line) => Number(line.trim())),
  );
}

/** Runs LightGBM's CLI with `key=value` arguments; throws with its output on failure. */
export async function runLightGbmCli(
  cli: string,
  args: Readonly<Record<string, string | number | boolean>>,
  cwd: string,
) {
  return execa(
    cli,
    Object.entries(args).map(([k, v]) => `${k}=${String(v)}`),
    { cwd, all: true },
  );
}

/** Runs Debian's xgboost CLI with a config file of `key = value` lines plus command-line overrides. */
export async function runXgBoostCli(
  cli: string,
  config: Readonly<Record<string, string | number | boolean>>,
  args: Readonly<Record<string, string | number | boolean>>,
  cwd: string,
) {
  const conf = join(
    cwd,
    `xgboost-${Object.keys(args)
      .join('-')
      .replace(/[^a-z_-]/gi, '')}.conf`,
  );
  await writeFile(
    conf,
    Object.entries(config)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join('\n') + '\n',
  );
  return execa(cli, [conf, ...Object.entries(args).map(([k, v]) => `${k}=${String(v)}`)], { cwd, all: true });
}

/** One XGBoost library of the supported range, as this machine has it (or why it has none). */
export interface XgBoostUnderTest {
  readonly name: string;
  readonly path: string | undefined;
  readonly skip: string | undefined;
  /** Its own command-line program, where that version has one (3.x ships none). */
  readonly cli: string | undefined;
}

/**
 * The XGBoost versions the tests run against: both ends of the supported range, Debian's 1.7.4
 * (`libxgboost0`) and 3.2.0 built from vendor/ into the cache (the default), as `npm run provision`
 * installs them. With CBI_XGBOOST_LIB set (a Mac's Homebrew library), that library alone.
 */
export function xgBoostsUnderTest(): readonly XgBoostUnderTest[] {
  const configured = process.env['CBI_XGBOOST_LIB'];
  if (configured !== undefined && configured !== '') {
    return [
      { name: `XGBoost at CBI_XGBOOST_LIB`, path: configured, skip: absent(configured), cli: undefined },
    ];
  }
  const debian = [
    '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
    '/usr/lib/aarch64-linux-gnu/libxgboost.so.0',
  ].find((path) => existsSync(path));
  const built = join(
    cacheDir ?? join(homedir(), '.cache', 'cbi-autopilot'),
    'xgboost',
    '3.2.0',
    'libxgboost.so',
  );
  return [
    {
      name: 'XGBoost 1.7 (Debian libxgboost0)',
      path: debian,
      skip:
        debian === undefined
          ? 'no Debian libxgboost0 here: npm run provision installs it on Linux'
          : undefined,
      cli: debian === undefined ? undefined : xgBoostCli(),
    },
    { name: 'XGBoost 3.2 (built from vendor/)', path: built, skip: absent(built), cli: undefined },
  ];
}

function absent(path: string): string | undefined {
  return existsSync(path) ? undefined : `${path} does not exist: npm run provision builds it on Linux`;
}
