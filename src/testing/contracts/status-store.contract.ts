import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunLockedError, StatusCorruptError } from '../../domain/errors.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import { finishedRun, runLock } from './run-records.js';
import { contractTitle } from './contract-title.js';

export interface StatusStoreSubject {
  readonly store: StatusStore;
  /** Damages the latest-run file the way a crash mid-write in place would (the seed's fault). */
  truncateLatest(): Promise<void>;
  /** Makes the process of this pid count as dead. */
  killPid(pid: number): Promise<void>;
  /** A pid that is alive for this store. */
  readonly livePid: number;
  dispose(): Promise<void>;
}

/** What every StatusStore must do; run against the fake and the fs adapter. */
export function statusStoreContract(
  name: string,
  create: () => Promise<StatusStoreSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('StatusStore', name, skip), () => {
    let subject: StatusStoreSubject;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(() => subject.dispose());

    it('has no last run before the first is recorded', async () => {
      expect(await subject.store.lastRun()).toBeUndefined();
      expect(await subject.store.recentRuns(5)).toEqual([]);
    });

    it('returns the recorded run as the last run and in the history, newest first', async () => {
      await subject.store.recordRun(finishedRun('20261126_235900', 'failed', 'quality'));
      await subject.store.recordRun(finishedRun('20261127_235900'));
      expect((await subject.store.lastRun())?.run_id).toBe('20261127_235900');
      expect((await subject.store.recentRuns(5)).map((r) => r.run_id)).toEqual([
        '20261127_235900',
        '20261126_235900',
      ]);
      expect((await subject.store.recentRuns(1)).map((r) => r.run_id)).toEqual(['20261127_235900']);
      expect(await subject.store.lastRun()).toEqual(finishedRun('20261127_235900'));
    });

    it('keeps a running run out of the latest-run file: it is the current run until it ends', async () => {
      await subject.store.recordRun(finishedRun('20261126_235900'));
      await subject.store.recordRun(finishedRun('20261127_235900', 'running'));
      expect((await subject.store.lastRun())?.run_id).toBe('20261126_235900');
      expect((await subject.store.currentRun())?.run_id).toBe('20261127_235900');
      expect((await subject.store.recentRuns(1))[0]?.state).toBe('running');
      await subject.store.recordRun(finishedRun('20261127_235900', 'failed'));
      expect((await subject.store.lastRun())?.state).toBe('failed');
      expect(await subject.store.currentRun()).toBeUndefined();
    });

    it("leaves another run's current record when an older run is closed", async () => {
      await subject.store.recordRun(finishedRun('20261128_235900', 'running'));
      await subject.store.recordRun(finishedRun('20261127_235900', 'failed'));
      expect((await subject.store.currentRun())?.run_id).toBe('20261128_235900');
    });

    it('says a home it can write can be written', async () => {
      expect(await subject.store.cannotWrite()).toBeUndefined();
    });

    it('reads back the last lines of the watchdog log, oldest first', async () => {
      expect(await subject.store.readWatchdogLog(5)).toEqual([]);
      for (const n of [1, 2, 3]) await subject.store.appendWatchdogLog(`{"check":${n}}`);
      expect(await subject.store.readWatchdogLog(2)).toEqual(['{"check":2}', '{"check":3}']);
    });

    it('replaces a run record of the same id instead of adding one', async () => {
      await subject.store.recordRun(finishedRun('20261127_235900', 'running'));
      await subject.store.recordRun(finishedRun('20261127_235900'));
      expect(await subject.store.recentRuns(5)).toEqual([finishedRun('20261127_235900')]);
    });

    it('reports a truncated status file as corrupt instead of crashing, and can set it aside', async () => {
      await subject.store.recordRun(finishedRun('20261127_235900'));
      await subject.truncateLatest();
      await expect(subject.store.lastRun()).rejects.toBeInstanceOf(StatusCorruptError);
      expect((await subject.store.recentRuns(5)).map((r) => r.run_id)).toEqual(['20261127_235900']);
      const where = await subject.store.setAsideCorruptStatus('2026-11-28T01:00:00.000Z');
      expect(where).toMatch(/last_run_status\.corrupt-.*\.json$/);
      expect(await subject.store.lastRun()).toBeUndefined();
      expect(await subject.store.setAsideCorruptStatus('2026-11-28T02:00:00.000Z')).toBeUndefined();
    });

    it('refuses a second lock while the first is held', async () => {
      await subject.store.acquireLock(runLock('r1', subject.livePid));
      await expect(subject.store.acquireLock(runLock('r2', subject.livePid))).rejects.toBeInstanceOf(
        RunLockedError,
      );
      const state = await subject.store.readLock();
      // the store may add what makes the holder's process unique (boot id, start time)
      expect(state).toMatchObject({ lock: runLock('r1', subject.livePid), alive: true });
    });

    it('frees the lock on release by its holder only', async () => {
      await subject.store.acquireLock(runLock('r1', subject.livePid));
      await subject.store.releaseLock('r2');
      expect((await subject.store.readLock())?.lock.runId).toBe('r1');
      await subject.store.releaseLock('r1');
      expect(await subject.store.readLock()).toBeUndefined();
      await subject.store.acquireLock(runLock('r3', subject.livePid));
      expect((await subject.store.readLock())?.lock.runId).toBe('r3');
    });

    it('sees a lock whose process died as stale and lets the next run take it over', async () => {
      const deadPid = 2_000_000_000;
      await subject.store.acquireLock(runLock('crashed', deadPid));
      await subject.killPid(deadPid);
      expect(await subject.store.readLock()).toMatchObject({
        lock: runLock('crashed', deadPid),
        alive: false,
      });
      await subject.store.acquireLock(runLock('catch-up', subject.livePid));
      expect((await subject.store.readLock())?.lock.runId).toBe('catch-up');
    });

    it('lets one watchdog check hold the watchdog lock at a time, and a dead check lose it', async () => {
      const first = { pid: subject.livePid, host: 'test-host', startedAt: '2026-11-29T01:00:00.000Z' };
      expect(await subject.store.acquireWatchdogLock(first)).toBe(true);
      expect(
        await subject.store.acquireWatchdogLock({ ...first, startedAt: '2026-11-29T01:00:01.000Z' }),
      ).toBe(false);
      await subject.store.releaseWatchdogLock(subject.livePid);
      const deadPid = 2_000_000_001;
      expect(await subject.store.acquireWatchdogLock({ ...first, pid: deadPid })).toBe(true);
      await subject.killPid(deadPid);
      expect(await subject.store.acquireWatchdogLock(first)).toBe(true);
      await subject.store.releaseWatchdogLock(subject.livePid);
    });

    it('keeps the incident state', async () => {
      expect(await subject.store.incident()).toBeUndefined();
      const state = {
        open: {
          openedAt: '2026-11-28T01:00:00.000Z',
          lastAlertAt: '2026-11-28T01:00:00.000Z',
          alertsSent: 1,
          firstRunId: 'r1',
        },
        lastStartAt: '2026-11-28T01:00:00.000Z',
        startsSinceSuccess: 2,
      };
      await subject.store.saveIncident(state);
      expect(await subject.store.incident()).toEqual(state);
    });
  });
}
