import { execFile, spawn } from 'node:child_process';
import { openSync, closeSync, existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT } from '../../src/domain/layout.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { REPO_ROOT } from '../support/repo.js';
import { tempHome } from '../support/temp-home.js';

const run = promisify(execFile);
const SEED = join(REPO_ROOT, 'test', 'support', 'seed');
// A zone with an offset and DST: on a UTC machine an offset in the seed's keys would go unseen.
const TZ = 'America/Chicago';

/** Small, real training: the 1m horizon of the bundled FRED series, 3 folds, 20 rounds. */
const FAST = {
  run: { horizons: ['1m'], minHorizons: 1 },
  training: { folds: 3, presets: { embedded: { lightgbm: { rounds: 20 }, xgboost: { rounds: 20 } } } },
};
/** The same, slow enough to be caught in the middle of training. */
const SLOW = {
  ...FAST,
  training: { folds: 12, presets: { embedded: { lightgbm: { rounds: 3000 }, xgboost: { rounds: 3000 } } } },
};

interface Health {
  readonly healthy: boolean;
  readonly reason: string;
  readonly action_needed: string;
  readonly failure_count?: number;
}

/**
 * The original system's own consumers, run against a home cbi-autopilot wrote: its watchdog's
 * health check (only its paths changed), its docs' Status Dashboard snippet, and the README
 * recipes (`ls`, `grep -l ... | wc -l`, `python3 -m json.tool`, `cat daemon_stderr.log`). The
 * home goes through a success, a run in progress, a kill -9 closed by our watchdog, a catch-up
 * and a failure; each step is judged as the seed would have judged its own home.
 */
