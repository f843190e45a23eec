import { describe, expect, it } from 'vitest';
import {
  cleanHome,
  ensureFreeSpace,
  type CleanHomeDeps,
} from '../../../../src/app/housekeeping/clean-home.js';
import { FakeArtifactStore } from '../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../src/testing/fake-clock.js';
import { FakeHomeDisk } from '../../../../src/testing/fake-home-disk.js';
import { FakeLogger } from '../../../../src/testing/fake-logger.js';
import { FakeStatusStore } from '../../../../src/testing/fake-status-store.js';

const NOW = '2026-03-01T06:00:00Z';
const OLD_LOG = 'Logs/nightly/nightly_pipeline_20260101_055900.log';
const NEW_LOG = 'Logs/nightly/nightly_pipeline_20260228_055900.log';

function world(free: number) {
  const disk = new FakeHomeDisk();
  disk.free = free;
  disk.put(OLD_LOG, 'x'.repeat(1000), new Date('2026-01-01T06:00:00Z'));
  disk.put(NEW_LOG, 'y'.repeat(10), new Date('2026-02-28T06:00:00Z'));
  const logger = new FakeLogger();
  const deps: CleanHomeDeps = {
    clock: new FakeClock(NOW),
    disk,
    status: new FakeStatusStore(),
    artifacts: new FakeArtifactStore(),
    logger,
    settings: {
      policy: {
        runLogDays: 30,
        modelVersionDays: 7,
        foldCacheDays: 30,
        predictionFiles: 90,
        historyRuns: 400,
        daemonLogBytes: 10_000,
      },
      minFreeBytes: 5_000,
    },
  };
  return { disk, logger, deps };
}

describe('cleanHome', () => {
  it('in a dry run says what would go and deletes nothing', async () => {
    const { disk, deps } = world(1_000_000);
    const report = await cleanHome(deps, { dryRun: true });
    expect(report.actions.map((a) => [a.action.key, a.outcome])).toEqual([[OLD_LOG, 'would']]);
    expect(report.freedBytes).toBe(1000);
    expect(disk.keys()).toContain(OLD_LOG);
  });

  it('cleans the fold cache: an entry unused past foldCacheDays goes, a recently used one stays', async () => {
    const { disk, deps } = world(1_000_000);
    const stale = `Models/fold_cache/${'a'.repeat(64)}.fold`;
    const used = `Models/fold_cache/${'b'.repeat(64)}.fold`;
    disk.put(stale, 'm'.repeat(50), new Date('2026-01-15T06:00:00Z'));
    disk.put(used, 'm'.repeat(50), new Date('2026-02-28T06:00:00Z'));
    const report = await cleanHome(deps, { dryRun: false });
    expect(report.actions.map((a) => a.action.key)).toEqual([OLD_LOG, stale]);
    expect(disk.keys()).toEqual([NEW_LOG, used]);
  });

  it('reports a deletion that fails and goes on', async () => {
    const { disk, deps } = world(1_000_000);
    disk.remove = async () => {
      throw new Error('EACCES');
    };
    const report = await cleanHome(deps, { dryRun: false });
    expect(report.actions.map((a) => a.outcome)).toEqual(['failed']);
    expect(report.freedBytes).toBe(0);
  });
});

describe('ensureFreeSpace', () => {
  it('does nothing while free space is above the minimum', async () => {
    const { disk, deps } = world(10_000);
    expect(await ensureFreeSpace(deps, '20260301_055900')).toBeNull();
    expect(disk.keys()).toContain(OLD_LOG);
  });

  it('cleans first, then warns, when free space is under the minimum', async () => {
    const { disk, logger, deps } = world(4_000);
    const report = await ensureFreeSpace(deps, '20260301_055900');
    expect(report?.actions.map((a) => a.action.key)).toEqual([OLD_LOG]);
    expect(disk.keys()).toEqual([NEW_LOG]);
    const warning = logger.entries.find((e) => e.level === 'warn');
    expect(warning?.message).toBe('free space was under the minimum; old files were cleaned first');
    // the fake's free space does not grow with deletions: still under, and it says so
    expect(warning?.fields).toMatchObject({
      freedBytes: 1000,
      still: 'under the minimum: free some space by hand',
    });
  });
});
