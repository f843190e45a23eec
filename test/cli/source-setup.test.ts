import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/domain/exit-codes.js';
import { CBI_DIR } from '../builders/cbi-table.builder.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { FredDirBuilder } from '../builders/fred-dir.builder.js';
import { runCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/**
 * A setup that cannot work is one exit-78 line listing all that is wrong, with the keys to
 * change, before any stage runs; the run is on the record (status and alerts see it).
 */
describe('a night whose source cannot work', () => {
  it('a single-table user with the defaults (5 horizons, minHorizons 2): one line naming the keys, no stage run', async () => {
    const { home, dispose } = await tempHome();
    try {
      // CBI-V14's real 1m table, alone in its folder
      const tables = join(home, 'tables');
      await mkdir(tables);
      await copyFile(
        join(CBI_DIR, 'zl_training_prod_allhistory_1m.parquet'),
        join(tables, 'zl_training_prod_allhistory_1m.parquet'),
      );
      const result = await runCbi(['run', '--home', home], {
        CBI_SOURCE_KIND: 'tables',
        CBI_SOURCE_DIR: tables,
      });
      expect(result.code).toBe(EXIT.config);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `run.minHorizons 2: source.dir ${tables} has a table for 1m of run.horizons and none for 1w, 3m, 6m, 12m`,
      );
      expect(lines[0]).toContain(
        'set run.horizons to ["1m"] and run.minHorizons to 1 (CBI_HORIZONS=1m CBI_MIN_HORIZONS=1)',
      );
      expect(lines[0]).toMatch(
        /^cbi: run \d{8}_\d{6} failed at export: the source setup cannot work: .*\[CONFIG_INVALID\]$/,
      );
      const status = JSON.parse((await runCbi(['status', '--home', home, '--json'])).stdout) as {
        last: {
          state: string;
          error_code: string;
          exit_code: number;
          stages: { name: string; status: string }[];
        };
      };
      // on the record, so status and the alerts see it; the export is where the source is read
      expect(status.last).toMatchObject({
        state: 'failed',
        error_code: 'CONFIG_INVALID',
        exit_code: EXIT.config,
      });
      expect(status.last.stages.map((s) => `${s.name} ${s.status}`)).toEqual([
        'export failed',
        ...status.last.stages.slice(1).map((s) => `${s.name} not_run`),
      ]);
    } finally {
      await dispose();
    }
  }, 120_000);

  it('the same table with run.horizons ["1m"], minHorizons 1 is not refused', async () => {
    const { home, dispose } = await tempHome();
    try {
      const tables = join(home, 'tables');
      await mkdir(tables);
      await copyFile(
        join(CBI_DIR, 'zl_training_prod_allhistory_1m.parquet'),
        join(tables, 'zl_training_prod_allhistory_1m.parquet'),
      );
      await writeFile(
        join(home, 'cbi.config.json'),
        JSON.stringify({ run: { horizons: ['1m'], minHorizons: 1, deadlineMinutes: 0.02 } }),
      );
      const result = await runCbi(['run', '--home', home], {
        CBI_SOURCE_KIND: 'tables',
        CBI_SOURCE_DIR: tables,
      });
      // the night starts (its deadline ends it at once): the setup itself was not the problem
      expect(result.stderr).not.toContain('CONFIG_INVALID');
    } finally {
      await dispose();
    }
  }, 120_000);

  it('FRED files missing: every one listed in one line (not exit 69 for the first, retried by the watchdog)', async () => {
    const { home, dispose } = await tempHome();
    const fred = await FredDirBuilder.copy();
    try {
      await rm(fred.path('PSOYBUSDM'));
      await rm(fred.path('DGS10'));
      const result = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: fred.dir });
      expect(result.code).toBe(EXIT.config);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `source.drivers: 2 of 24 have no file in source.dir ${fred.dir} (PSOYBUSDM.csv, DGS10.csv; add the files or remove them from source.drivers)`,
      );
    } finally {
      await rm(fred.dir, { recursive: true, force: true });
      await dispose();
    }
  }, 120_000);

  it('a monthly FRED target with run.horizons ["1w", "1m"] and minHorizons 2: refused before training, not after', async () => {
    const { home, dispose } = await tempHome();
    try {
      await writeFile(
        join(home, 'cbi.config.json'),
        JSON.stringify({ run: { horizons: ['1w', '1m'], minHorizons: 2 } }),
      );
      const result = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
      expect(result.code).toBe(EXIT.config);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        'run.minHorizons 2: source.target PSOILUSDM is monthly, so of run.horizons only 1m can be forecast (1w needs a daily target)',
      );
    } finally {
      await dispose();
    }
  }, 120_000);
});
