import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/domain/exit-codes.js';
import { LAYOUT } from '../../src/domain/layout.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { startCbi } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/** The run in progress (current_run.json: last_run_status.json only ever holds an ended run). */
async function statusFile(
  home: string,
): Promise<{ state?: string; stages?: { name: string; status: string }[] } | undefined> {
  try {
    return JSON.parse(await readFile(join(home, LAYOUT.currentRun), 'utf8')) as { state?: string };
  } catch {
    return undefined;
  }
}

describe('cbi run on SIGINT and SIGTERM', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops the current stage on %s, records the run as interrupted and releases the lock',
    async (signal) => {
      const { home, dispose } = await tempHome();
      try {
        const run = startCbi(['run', '--home', home, '--horizons', '1m,3m'], {
          CBI_SOURCE_DIR: FRED_DIR,
        });
        // Wait until the real run is past the quality gate, i.e. training.
        const deadline = Date.now() + 120_000;
        for (;;) {
          const status = await statusFile(home);
          if (status?.stages?.find((s) => s.name === 'quality')?.status === 'succeeded') break;
          if (Date.now() > deadline) throw new Error('the run never reached training');
          await new Promise((r) => setTimeout(r, 50));
        }
        run.kill(signal);
        const result = await run.done;
        expect(result.code).toBe(EXIT.interrupted);
        // off a terminal, exactly one line: the run's own failure line
        expect(result.stderr.split('\n').filter((l) => l !== '')).toEqual([
          expect.stringMatching(
            /^cbi: run \d{8}_\d{6} interrupted at train_1m: interrupted by a signal.*\[INTERRUPTED\]$/,
          ),
        ]);
        const status = JSON.parse(await readFile(join(home, LAYOUT.lastRunStatus), 'utf8')) as Record<
          string,
          unknown
        >;
        expect(status).toMatchObject({
          state: 'interrupted',
          success: false,
          exit_code: 130,
          error_code: 'INTERRUPTED',
          failed_stage: 'train_1m',
        });
        const history = JSON.parse(
          await readFile(join(home, LAYOUT.runHistory, `${String(status['run_id'])}.json`), 'utf8'),
        ) as unknown;
        expect(history).toEqual(status);
        await expect(readFile(join(home, LAYOUT.runLock))).rejects.toMatchObject({ code: 'ENOENT' });
      } finally {
        await dispose();
      }
    },
    180_000,
  );
});
