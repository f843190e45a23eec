import { spawn } from 'node:child_process';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsStatusStore } from '../../src/adapters/fs/fs-status-store.js';
import { ArtifactIoError, StatusCorruptError } from '../../src/domain/errors.js';
import { LAYOUT } from '../../src/domain/layout.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { finishedRun, runLock } from '../../src/testing/contracts/run-records.js';
import { NODE_BIN, REPO_ROOT } from '../support/repo.js';
import { LIMITED_HOME_UNAVAILABLE, limitedHome } from '../support/limited-home.js';
import { tempHome } from '../support/temp-home.js';
import { statusStoreContract } from '../../src/testing/contracts/status-store.contract.js';

// twice: as it is, and with the records kept parsed between reads (ParsedFileMemo), which
// changes no answer: a truncated or damaged file is refused as without it
for (const memo of [false, true]) {
  statusStoreContract(memo ? 'fs with a parsed-file memo' : 'fs', async () => {
    const { home, dispose } = await tempHome();
    const memoDir = memo ? await tempHome() : undefined;
    const store = new FsStatusStore(
      { home, host: 'test-host', parsedMemoDir: memoDir?.home },
      new FakeLogger(),
    );
    return {
      store,
      livePid: process.pid,
      truncateLatest: async () => {
        const path = join(home, LAYOUT.lastRunStatus);
        const size = (await readFile(path)).length;
        await truncate(path, Math.floor(size / 2));
      },
      killPid: async () => undefined, // the pid of the contract's crashed run does not exist on this machine
      dispose: async () => {
        await dispose();
        await memoDir?.dispose();
      },
    };
  });
}

function holder(home: string, runId: string, goFile: string, holdMs: number) {
  const child = spawn(
    NODE_BIN,
    [
      join(REPO_ROOT, 'test/support/home-actor.mjs'),
      'hold',
      home,
      runId,
      ...(goFile === 'now' ? [] : ['--go', goFile]),
      '--hold-ms',
      String(holdMs),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out: out.trim() })),
  );
  return { child, exited, output: () => out };
}

