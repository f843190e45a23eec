import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRED_DIR } from '../builders/fred-data.js';
import { runCbi, type CbiResult } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/** A small night: one horizon, three folds, so a whole run takes seconds. */
const SMALL = { run: { horizons: ['1m'], minHorizons: 1 }, training: { folds: 3 } };

interface Recorded {
  readonly run_id: string;
  readonly state: string;
  readonly log_file: string;
  readonly set_aside: readonly { what: string; path: string; moved_to: string; reason: string }[];
}

/**
 * Issue 19, item 5: a garbage embedded warehouse is set aside and rebuilt, "with its line, its
 * record and its alert", said once.
 */
describe('cbi run on a home whose embedded warehouse is garbage', () => {
  let home: string;
  let dispose: () => Promise<void>;
  let first: CbiResult;
  let second: CbiResult;
  const warehouse = (): string => join(home, 'Warehouse', 'cbi.duckdb');
  const record = async (): Promise<Recorded> =>
    JSON.parse(await readFile(join(home, 'Logs/nightly/last_run_status.json'), 'utf8')) as Recorded;
  const alertsInWatchdogLog = async (): Promise<string[]> =>
    (await readFile(join(home, 'Logs/nightly/watchdog.log'), 'utf8'))
      .split('\n')
      .filter((line) => line.includes('ALERT:') && line.includes('set aside a corrupt warehouse'));

  beforeAll(async () => {
    ({ home, dispose } = await tempHome());
    await writeFile(join(home, 'cbi.config.json'), JSON.stringify(SMALL));
    await mkdir(join(home, 'Warehouse'), { recursive: true });
    // a real CSV where the DuckDB file should be: DuckDB says it is not one of its databases
    await writeFile(warehouse(), await readFile(join(FRED_DIR, 'DGS10.csv')));
    first = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
  }, 300_000);
  afterAll(() => dispose());

  it('rebuilds it and records what was set aside, where and why on the run record', async () => {
    expect(first.code).toBe(0);
    const run = await record();
    expect(run.state).toBe('success');
    expect(run.set_aside).toHaveLength(1);
    expect(run.set_aside[0]).toMatchObject({ what: 'warehouse', path: warehouse() });
    expect(run.set_aside[0]?.moved_to).toMatch(/\/Warehouse\/cbi\.duckdb\.corrupt-[0-9TZ-]+$/);
    expect(run.set_aside[0]?.reason).toMatch(/not a valid DuckDB database file/);
    expect(await readdir(join(home, 'Warehouse'))).toContain(run.set_aside[0]?.moved_to.split('/').pop());
  });

  it("says it in the run's log, with DuckDB's words", async () => {
    const run = await record();
    const log = await readFile(join(home, run.log_file), 'utf8');
    expect(log).toMatch(/warehouse corrupt: set aside and rebuilt from the sources/);
    expect(log).toMatch(/not a valid DuckDB database file/);
  });

  it("says it on the night's report, first screen: what was set aside, DuckDB's words, where it is kept", async () => {
    const run = await record();
    const page = await readFile(join(home, 'Logs/nightly/report.html'), 'utf8');
    const repaired = /<li class="note" id="attention-set-aside">.*?<\/ul><\/li>/.exec(page)?.[0] ?? '';
    expect(repaired).toContain('Repaired: 1 broken file set aside.');
    expect(repaired).toContain('<b>the embedded warehouse</b>');
    expect(repaired).toMatch(/not a valid DuckDB database file/);
    expect(repaired).toContain(`kept at ${run.set_aside[0]?.moved_to ?? '?'}, never read again`);
  });

  it('alerts a person once (the default log channel writes it into watchdog.log), and not again on the next night', async () => {
    expect(await alertsInWatchdogLog()).toHaveLength(1);
    second = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
    expect(second.code).toBe(0);
    expect((await record()).set_aside).toEqual([]);
    expect(await alertsInWatchdogLog()).toHaveLength(1);
  }, 300_000);
});
