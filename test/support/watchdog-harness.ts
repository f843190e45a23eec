import { DEFAULT_INCIDENT_POLICY } from '../../src/domain/watchdog/incident-policy.js';
import { formatRunId, runLogKey } from '../../src/domain/layout.js';
import type { RunRecord, RunState, RunTrigger } from '../../src/domain/night/run.js';
import type { RunWatchdogDeps, WatchdogSettings } from '../../src/app/watchdog/run-watchdog.js';
import { FakeAlerter } from '../../src/testing/fake-alerter.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FakeProcessLauncher } from '../../src/testing/fake-process-launcher.js';
import { FakeStatusStore } from '../../src/testing/fake-status-store.js';

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
    ...overrides,
  };
}

/** A run in progress as the watchdog finds it: its lock held by its pid on `host`, its record written. */
export async function holdRunLock(status: FakeStatusStore, run: RunRecord, host = run.host): Promise<void> {
  await status.acquireLock({
    runId: run.run_id,
    pid: run.pid,
    host,
    startedAt: run.start_time,
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
  const logLines: string[] = [];
  const deps: RunWatchdogDeps = {
    clock,
    status,
    launcher,
    alerters: [alerter],
    logger,
    settings,
    appendLog: async (line) => {
      logLines.push(line);
    },
  };
  return { clock, logger, status, launcher, alerter, logLines, deps };
}

/** A run record as runNightly writes it; ended runs take 30 minutes. */
export function playedRun(
  start: Date,
  state: RunState,
  trigger: RunTrigger = 'schedule',
  pid = 4242,
): RunRecord {
  const runId = formatRunId(start);
  const ended = state !== 'running';
  return {
    run_id: runId,
    start_time: start.toISOString(),
    end_time: ended ? new Date(start.getTime() + 30 * 60_000).toISOString() : null,
    success: state === 'success' || state === 'partial',
    failed_stage: state === 'failed' ? 'export' : null,
    error: state === 'failed' ? 'warehouse unreachable' : null,
    stages: [],
    schema_version: 1,
    state,
    exit_code: null,
    error_code: state === 'failed' ? 'WAREHOUSE_UNAVAILABLE' : null,
    trigger,
    horizons: ['1m'],
    pid,
    host: 'test-host',
    deadline: new Date(start.getTime() + 4 * 3_600_000).toISOString(),
    log_file: runLogKey(runId),
  };
}