describe('FsStatusStore with real processes', () => {
  it('lets exactly one of four racing processes take the lock and record a run', async () => {
    const { home, dispose } = await tempHome();
    try {
      const go = join(home, 'go');
      const racers = ['r1', 'r2', 'r3', 'r4'].map((id) => holder(home, id, go, 2_000));
      while (!racers.every((r) => r.output().includes('ready'))) await new Promise((r) => setTimeout(r, 10));
      await writeFile(go, '');
      const results = await Promise.all(racers.map((r) => r.exited));
      expect(results.every((r) => r.code === 0)).toBe(true);
      const lastLine = (out: string): string => out.split('\n').at(-1) ?? '';
      const winners = results.filter((r) => lastLine(r.out).startsWith('acquired'));
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => lastLine(r.out).startsWith('locked'))).toHaveLength(3);
      const store = new FsStatusStore({ home, host: hostname() }, new FakeLogger());
      expect((await store.recentRuns(10)).map((r) => r.run_id)).toEqual([
        lastLine(winners[0]?.out ?? '').split(' ')[1],
      ]);
      expect(await store.readLock()).toBeUndefined();
    } finally {
      await dispose();
    }
  });

  it('detects the lock of a process killed with kill -9 as stale and takes it over, logging it', async () => {
    const { home, dispose } = await tempHome();
    try {
      const run = holder(home, 'killed', 'now', 60_000);
      while (!run.output().includes('acquired')) await new Promise((r) => setTimeout(r, 25));
      const logger = new FakeLogger();
      const store = new FsStatusStore({ home, host: hostname() }, logger);
      expect(await store.readLock()).toMatchObject({
        lock: { runId: 'killed', pid: run.child.pid },
        alive: true,
      });
      await expect(store.acquireLock(runLock('too-early', process.pid, hostname()))).rejects.toMatchObject({
        code: 'RUN_LOCKED',
      });

      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      expect(await store.readLock()).toMatchObject({ lock: { runId: 'killed' }, alive: false });
      await store.acquireLock(runLock('catch-up', process.pid, hostname()));
      expect((await store.readLock())?.lock.runId).toBe('catch-up');
      expect(logger.entries.find((e) => e.message === 'took over a stale run lock')?.fields).toMatchObject({
        staleRunId: 'killed',
        stalePid: run.child.pid,
      });
      // the killed run's record still says running (as the current run): the watchdog turns that into a failure
      expect((await store.currentRun())?.state).toBe('running');
    } finally {
      await dispose();
    }
  });

  it('writes the status with the seed keys and no temporary files left behind', async () => {
    const { home, dispose } = await tempHome();
    try {
      const store = new FsStatusStore({ home, host: 'test-host' }, new FakeLogger());
      await store.recordRun(finishedRun('20261127_235900'));
      const json: unknown = JSON.parse(await readFile(join(home, LAYOUT.lastRunStatus), 'utf8'));
      expect(Object.keys(json as object).slice(0, 7)).toEqual([
        'run_id',
        'start_time',
        'end_time',
        'success',
        'failed_stage',
        'error',
        'stages',
      ]);
      expect(Object.keys((json as { stages: object[] }).stages[0] ?? {}).slice(0, 7)).toEqual([
        'name',
        'success',
        'start_time',
        'end_time',
        'duration_seconds',
        'error',
        'retries',
      ]);
      const { readdir } = await import('node:fs/promises');
      expect((await readdir(join(home, LAYOUT.nightlyLogs))).sort()).toEqual([
        'last_run_status.json',
        'runs',
      ]);
    } finally {
      await dispose();
    }
  });

  it('names the field that makes a status file invalid', async () => {
    const { home, dispose } = await tempHome();
    try {
      const store = new FsStatusStore({ home, host: 'test-host' }, new FakeLogger());
      await store.recordRun(finishedRun('20261127_235900'));
      await writeFile(
        join(home, LAYOUT.lastRunStatus),
        JSON.stringify({ ...finishedRun('x'), state: 'exploded' }),
      );
      const error = await store.lastRun().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StatusCorruptError);
      expect((error as Error).message).toMatch(/last_run_status\.json is not a valid run status \(state: /);
    } finally {
      await dispose();
    }
  });

  it('treats an unreadable lock file as stale', async () => {
    const { home, dispose } = await tempHome();
    try {
      const logger = new FakeLogger();
      const store = new FsStatusStore({ home, host: 'test-host' }, logger);
      await store.acquireLock(runLock('r1', process.pid));
      await writeFile(join(home, LAYOUT.runLock), '{"runId": "r1", "pi');
      await store.acquireLock(runLock('r2', process.pid));
      expect((await store.readLock())?.lock.runId).toBe('r2');
      expect(logger.messages('warn')).toContain('run lock unreadable; treating it as stale');
    } finally {
      await dispose();
    }
  });

  it.each([
    {
      name: 'a live pid that started at another time (reused after a power cut)',
      edit: { processStart: 'ticks:1' },
    },
    { name: 'a lock taken in an earlier boot', edit: { bootId: '00000000-dead-beef-0000-000000000000' } },
  ])('judges the holder gone for $name, though its pid lives, and takes the lock over', async ({ edit }) => {
    const { home, dispose } = await tempHome();
    try {
      const store = new FsStatusStore({ home, host: 'test-host' }, new FakeLogger());
      await store.acquireLock(runLock('before', process.pid));
      const written: unknown = JSON.parse(await readFile(join(home, LAYOUT.runLock), 'utf8'));
      expect(written).toMatchObject({ bootId: expect.any(String), processStart: expect.any(String) });
      await writeFile(join(home, LAYOUT.runLock), JSON.stringify({ ...(written as object), ...edit }));
      expect((await store.readLock())?.alive).toBe(false);
      await store.acquireLock(runLock('after', process.pid));
      expect((await store.readLock())?.lock.runId).toBe('after');
    } finally {
      await dispose();
    }
  });

  it.skipIf(LIMITED_HOME_UNAVAILABLE !== undefined)(
    `says a read-only home cannot take the lock with ArtifactIoError (exit 74), not a bug${LIMITED_HOME_UNAVAILABLE ? ` (skipped: ${LIMITED_HOME_UNAVAILABLE})` : ''}`,
    async () => {
      const limited = await limitedHome();
      try {
        await limited.makeReadOnly();
        const store = new FsStatusStore({ home: limited.home, host: 'test-host' }, new FakeLogger());
        const error = await store.acquireLock(runLock('r1', process.pid)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ArtifactIoError);
        expect((error as ArtifactIoError).hint).toMatch(/read-only|not writable/);
      } finally {
        await limited.dispose();
      }
    },
  );

  it.skipIf(LIMITED_HOME_UNAVAILABLE !== undefined)(
    `says a read-only home cannot be written without writing anything (what a dry run asks)${LIMITED_HOME_UNAVAILABLE ? ` (skipped: ${LIMITED_HOME_UNAVAILABLE})` : ''}`,
    async () => {
      const limited = await limitedHome();
      try {
        const store = new FsStatusStore({ home: limited.home, host: 'test-host' }, new FakeLogger());
        // no Logs/nightly yet: the home itself must take the write, and does
        expect(await store.cannotWrite()).toBeUndefined();
        await limited.makeReadOnly();
        expect(await store.cannotWrite()).toMatch(/^cannot write .*\((EROFS|EACCES)\)$/);
      } finally {
        await limited.dispose();
      }
    },
  );
});
