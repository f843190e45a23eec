import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/domain/exit-codes.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { FredDirBuilder } from '../builders/fred-dir.builder.js';
import { LIMITED_HOME_UNAVAILABLE, SMALL_DISK_UNAVAILABLE, limitedHome } from '../support/limited-home.js';
import { NODE_BIN, REPO_ROOT } from '../support/repo.js';
import { runCbi, startCbi, type CbiResult } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

/** A small night: one horizon, three folds, so a whole run takes seconds. */
const SMALL = { run: { horizons: ['1m'], minHorizons: 1 }, training: { folds: 3 } };

async function homeWith(config: object = SMALL): Promise<{ home: string; dispose(): Promise<void> }> {
  const made = await tempHome();
  await writeFile(join(made.home, 'cbi.config.json'), JSON.stringify(config));
  return made;
}

/** The last run of a home as `cbi status --json` reports it. */
async function lastRun(home: string): Promise<Record<string, unknown>> {
  const status = await runCbi(['status', '--home', home, '--json']);
  const report: unknown = JSON.parse(status.stdout);
  const last = typeof report === 'object' && report !== null && 'last' in report ? report.last : null;
  return typeof last === 'object' && last !== null ? Object.fromEntries(Object.entries(last)) : {};
}

/** Each row of the README's exit-code table, caused for real. */
const rows: readonly {
  readonly code: number;
  readonly cause: string;
  readonly skip?: string | undefined;
  readonly check: () => Promise<CbiResult>;
}[] = [
  {
    code: EXIT.success,
    cause: 'a whole night on the bundled FRED series',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        return await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.failed,
    cause: 'the run deadline passes (0.01 minutes)',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        const result = await runCbi(['run', '--home', home], {
          CBI_SOURCE_DIR: FRED_DIR,
          CBI_DEADLINE_MINUTES: '0.01',
        });
        expect(result.stderr).toMatch(/\[RUN_DEADLINE\]\n$/);
        return result;
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.partial,
    cause: 'a library that fails every night (XGBoost missing): LightGBM trains, the run names XGBoost',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        const result = await runCbi(['run', '--home', home], {
          CBI_SOURCE_DIR: FRED_DIR,
          CBI_XGBOOST_LIB: join(home, 'missing', 'libxgboost.so'),
        });
        expect(result.stderr).toMatch(/^cbi: run \d{8}_\d{6} partial at train_1m: xgboost failed for 1m: /);
        expect(await lastRun(home)).toMatchObject({ state: 'partial', failed_stage: 'train_1m' });
        return result;
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.degraded,
    cause: "a whole night on the bundled FRED series, whose newest month (2025) is too old on today's clock",
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        // the suite runs without a delivery expectation (vitest.config.ts); this row restores the defaults
        const result = await runCbi(['run', '--home', home], {
          CBI_SOURCE_DIR: FRED_DIR,
          CBI_MIN_CURRENT_HORIZONS: '1',
          CBI_STALE_FORECASTS: 'withhold',
        });
        expect(result.stderr).toMatch(
          /^cbi: run \d{8}_\d{6} degraded at predict: trained 1m \(lightgbm, xgboost\) tonight, but no horizon was forecast from current data \(1 expected\); not current: 1m: the data is too old: the newest trusted row 2025-\d\d-01 is \d+ months old/,
        );
        expect(await lastRun(home)).toMatchObject({ state: 'degraded', success: false, exit_code: 4 });
        return result;
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.usage,
    cause: 'an unknown option',
    check: () => runCbi(['run', '--horizonz', '1m']),
  },
  {
    code: EXIT.dataError,
    cause: 'a malformed source file',
    check: async () => {
      const { home, dispose } = await homeWith();
      const fred = await FredDirBuilder.copy();
      try {
        await fred.htmlInsteadOf('PSMEAUSDM');
        const result = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: fred.dir });
        expect(result.stderr).toMatch(/PSMEAUSDM.*\[SOURCE_INVALID\]\n$/);
        return result;
      } finally {
        await fred.dispose();
        await dispose();
      }
    },
  },
  {
    code: EXIT.unavailable,
    cause:
      'a folder where the DuckDB warehouse file should be (a garbage file is set aside and rebuilt instead)',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        await mkdir(join(home, 'Warehouse', 'cbi.duckdb'), { recursive: true });
        const result = await runCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
        expect(result.stderr).toMatch(
          /^cbi: run \d{8}_\d{6} failed at export: cannot open the DuckDB warehouse .*: IO Error: Could not read from file .*Is a directory.*\[WAREHOUSE_UNAVAILABLE\]\n$/,
        );
        // on the record, counted by the watchdog: not healthy
        expect(await lastRun(home)).toMatchObject({ state: 'failed', error_code: 'WAREHOUSE_UNAVAILABLE' });
        const watchdog = await runCbi(['watchdog', '--home', home, '--dry-run', '--json']);
        expect(JSON.parse(watchdog.stdout)).toMatchObject({ state: 'failed' });
        return result;
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.unexpected,
    cause: 'a bug: a stage that throws a plain TypeError (through the library, as the CLI would run it)',
    check: async () => {
      const { home, dispose } = await homeWith();
      const script = join(REPO_ROOT, '.cache', `bug-${process.pid}.mjs`);
      try {
        await mkdir(join(REPO_ROOT, '.cache'), { recursive: true });
        await writeFile(
          script,
          `import { ContainerModule } from 'inversify';
import { openAutopilot, NIGHTLY_STAGES } from 'cbi-autopilot';
const broken = new ContainerModule((o) => {
  o.rebind(NIGHTLY_STAGES).toConstantValue(new Proxy({}, { get: () => async () => null.length }));
});
const autopilot = await openAutopilot({ home: process.argv[2], modules: [broken] });
const run = await autopilot.runNight();
await autopilot.close();
process.stderr.write(run.error_code + ' ' + run.exit_code + '\\n');
process.exitCode = run.exit_code;
`,
        );
        return await new Promise<CbiResult>((resolve) => {
          const child = spawn(NODE_BIN, [script, home], { stdio: ['ignore', 'pipe', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
          child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
        });
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.ioError,
    cause: 'a read-only home',
    skip: LIMITED_HOME_UNAVAILABLE,
    check: async () => {
      const limited = await limitedHome();
      try {
        await limited.makeReadOnly();
        const result = await runCbi(['run', '--home', limited.home], { CBI_SOURCE_DIR: FRED_DIR });
        expect(result.stderr).toMatch(/^cbi: cannot .* \((EROFS|EACCES)\);.*\[ARTIFACT_IO\]\n$/);
        // the dry run says what the real check meets: not healthy, the home unwritable, exit 74
        const dryRun = await runCbi(['watchdog', '--home', limited.home, '--dry-run']);
        expect(dryRun.stdout).toMatch(/^\[dry run\] unwritable: the home cannot be written \(cannot write /);
        expect(dryRun.stdout).toContain('would: send the incident opened alert');
        expect(dryRun.code).toBe(EXIT.ioError);
        // the real check alerts and keeps its pacing outside the home (XDG_STATE_HOME)
        const state = await tempHome();
        try {
          const watchdog = await runCbi(['watchdog', '--home', limited.home], { XDG_STATE_HOME: state.home });
          expect(watchdog.code).toBe(EXIT.ioError);
          const [paced] = await readdir(join(state.home, 'cbi-autopilot'));
          expect(
            JSON.parse(await readFile(join(state.home, 'cbi-autopilot', paced ?? ''), 'utf8')),
          ).toMatchObject({ home: limited.home, alertsSent: 1, checks: 1 });
        } finally {
          await state.dispose();
        }
        return result;
      } finally {
        await limited.dispose();
      }
    },
  },
  {
    code: EXIT.ioError,
    cause:
      'a disk that fills up while the export loads the warehouse: the run is recorded failed at its export',
    skip: SMALL_DISK_UNAVAILABLE,
    check: async () => {
      const limited = await limitedHome(1536);
      try {
        const result = await runCbi(['run', '--home', limited.home], { CBI_SOURCE_DIR: FRED_DIR });
        expect(result.stderr).toMatch(/^cbi: .*the disk is full .*\[ARTIFACT_IO\]\n$/);
        const [history] = await readdir(join(limited.home, 'Logs/nightly/runs'));
        const record = JSON.parse(
          await readFile(join(limited.home, 'Logs/nightly/runs', history ?? ''), 'utf8'),
        ) as { state: string; stages: { name: string; status: string; error_code: string | null }[] };
        expect(record.state).toBe('failed');
        expect(record.stages[0]).toMatchObject({
          name: 'export',
          status: 'failed',
          error_code: 'ARTIFACT_IO',
        });
        return result;
      } finally {
        await limited.dispose();
      }
    },
  },
  {
    code: EXIT.tryLater,
    cause: 'two `cbi run` started together: exactly one runs, the other is refused',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        const [a, b] = [0, 1].map(() => startCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR }));
        if (a === undefined || b === undefined) throw new Error('two runs expected');
        const results = await Promise.all([a.done, b.done]);
        const refused = results.filter((r) => r.code === EXIT.tryLater);
        expect(refused).toHaveLength(1);
        expect(results.filter((r) => r.code === EXIT.success)).toHaveLength(1);
        expect(refused[0]?.stderr).toMatch(
          /^cbi: run \d{8}_\d{6} \(pid \d+ .*\) holds the lock; .*\[RUN_LOCKED\]\n$/,
        );
        // the refused run left nothing: one run log, one history entry
        const logs = (await readdir(join(home, 'Logs/nightly'))).filter(
          (n) => n.startsWith('nightly_pipeline_') && n.endsWith('.log'),
        );
        expect(logs).toHaveLength(1);
        expect(await readdir(join(home, 'Logs/nightly/runs'))).toHaveLength(1);
        return refused[0] ?? results[0] ?? { code: null, signal: null, stdout: '', stderr: '' };
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.noPermission,
    cause:
      'cbi install that would make a job run as root (as root: a home of root; else: --system without root)',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        const asRoot = process.getuid?.() === 0;
        const result = await runCbi(['install', '--home', home, ...(asRoot ? [] : ['--system'])]);
        expect(result.stderr).toMatch(/\[NO_PERMISSION\]\n$/);
        return result;
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.config,
    cause: 'an unknown config key (run.horizonz)',
    check: async () => {
      const { home, dispose } = await homeWith({ run: { horizonz: ['1m'] } });
      try {
        const result = await runCbi(['run', '--home', home]);
        expect(result.stderr).toMatch(/^cbi: unknown config key run\.horizonz in .*\[CONFIG_INVALID\]\n$/);
        return result;
      } finally {
        await dispose();
      }
    },
  },
  {
    code: EXIT.interrupted,
    cause: 'SIGTERM during the run',
    check: async () => {
      const { home, dispose } = await homeWith();
      try {
        const run = startCbi(['run', '--home', home], { CBI_SOURCE_DIR: FRED_DIR });
        const until = Date.now() + 60_000;
        while (Date.now() < until) {
          const names = await readdir(join(home, 'Logs/nightly')).catch(() => []);
          if (names.some((n) => n.startsWith('nightly_pipeline_'))) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        run.kill('SIGTERM');
        return await run.done;
      } finally {
        await dispose();
      }
    },
  },
];

describe('the exit codes of the README, each caused for real', () => {
  let documented: number[] = [];
  beforeAll(async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('## Configuration'));
    documented = [...section.matchAll(/^\|\s*(\d+)\s*\|/gm)].map((m) => Number(m[1]));
  });

  it('has a real cause below for every row of the table, and no other code', () => {
    expect([...new Set(rows.map((r) => r.code))].sort((a, b) => a - b)).toEqual(
      [...documented].sort((a, b) => a - b),
    );
  });

  for (const row of rows) {
    it.skipIf(row.skip !== undefined)(
      `${row.code}: ${row.cause}${row.skip === undefined ? '' : ` (skipped: ${row.skip})`}`,
      async () => {
        const result = await row.check();
        expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: row.code });
        // one line on stderr for every failure, none for a success
        const lines = result.stderr.split('\n').filter((l) => l !== '');
        if (row.code === EXIT.success) expect(lines).toEqual([]);
        else if (row.code !== EXIT.interrupted) expect(lines).toHaveLength(1);
      },
      180_000,
    );
  }
});
