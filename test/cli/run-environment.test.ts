import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRED_DIR } from '../builders/fred-data.js';
import { runCbi, type CbiResult } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

interface Recorded {
  readonly run_id: string;
  readonly state: string;
  readonly exit_code: number;
  readonly horizons: readonly string[];
  readonly log_file: string;
  readonly stages: readonly { name: string; details: { refresh?: { source: string } } | null }[];
  readonly delivery: { horizons: readonly { horizon: string; delivered: string }[] } | null;
  readonly environment: {
    file: string;
    recorded: readonly { variable: string; key: string; changed: boolean }[];
    not_recorded: readonly { variable: string; reason: string }[];
  } | null;
}

/** The settings of a night that the environment gave (the suite's own pair included). */
const MANUAL = {
  CBI_SOURCE_DIR: FRED_DIR,
  CBI_HORIZONS: '1m',
  CBI_MIN_HORIZONS: '1',
  CBI_MIN_CURRENT_HORIZONS: '0',
  CBI_STALE_FORECASTS: 'flag',
  CBI_LOG_LEVEL: 'debug',
};

/** A shell with none of them (an empty value is no value): what the jobs and catch-up runs see. */
const UNATTENDED = Object.fromEntries(Object.keys(MANUAL).map((name) => [name, '']));

/**
 * Issue 19: "a catch-up run on any home does exactly what the last manual run did". The home's
 * own config names a FRED server that refuses at once, so a run that forgot the manual run's
 * folder fails (69) instead of quietly downloading.
 */
describe('cbi run with CBI_* variables, then a run of the same home with none', () => {
  let home: string;
  let dispose: () => Promise<void>;
  let manual: { result: CbiResult; run: Recorded };
  let unattended: { result: CbiResult; run: Recorded };
  const last = async (): Promise<Recorded> =>
    JSON.parse(await readFile(join(home, 'Logs/nightly/last_run_status.json'), 'utf8')) as Recorded;

  beforeAll(async () => {
    ({ home, dispose } = await tempHome());
    await writeFile(
      join(home, 'cbi.config.json'),
      JSON.stringify({
        training: { folds: 3 },
        source: { baseUrl: 'http://127.0.0.1:9/fredgraph.csv', attempts: 1 },
      }),
    );
    const first = await runCbi(['run', '--home', home], MANUAL);
    manual = { result: first, run: await last() };
    const second = await runCbi(['run', '--home', home, '--trigger', 'watchdog'], UNATTENDED);
    unattended = { result: second, run: await last() };
  }, 600_000);
  afterAll(() => dispose());

  it('records the settings the unattended runs need in the config file, and says so on its record', () => {
    expect(manual.result.code).toBe(0);
    expect(manual.run.environment?.file).toBe(join(home, 'cbi.config.json'));
    expect(manual.run.environment?.recorded.map((r) => r.variable).sort()).toEqual([
      'CBI_HORIZONS',
      'CBI_MIN_CURRENT_HORIZONS',
      'CBI_MIN_HORIZONS',
      'CBI_SOURCE_DIR',
      'CBI_STALE_FORECASTS',
    ]);
    expect(manual.run.environment?.not_recorded).toEqual([
      {
        variable: 'CBI_LOG_LEVEL',
        key: 'log.level',
        reason: expect.stringMatching(/log level is for reading this run/),
      },
    ]);
  });

  it("says in the run's log what it recorded and what not", async () => {
    const log = await readFile(join(home, manual.run.log_file), 'utf8');
    expect(log).toMatch(
      /settings from the environment: recorded .*CBI_SOURCE_DIR as source\.dir in .*, so the unattended runs do the same/,
    );
    expect(log).toMatch(/not recorded: CBI_LOG_LEVEL \(log\.level\)/);
  });

  it('the run with no variables does what the manual run did: same data, horizons, delivery and verdict', () => {
    expect(unattended.result.stderr).toBe('');
    expect(unattended.result.code).toBe(manual.result.code);
    expect(unattended.run.state).toBe(manual.run.state);
    expect(unattended.run.horizons).toEqual(manual.run.horizons);
    const source = (run: Recorded) => run.stages.find((s) => s.name === 'export')?.details?.refresh?.source;
    expect(source(unattended.run)).toBe(source(manual.run));
    expect(unattended.run.delivery?.horizons.map((h) => h.delivered)).toEqual(
      manual.run.delivery?.horizons.map((h) => h.delivered),
    );
    expect(unattended.run.environment).toBeNull();
  });
});
