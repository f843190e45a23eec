import type { RunRecord } from '../../src/domain/night/run.js';
import { DEFAULT_INCIDENT_POLICY } from '../../src/domain/watchdog/incident-policy.js';
import type { RunWatchdogDeps, WatchdogSettings } from '../../src/app/watchdog/run-watchdog.js';
import { FakeAlerter } from '../../src/testing/fake-alerter.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FakeProcessLauncher } from '../../src/testing/fake-process-launcher.js';
import { FakeStatusStore } from '../../src/testing/fake-status-store.js';
import { FakeOutsideMemory } from '../../src/testing/fake-outside-memory.js';
import { FakeRunLogs } from '../../src/testing/fake-run-logs.js';

export const HOME = '/home/zl';

export function watchdogSettings(overrides: Partial<WatchdogSettings> = {}): WatchdogSettings {
  return {
    home: HOME,
    host: 'test-host',
    configFile: null,
    health: {
      schedule: { timeZone: 'UTC', time: '23:59' },
      graceMinutes: 90,
      maxAgeHours: 26,
      failuresForIncident: 2,
    },
    incident: DEFAULT_INCIDENT_POLICY,
    stopGraceMs: 30_000,
    historyLimit: 50,
    launchSettleMs: 0,
    ...overrides,
  };
}

/** A run in progress as the watchdog finds it: its lock held by its pid on `host`, its record written. */
export async function holdRunLock(status: FakeStatusStore, run: RunRecord, host = run.host): Promise<void> {
  await status.acquireLock({
    runId: run.run_id,
    pid: run.pid,
    host,
    startedAt: run.started_at,
    deadline: run.deadline,
  });
  await status.recordRun(run);
}

/** Everything runWatchdog touches, as fakes, plus the lines it appended to watchdog.log. */
export function watchdogWorld(start: string, settings = watchdogSettings()) {
  const clock = new FakeClock(start, { autoAdvance: false });
  const logger = new FakeLogger();
  const status = new FakeStatusStore(logger);
  const launcher = new FakeProcessLauncher();
  const alerter = new FakeAlerter('fake');
  const runLogs = new FakeRunLogs();
  const memory = new FakeOutsideMemory();
  const deps: RunWatchdogDeps = {
    clock,
    status,
    launcher,
    alerters: [alerter],
    logger,
    settings,
    logs: runLogs,
    memory,
  };
  return { clock, logger, status, launcher, alerter, runLogs, memory, logLines: status.watchdogLog, deps };
}

export { playedRun } from '../../src/testing/contracts/run-records.js';
