import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRED_DIR } from '../builders/fred-data.js';
import { runCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/**
 * A FRED user with drivers of their own and no roles: the 11 documented features that need a
 * role (spreads, crush, yield curve, the key drivers' longer changes) are not built, and the
 * run says so once where the user looks (the export stage's note in `cbi status` and the run
 * record), not only in a log line per role.
 */
describe('documented features a config leaves unbuilt', () => {
  it('are named once on the export stage of the run record and in cbi status', async () => {
    const { home, dispose } = await tempHome();
    try {
      await writeFile(
        join(home, 'cbi.config.json'),
        JSON.stringify({
          run: { horizons: ['1m'], minHorizons: 1 },
          training: { folds: 3 },
          source: { drivers: ['POILBREUSDM', 'PMAIZMTUSDM', 'PWHEAMTUSDM'] },
        }),
      );
      const run = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
      expect(run.code).toBe(0);
      const note =
        '11 documented features not built (spread_zl_palm, <palm>_chg_3, spread_zl_rapeseed, spread_zl_sunflower, spread_zl_crude, <crude>_chg_3, crush_oil_share, crush_margin, <meal>_chg_3, <beans>_chg_3, yield_slope_10y_2y): no driver fills source.roles.palm, .rapeseed, .sunflower, .crude, .meal, .beans, .yield10y, .yield2y (set each to one of source.drivers)';
      const status = await runCbi(['status', '--home', home, '--json']);
      const last = (
        JSON.parse(status.stdout) as { last: { stages: { name: string; reason: string | null }[] } }
      ).last;
      expect(last.stages.find((s) => s.name === 'export')?.reason).toBe(note);
      expect(last.stages.filter((s) => s.reason === note)).toHaveLength(1);
      expect((await runCbi(['status', '--home', home])).stdout).toContain('11 documented features not built');
    } finally {
      await dispose();
    }
  }, 180_000);
});