describe('the seed consumers on a real home', () => {
  let home: string;
  let dispose: () => Promise<void>;
  const env = { ...process.env, TZ, CBI_SOURCE_DIR: FRED_DIR, CBI_HOME: '' };
  const daemon = (name: 'daemon_stdout.log' | 'daemon_stderr.log'): string =>
    join(home, LAYOUT.nightlyLogs, name);

  /** `cbi run` as launchd starts it: output appended to the daemon logs, its own process group. */
  function startRun(extraEnv: Record<string, string> = {}, args: readonly string[] = []) {
    const out = openSync(daemon('daemon_stdout.log'), 'a');
    const err = openSync(daemon('daemon_stderr.log'), 'a');
    const child = spawn(
      join(REPO_ROOT, 'bin', 'cbi'),
      ['run', '--home', home, '--trigger', 'schedule', ...args],
      {
        env: { ...env, ...extraEnv },
        stdio: ['ignore', out, err],
        detached: true,
      },
    );
    closeSync(out);
    closeSync(err);
    const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { pid: child.pid ?? 0, done };
  }

  const health = async (): Promise<Health> => {
    const { stdout } = await run('python3', [join(SEED, 'check_health.py')], {
      env: { ...env, CBI_SEED_HOME: home },
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Health;
  };
  const dashboard = async (): Promise<string> =>
    (await run('python3', [join(SEED, 'status_dashboard.py')], { cwd: home, env })).stdout;
  const shell = async (script: string): Promise<string> =>
    (await run('bash', ['-c', script], { cwd: home, env })).stdout.trim();
  const count = (marker: string): Promise<string> =>
    shell(`grep -l "${marker}" Logs/nightly/nightly_pipeline_*.log | wc -l`);
  const lastStatus = async (): Promise<Record<string, unknown>> =>
    JSON.parse(await shell('cat Logs/nightly/last_run_status.json | python3 -m json.tool')) as Record<
      string,
      unknown
    >;
  const lastLine = async (runId: string): Promise<string> =>
    (await readFile(join(home, LAYOUT.nightlyLogs, `nightly_pipeline_${runId}.log`), 'utf8'))
      .trimEnd()
      .split('\n')
      .at(-1) ?? '';
  const waitFor = async (what: string, check: () => Promise<boolean>, ms = 240_000): Promise<void> => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  beforeAll(async () => {
    ({ home, dispose } = await tempHome());
    await mkdir(join(home, LAYOUT.nightlyLogs), { recursive: true });
    await writeFile(join(home, 'cbi.config.json'), JSON.stringify(FAST));
    await writeFile(join(home, 'slow.json'), JSON.stringify(SLOW));
  });
  afterAll(() => (process.env['KEEP_HOME'] ? undefined : dispose()));

  let first: Record<string, unknown>;

  it('after a success: healthy to the seed watchdog, the dashboard and the greps', async () => {
    expect(await startRun().done).toBe(0);
    first = await lastStatus();
    expect(first['success']).toBe(true);
    // Python's naive local isoformat(): fromisoformat reads it, and it subtracts from datetime.now()
    expect(first['start_time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(await health()).toMatchObject({ healthy: true, reason: 'success', action_needed: 'none' });
    const board = await dashboard();
    expect(board).toContain(`Last run: ${String(first['start_time'])}`);
    expect(board).toContain('Success: True');
    expect(board).toContain('  train_1m: ✅');
    expect(await count('COMPLETED SUCCESSFULLY')).toBe('1');
    expect(await count('CRITICAL FAILURE')).toBe('0');
    expect(await shell('ls -lht Logs/nightly/nightly_pipeline_*.log | head -5 | wc -l')).toBe('1');
    expect(await lastLine(String(first['run_id']))).toMatch(
      /\[SUCCESS\] NIGHTLY PIPELINE COMPLETED SUCCESSFULLY$/,
    );
    // the daemon logs: no copy of the run's events, each line once, nothing on stderr
    const stdout = (await readFile(daemon('daemon_stdout.log'), 'utf8')).trimEnd().split('\n');
    expect(new Set(stdout).size).toBe(stdout.length);
    expect(stdout.some((line) => line.startsWith('{'))).toBe(false);
    expect(stdout.at(-1)).toContain(`run ${String(first['run_id'])}: success`);
    expect(await readFile(daemon('daemon_stderr.log'), 'utf8')).toBe('');
  }, 300_000);

  let crashed = '';

  it('during a run: the last finished run stays what the seed tools read; the run in progress is its own', async () => {
    const slow = startRun({}, ['--config', join(home, 'slow.json')]);
    const current = join(home, LAYOUT.currentRun);
    await waitFor(
      'the slow run to train',
      async () =>
        existsSync(current) &&
        (await readFile(current, 'utf8')).includes('"status": "running"') &&
        (await readFile(current, 'utf8')).includes('"name": "train_1m"'),
    );
    crashed = (JSON.parse(await readFile(current, 'utf8')) as { run_id: string }).run_id;
    expect(await lastStatus()).toEqual(first);
    expect(await health()).toMatchObject({ healthy: true, reason: 'success' });
    expect(await dashboard()).toContain('Success: True');
    const status = JSON.parse(
      (await run(join(REPO_ROOT, 'bin', 'cbi'), ['status', '--home', home, '--json'], { env })).stdout,
    ) as { current: { run_id: string; stages: { name: string; status: string }[] } | null; lock: unknown };
    expect(status.current?.run_id).toBe(crashed);
    expect(status.current?.stages.find((s) => s.status === 'running')?.name).toBe('train_1m');
    expect(status.lock).not.toBeNull();

    // kill -9 the run and its boosters: nothing of it can write another line
    process.kill(-slow.pid, 'SIGKILL');
    await slow.done;
    // before the watchdog's next check: not "in progress" any more, but a run that stopped
    const after = JSON.parse(
      (await run(join(REPO_ROOT, 'bin', 'cbi'), ['status', '--home', home, '--json'], { env })).stdout,
    ) as { current: unknown; abandoned: { run_id: string } | null };
    expect(after.current).toBeNull();
    expect(after.abandoned?.run_id).toBe(crashed);
    const text = (await run(join(REPO_ROOT, 'bin', 'cbi'), ['status', '--home', home], { env })).stdout;
    expect(text).not.toContain('run in progress');
    expect(text).toContain(`run ${crashed} stopped without finishing at train_1m (its process is gone)`);
  }, 300_000);

  it('after a kill -9: our watchdog closes the run as the seed would count it, and its catch-up succeeds', async () => {
    expect(await health()).toMatchObject({ healthy: true, reason: 'success' });
    const check = JSON.parse(
      (await run(join(REPO_ROOT, 'bin', 'cbi'), ['watchdog', '--home', home, '--json'], { env })).stdout,
    ) as { state: string };
    expect(check.state).toBe('stale');
    expect(await lastLine(crashed)).toMatch(/\[ERROR\] CRITICAL FAILURE - PIPELINE EXCEPTION at train_1m: /);
    await waitFor('the catch-up run to end', async () => {
      const last = (await lastStatus())['run_id'];
      return last !== crashed && !existsSync(join(home, LAYOUT.runLock));
    });
    expect(await lastStatus()).toMatchObject({ success: true });
    expect(await health()).toMatchObject({ healthy: true, reason: 'success' });
    expect(await count('COMPLETED SUCCESSFULLY')).toBe('2');
    expect(await count('PIPELINE EXCEPTION')).toBe('1');
    // the killed run counts as a failed night to the seed README's grep, too
    expect(await count('CRITICAL FAILURE')).toBe('1');
    expect(await shell('ls -lht Logs/nightly/nightly_pipeline_*.log | head -5 | wc -l')).toBe('3');
  }, 300_000);

  it('after a failure: the seed watchdog retries, the greps count it, and daemon_stderr.log says why', async () => {
    const empty = join(home, 'no-series');
    await mkdir(empty);
    expect(await startRun({ CBI_SOURCE_DIR: empty }).done).not.toBe(0);
    const failed = await lastStatus();
    expect(failed).toMatchObject({ success: false, failed_stage: 'export' });
    expect(await health()).toMatchObject({ healthy: false, reason: 'recent_failure', failure_count: 1 });
    expect(await dashboard()).toContain('Success: False');
    expect(await dashboard()).toContain('  export: ❌');
    // the killed run's log and this one's
    expect(await count('CRITICAL FAILURE')).toBe('2');
    expect(await count('COMPLETED SUCCESSFULLY')).toBe('2');
    expect(await lastLine(String(failed['run_id']))).toMatch(
      /\[ERROR\] CRITICAL FAILURE - Pipeline stopped at export: /,
    );
    const stderr = (await readFile(daemon('daemon_stderr.log'), 'utf8')).trimEnd().split('\n');
    expect(stderr.some((line) => line.includes(`run ${String(failed['run_id'])} failed at export`))).toBe(
      true,
    );
    expect(new Set(stderr).size).toBe(stderr.length);
    const stdout = await readFile(daemon('daemon_stdout.log'), 'utf8');
    for (const line of stderr) expect(stdout).not.toContain(line);
    expect((await readdir(join(home, LAYOUT.nightlyLogs))).filter((n) => n.endsWith('.jsonl'))).toHaveLength(
      4,
    );
  }, 300_000);
});
