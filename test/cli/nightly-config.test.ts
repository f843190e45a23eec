// `npm run nightly` records the data folder it runs on in the home's config, so the installed
// jobs and the watchdog's catch-up runs (which never see its environment) use the same data.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config/load-config.js';
import { FRED_DIR as FRED_FOLDER } from '../builders/fred-data.js';
import { NODE_BIN, REPO_ROOT } from '../support/repo.js';

/** The bundled series, as a path without the trailing slash. */
const FRED_DIR = resolve(FRED_FOLDER);
import { tempHome } from '../support/temp-home.js';

function record(
  configFile: string,
  folder: string,
  kind?: string,
): { status: number | null; stdout: string } {
  const args = [
    join(REPO_ROOT, 'scripts/record-source-dir.mjs'),
    configFile,
    folder,
    ...(kind === undefined ? [] : [kind]),
  ];
  const result = spawnSync(NODE_BIN, args, { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('scripts/record-source-dir.mjs (npm run nightly)', () => {
  let home: string;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ home, dispose } = await tempHome());
  });
  afterEach(() => dispose());
  const file = () => join(home, 'cbi.config.json');

  it('writes the bundled folder into a new home config: a job with no environment then uses it', async () => {
    expect(record(file(), FRED_DIR)).toEqual({
      status: 0,
      stdout: `recorded source.dir = ${FRED_DIR} in ${file()} (the installed jobs read it)\n`,
    });
    const asTheJobSeesIt = await loadConfig({ home, env: {} });
    expect(asTheJobSeesIt.source.dir).toBe(FRED_DIR);
  });

  it('records the kind of a tables run too: a catch-up run with no environment reads the same tables', async () => {
    const tables = resolve(REPO_ROOT, 'data', 'cbi-v14');
    expect(record(file(), tables, 'tables')).toEqual({
      status: 0,
      stdout: `recorded source.kind = tables, source.dir = ${tables} in ${file()} (the installed jobs read it)\n`,
    });
    const asTheJobSeesIt = await loadConfig({ home, env: {} });
    expect(asTheJobSeesIt.source).toMatchObject({ kind: 'tables', dir: tables });
  });

  it("keeps the config's own keys", async () => {
    await writeFile(file(), JSON.stringify({ run: { minHorizons: 1 }, source: { attempts: 5 } }));
    record(file(), FRED_DIR);
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({
      run: { minHorizons: 1 },
      source: { attempts: 5, dir: FRED_DIR },
    });
  });

  it.each([
    { name: 'a folder of its own', config: { source: { dir: '/srv/fred' } } },
    { name: 'a source of another kind', config: { source: { kind: 'tables', dir: '/srv/tables' } } },
  ])('leaves a config that names $name alone', async ({ config }) => {
    await writeFile(file(), JSON.stringify(config));
    expect(record(file(), FRED_DIR).stdout).toBe('');
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual(config);
  });
});
