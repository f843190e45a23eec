import { describe, expect, it } from 'vitest';
import { runWatchdog } from '../../../../src/app/watchdog/run-watchdog.js';
import { ArtifactIoError, ProcessFailedError } from '../../../../src/domain/errors.js';
import { FakeAlerter } from '../../../../src/testing/fake-alerter.js';
import { holdRunLock, playedRun, watchdogWorld } from '../../../support/watchdog-harness.js';

const night = new Date('2026-01-05T23:59:00Z');

describe('runWatchdog', () => {
  it('in a dry run says what it would do and changes nothing', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    world.status.corruptReason = 'Unexpected end of JSON input';
    const report = await runWatchdog(world.deps, { dryRun: true, pid: 777 });
    expect(report.state).toBe('corrupt');
    expect(report.actions.map((a) => [a.kind, a.outcome])).toEqual([
      ['set_aside_status', 'would'],
      ['start_run', 'would'],
    ]);
    expect(world.launcher.launched).toEqual([]);
    expect(world.status.setAside).toEqual([]);
    expect(world.logLines).toEqual([]);
    expect(await world.status.incident()).toBeUndefined();
  });

  it('starts nothing while a live run holds the lock, and reports its age', async () => {
    const world = watchdogWorld('2026-01-06T01:00:00Z');
    const run = playedRun(night, 'running');
    await holdRunLock(world.status, run);
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.state).toBe('running');
    expect(report.running?.ageMinutes).toBe(61);
    expect(report.actions).toEqual([]);
    expect(world.launcher.launched).toEqual([]);
  });

  it('does not start when a run took the lock between reading and starting', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    const original = world.status.readLock.bind(world.status);
    let reads = 0;
    world.status.readLock = async () => {
      reads += 1;
      if (reads === 2)
        await world.status.acquireLock({
          runId: 'manual',
          pid: 7,
          host: 'test-host',
          startedAt: '2026-01-06T12:00:00Z',
          deadline: '2026-01-06T16:00:00Z',
        });
      return original();
    };
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.state).toBe('never_run');
    expect(report.actions.map((a) => a.outcome)).toEqual(['skipped']);
    expect(world.launcher.launched).toEqual([]);
  });

  it('stops a run past its deadline, records it failed, releases the lock and starts a catch-up', async () => {
    const world = watchdogWorld('2026-01-06T05:00:00Z');
    const run = playedRun(night, 'running', 'schedule', 9001);
    world.launcher.adopt(9001);
    await holdRunLock(world.status, run);
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      'stop_run:done',
      'record_failure:done',
      'start_run:done',
    ]);
    expect(world.launcher.terminated).toEqual([{ pid: 9001, graceMs: 30_000 }]);
    expect(world.status.latest).toMatchObject({
      run_id: run.run_id,
      state: 'failed',
      error_code: 'RUN_DEADLINE',
    });
    expect(world.launcher.launched).toHaveLength(1);
    expect(world.logLines).toHaveLength(1);
    expect(JSON.parse(world.logLines[0] ?? '{}')).toMatchObject({ state: 'stale', consecutiveFailures: 1 });
    // stopped at its deadline: the run's own log ends as the seed's critical failure
    expect(world.runLogs.verdicts.get(run.run_id)?.marker).toBe('CRITICAL FAILURE');
  });

  it("ends a dead run's log with the seed's PIPELINE EXCEPTION", async () => {
    const world = watchdogWorld('2026-01-06T01:00:00Z');
    const run = playedRun(night, 'running', 'schedule', 9001);
    await holdRunLock(world.status, run);
    world.status.deadPids.add(9001);
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toContain('record_failure:done');
    expect(world.runLogs.verdicts.get(run.run_id)).toMatchObject({
      marker: 'PIPELINE EXCEPTION',
      level: 'error',
    });
    expect(world.status.latest).toMatchObject({ run_id: run.run_id, state: 'failed' });
    expect(await world.status.currentRun()).toBeUndefined();
  });

  it('keeps the record a stopped run wrote of its own end', async () => {
    const world = watchdogWorld('2026-01-06T05:00:00Z');
    const run = playedRun(night, 'running', 'schedule', 9001);
    world.launcher.adopt(9001);
    world.launcher.onTerminate = async () => {
      await world.status.recordRun({
        ...playedRun(night, 'interrupted', 'schedule', 9001),
        failed_stage: 'train_3m',
      });
      await world.status.releaseLock(run.run_id);
    };
    await holdRunLock(world.status, run);
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      'stop_run:done',
      'record_failure:skipped',
      'start_run:done',
    ]);
    expect(world.status.latest).toMatchObject({ state: 'interrupted', failed_stage: 'train_3m' });
    expect(world.runLogs.verdicts.has(run.run_id)).toBe(false);
  });

  it('starts nothing beside a stuck run it could not stop', async () => {
    const world = watchdogWorld('2026-01-06T05:00:00Z');
    const run = playedRun(night, 'running', 'schedule', 9001);
    world.launcher.adopt(9001);
    world.launcher.terminate = async () => {
      throw new ProcessFailedError('process 9001 survived SIGKILL');
    };
    await holdRunLock(world.status, run);
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.actions.map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      'stop_run:failed',
      'record_failure:skipped',
      'start_run:skipped',
    ]);
    expect(report.ok).toBe(false);
    expect(world.launcher.launched).toEqual([]);
    expect(world.status.lock?.runId).toBe(run.run_id);
  });

  it('never signals a pid of a run on another host', async () => {
    const world = watchdogWorld('2026-01-06T05:00:00Z');
    const run = playedRun(night, 'running', 'schedule', 9001);
    world.launcher.adopt(9001);
    await holdRunLock(world.status, run, 'other-mac');
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.actions[0]).toMatchObject({ kind: 'stop_run', outcome: 'skipped' });
    expect(world.launcher.terminated).toEqual([]);
  });

  it('keeps going when one alert channel fails and reports it', async () => {
    const world = watchdogWorld('2026-01-06T03:00:00Z');
    const broken = new FakeAlerter('broken');
    broken.failing = 'connection refused';
    const deps = { ...world.deps, alerters: [broken, world.alerter] };
    await world.status.recordRun(playedRun(new Date('2026-01-04T23:59:00Z'), 'failed'));
    await world.status.recordRun(playedRun(night, 'failed'));
    const report = await runWatchdog(deps, { dryRun: false, pid: 777 });
    const alert = report.actions.find((a) => a.kind === 'alert');
    expect(alert?.outcome).toBe('done');
    expect(alert?.error).toBe('broken: broken: connection refused');
    expect(world.alerter.kindsSent()).toEqual(['incident_opened']);
    expect(world.logger.messages('error')).toContain('alert not delivered');
    expect(await world.status.incident()).toMatchObject({ open: { alertsSent: 1 } });
  });

  it('alerts through the channels before failing on a home it cannot write (exit 74)', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    world.status.acquireWatchdogLock = async () => {
      throw new ArtifactIoError('cannot write /h/Logs/nightly/watchdog.lock: EROFS: read-only file system');
    };
    await expect(runWatchdog(world.deps, { dryRun: false, pid: 777 })).rejects.toBeInstanceOf(
      ArtifactIoError,
    );
    expect(world.alerter.kindsSent()).toEqual(['incident_opened']);
    expect(world.alerter.sent[0]?.subject).toMatch(/the home cannot be written, no night can run$/);
    expect(world.alerter.sent[0]?.body).toContain('EROFS: read-only file system');
    expect(world.launcher.launched).toEqual([]);
  });

  it('in a dry run on a home it cannot write says so (not healthy), as the real check would alert', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    await world.status.recordRun(playedRun(night, 'success'));
    world.status.unwritable = 'cannot write /home/zl/Logs/nightly (EROFS)';
    const report = await runWatchdog(world.deps, { dryRun: true, pid: 777 });
    expect(report.state).toBe('unwritable');
    expect(report.reason).toMatch(
      /^the home cannot be written \(cannot write \/home\/zl\/Logs\/nightly \(EROFS\)\)/,
    );
    expect(report.actions.map((a) => [a.kind, a.outcome])).toEqual([['alert', 'would']]);
    expect(report.ok).toBe(false);
    expect(world.alerter.sent).toEqual([]);
    expect(world.memory.state).toBeUndefined();
    expect(world.logLines).toEqual([]);
  });

  it('paces the alerts of a home it cannot write: once, then a reminder 12 h later, then one notice when writable again', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    await world.status.recordRun(playedRun(night, 'success'));
    const writable = world.status.acquireWatchdogLock.bind(world.status);
    world.status.acquireWatchdogLock = async () => {
      throw new ArtifactIoError('cannot write /home/zl/Logs/nightly/watchdog.lock (EROFS)');
    };
    for (let hour = 0; hour < 13; hour += 1) {
      await expect(runWatchdog(world.deps, { dryRun: false, pid: 777 })).rejects.toBeInstanceOf(
        ArtifactIoError,
      );
      world.clock.advance(3_600_000);
    }
    expect(world.alerter.kindsSent()).toEqual(['incident_opened', 'incident_reminder']);
    expect(world.alerter.sent[0]?.body).toContain('reminds you in 12 h');
    expect(world.alerter.sent[1]?.subject).toMatch(/the home still cannot be written/);
    expect(world.alerter.sent[1]?.body).toContain('Unwritable since 2026-01-06T12:00:00.000Z (13 checks)');
    expect(world.memory.state).toMatchObject({ alertsSent: 2, checks: 13 });
    // each silent check still says it, in the log
    expect(world.logger.messages('error').filter((m) => m === 'the home cannot be written')).toHaveLength(13);

    world.status.acquireWatchdogLock = writable;
    await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(world.alerter.kindsSent()).toEqual(['incident_opened', 'incident_reminder', 'recovered']);
    expect(world.alerter.sent[2]?.subject).toMatch(/the home can be written again$/);
    expect(world.memory.state).toBeUndefined();
  });

  it('alerts at every check when the pacing cannot be kept outside the home either: repeated, never silenced', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    world.status.acquireWatchdogLock = async () => {
      throw new ArtifactIoError('cannot write /home/zl/Logs/nightly/watchdog.lock (EROFS)');
    };
    world.memory.failing = 'cannot write /tmp/cbi-autopilot-0 (EROFS)';
    for (let hour = 0; hour < 2; hour += 1) {
      await expect(runWatchdog(world.deps, { dryRun: false, pid: 777 })).rejects.toBeInstanceOf(
        ArtifactIoError,
      );
      world.clock.advance(3_600_000);
    }
    expect(world.alerter.kindsSent()).toEqual(['incident_opened', 'incident_opened']);
    expect(world.alerter.sent[0]?.body).toContain('this alert repeats at every check');
  });

  it('reports a failed action when the launcher cannot start the run', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    world.launcher.failing = 'ENOENT';
    const report = await runWatchdog(world.deps, { dryRun: false, pid: 777 });
    expect(report.ok).toBe(false);
    expect(report.actions[0]).toMatchObject({ kind: 'start_run', outcome: 'failed' });
  });

  it('passes the config file on to the catch-up run', async () => {
    const world = watchdogWorld('2026-01-06T12:00:00Z');
    await runWatchdog(
      { ...world.deps, settings: { ...world.deps.settings, configFile: '/etc/cbi.json' } },
      { dryRun: false, pid: 777 },
    );
    expect(world.launcher.launched[0]?.request.args).toEqual([
      'run',
      '--home',
      '/home/zl',
      '--trigger',
      'watchdog',
      '--config',
      '/etc/cbi.json',
    ]);
  });
});
