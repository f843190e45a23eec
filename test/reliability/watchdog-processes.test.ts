import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsStatusStore } from '../../src/adapters/fs/fs-status-store.js';
import { DetachedProcessLauncher } from '../../src/adapters/process/detached-process-launcher.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { runWatchdog, type RunWatchdogDeps } from '../../src/app/watchdog/run-watchdog.js';
import { watchdogSettings } from '../support/watchdog-harness.js';
import { LAYOUT } from '../../src/domain/layout.js';
import { FakeAlerter } from '../../src/testing/fake-alerter.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const compiledStore = join(root, 'dist/adapters/fs/fs-status-store.js');
const actor = join(root, 'test/support/home-actor.mjs');

/** Polls until `check` holds or the time is up. */
async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await delay(50);
  }
  throw new Error('condition not met in time');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!existsSync(compiledStore))(
  `watchdog with real processes${existsSync(compiledStore) ? '' : ' (skipped: run `npm run build` first)'}`,
  () => {
    let home: string;
    let children: ChildProcess[];
    let deps: RunWatchdogDeps;
    let status: FsStatusStore;

    beforeEach(async () => {
      home = await mkdtemp(join(tmpdir(), 'cbi-watchdog-'));
      await mkdir(join(home, LAYOUT.nightlyLogs), { recursive: true });
      children = [];
      const logger = new FakeLogger();
      status = new FsStatusStore({ home, host: hostname() }, logger);
      deps = {
        clock: new SystemClock(),
        status,
        launcher: new DetachedProcessLauncher({ entry: [process.execPath, actor], wrapper: [] }),
        alerters: [new FakeAlerter()],
        logger,
        settings: watchdogSettings({ home, host: hostname(), stopGraceMs: 1_000 }),
      };
    });

    afterEach(async () => {
      for (const child of children) if (child.pid !== undefined && alive(child.pid)) child.kill('SIGKILL');
      // The catch-up runs the watchdog started are detached: let them finish (they last about
      // 300 ms) or stop them, so none writes into the home while it is removed.
      const detached = (await fakeRuns()).map((r) => r.pid);
      await until(() => detached.every((pid) => !alive(pid)), 5_000).catch(() => {
        for (const pid of detached) if (alive(pid)) process.kill(pid, 'SIGKILL');
      });
      await until(() => detached.every((pid) => !alive(pid)), 5_000).catch(() => undefined);
      await rm(home, { recursive: true, force: true, maxRetries: 5 });
    });

    async function startHolder(deadline: Date, ignoreTerm = false): Promise<ChildProcess> {
      const args = [
        actor,
        'hold',
        home,
        `20260105_235900`,
        '--deadline',
        deadline.toISOString(),
        ...(ignoreTerm ? ['--ignore-term'] : []),
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('acquired')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`home-actor hold exited early (${String(code)})`)));
      });
      return child;
    }

    async function fakeRuns(): Promise<{ pid: number; args: string[] }[]> {
      const text = await readFile(join(home, 'fake-runs.log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const parsed: unknown = JSON.parse(l);
          if (typeof parsed !== 'object' || parsed === null || !('pid' in parsed) || !('args' in parsed))
            throw new Error('bad fake-runs.log line');
          return { pid: Number(parsed.pid), args: Array.isArray(parsed.args) ? parsed.args.map(String) : [] };
        });
    }

    it('starts nothing while a live run holds the lock', async () => {
      await startHolder(new Date(Date.now() + 3_600_000));
      const report = await runWatchdog(deps, { dryRun: false, pid: process.pid });
      expect(report.state).toBe('running');
      expect(report.actions).toEqual([]);
      await delay(500);
      expect(await fakeRuns()).toEqual([]);
    });

    it('after kill -9 of the run, sees the stale lock, records the failure and starts exactly one catch-up run', async () => {
      const holder = await startHolder(new Date(Date.now() + 3_600_000));
      holder.kill('SIGKILL');
      await until(() => holder.pid !== undefined && !alive(holder.pid));
      const report = await runWatchdog(deps, { dryRun: false, pid: process.pid });
      expect(report.state).toBe('stale');
      expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
        'record_failure:done',
        'start_run:done',
      ]);
      const last = await status.lastRun();
      expect(last).toMatchObject({ run_id: '20260105_235900', state: 'failed', error_code: 'INTERRUPTED' });
      // the dead run's lock is gone; the catch-up run may already hold its own (a race the
      // catch-up wins when it starts fast)
      expect((await status.readLock())?.lock.runId).not.toBe('20260105_235900');
      await until(async () => (await fakeRuns()).length === 1);
      const [run] = await fakeRuns();
      expect(run?.args).toEqual(['run', '--home', home, '--trigger', 'watchdog']);
      expect(run?.pid).toBe(report.actions[1]?.pid);
      // The next hourly check must not pile up another run (the catch-up backs off).
      const again = await runWatchdog(deps, { dryRun: false, pid: process.pid });
      expect(again.actions.filter((a) => a.kind === 'start_run')).toEqual([]);
      await delay(500);
      expect(await fakeRuns()).toHaveLength(1);
      const daemonOut = await readFile(join(home, LAYOUT.daemonStdout), 'utf8');
      expect(daemonOut).toContain(`fake run ${String(run?.pid)} started`);
      const log = (await readFile(join(home, LAYOUT.watchdogLog), 'utf8')).trim().split('\n');
      expect(log).toHaveLength(2);
    });

    it('sets a truncated status file aside and starts a run', async () => {
      await writeFile(join(home, LAYOUT.lastRunStatus), '{"run_id": "20260105_235900", "start_ti');
      const report = await runWatchdog(deps, { dryRun: false, pid: process.pid });
      expect(report.state).toBe('corrupt');
      expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
        'set_aside_status:done',
        'start_run:done',
      ]);
      const names = await readdir(join(home, LAYOUT.nightlyLogs));
      expect(names.filter((n) => n.startsWith('last_run_status.corrupt-'))).toHaveLength(1);
      expect(names).not.toContain('last_run_status.json');
      await until(async () => (await fakeRuns()).length === 1);
    });

    it('stops a run past its deadline (TERM, then KILL when ignored), records it failed and starts a catch-up', async () => {
      const holder = await startHolder(new Date(Date.now() + 1_500), true);
      await delay(1_700);
      const report = await runWatchdog(deps, { dryRun: false, pid: process.pid });
      expect(report.state).toBe('stale');
      expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
        'stop_run:done',
        'record_failure:done',
        'start_run:done',
      ]);
      expect(holder.pid !== undefined && alive(holder.pid)).toBe(false);
      expect(await status.lastRun()).toMatchObject({ state: 'failed', error_code: 'RUN_DEADLINE' });
      await until(async () => (await fakeRuns()).length === 1);
    });

    it('starts exactly one catch-up run when ten watchdog checks start together on a stale lock', async () => {
      const holder = await startHolder(new Date(Date.now() + 3_600_000));
      holder.kill('SIGKILL');
      await until(() => holder.pid !== undefined && !alive(holder.pid));
      const go = join(home, 'go');
      const checks = Array.from({ length: 10 }, () => {
        const child = spawn(process.execPath, [actor, 'watchdog', home, '--go', go], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        let out = '';
        child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
        const done = new Promise<string>((resolve) => child.once('exit', () => resolve(out)));
        return { output: () => out, done };
      });
      await until(() => checks.every((c) => c.output().includes('ready')));
      await writeFile(go, '');
      const reports = (await Promise.all(checks.map((c) => c.done))).map((out) => {
        const line = out.trim().split('\n').at(-1) ?? '{}';
        return z
          .object({ actions: z.array(z.object({ kind: z.string(), outcome: z.string() })) })
          .parse(JSON.parse(line));
      });
      const starts = reports
        .flatMap((r) => r.actions)
        .filter((a) => a.kind === 'start_run' && a.outcome === 'done');
      expect(starts).toHaveLength(1);
      await delay(1_000);
      expect(await fakeRuns()).toHaveLength(1);
    }, 60_000);
  },
);
