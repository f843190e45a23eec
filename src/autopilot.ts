import type { Container, ContainerModule } from 'inversify';
import { createContainer } from './app/composition/container.js';
import { packageVersion } from './app/composition/package-root.js';
import { HOST, NIGHTLY_STAGES, RUN_SETTINGS } from './app/composition/tokens.js';
import { loadConfig, type Config, type LoadConfigOptions } from './app/config/load-config.js';
import { sendAlerts } from './app/alerts/send-alerts.js';
import { runNightly, type OpenedStages } from './app/night/run-nightly.js';
import type { RunObserver } from './app/night/run-observer.js';
import { readStatus, type StatusReport } from './app/status/read-status.js';
import { runWatchdog, type WatchdogReport } from './app/watchdog/run-watchdog.js';
import { watchdogSettingsFrom } from './app/watchdog/watchdog-settings.js';
import { summarizeError } from './domain/errors.js';
import type { Horizon } from './domain/horizon.js';
import { formatRunId } from './domain/layout.js';
import type { RunRecord, RunTrigger } from './domain/night/run.js';
import { runAlert } from './domain/watchdog/alert-message.js';
import { ALERTERS } from './ports/alerter.port.js';
import { CLOCK, type Clock } from './ports/clock.port.js';
import { LOGGER, type Logger } from './ports/logger.port.js';
import { POWER_MANAGER } from './ports/power-manager.port.js';
import { PROCESS_LAUNCHER } from './ports/process-launcher.port.js';
import { RUN_LOGS } from './ports/run-logs.port.js';
import { SCHEDULER, type ScheduledJob } from './ports/scheduler.port.js';
import { STATUS_STORE } from './ports/status-store.port.js';

export interface OpenAutopilotOptions extends LoadConfigOptions {
  /** A config made by loadConfig; when given, home, configFile, env and overrides are not read. */
  readonly config?: Config;
  /** Container modules loaded last: rebind a port's token to plug in your own adapter. */
  readonly modules?: readonly ContainerModule[];
  /** Receives every event, the runs' too (instead of the run log files). */
  readonly logger?: Logger;
  /** Your clock instead of the system's. */
  readonly clock?: Clock;
  /** Also write each run's JSON log lines to stdout. Default false. */
  readonly logToStdout?: boolean;
}

export interface RunNightOptions {
  /** Who started it; recorded in the run. Default 'manual'. */
  readonly trigger?: RunTrigger;
  /** These horizons instead of the config's. */
  readonly horizons?: readonly Horizon[];
  /** Abort it to stop the run cleanly (the status says interrupted, the lock is released). */
  readonly interrupt?: AbortSignal;
  /** Progress callbacks (stage started, retried, ended). */
  readonly observer?: RunObserver;
}

/** cbi-autopilot, wired for one home: what the CLI and the OS jobs use, and other tools may. */
export interface Autopilot {
  /** The validated configuration in force. */
  readonly config: Config;
  /**
   * Runs one night now and returns its final record (whatever the outcome: a failed night is a
   * record with state `failed`, not a throw). Throws RunLockedError while another live run holds
   * the home's lock (nothing is written then), ArtifactIoError when the home cannot be written.
   */
  runNight(options?: RunNightOptions): Promise<RunRecord>;
  /** The last run, its age, the lock and the recent runs. */
  status(options?: { readonly recent?: number }): Promise<StatusReport>;
  /** One watchdog check, acting on what it finds unless `dryRun`. */
  watchdog(options?: { readonly dryRun?: boolean }): Promise<WatchdogReport>;
  /** Installs the nightly run and the hourly watchdog as OS jobs (idempotent). Throws SchedulerError. */
  install(): Promise<readonly ScheduledJob[]>;
  /** Removes the OS jobs; returns what is left (nothing, normally). */
  uninstall(): Promise<readonly ScheduledJob[]>;
  /** Lets go of everything opened (connections, files). Never throws. */
  close(): Promise<void>;
}

/**
 * Opens cbi-autopilot on a home: reads the config (file, CBI_* variables, overrides; throws
 * ConfigError with one clear line) unless one is given, and wires the adapters it chooses.
 * Nothing heavy is opened until an operation needs it (`status` never loads DuckDB or koffi).
 */
export async function openAutopilot(options: OpenAutopilotOptions = {}): Promise<Autopilot> {
  const config = options.config ?? (await loadConfig(options));
  const modules = options.modules ?? [];
  const base = await createContainer(
    config,
    { logger: options.logger, clock: options.clock, logToStdout: options.logToStdout },
    ...modules,
  );
  const clock = base.get(CLOCK);
  const logger = base.get(LOGGER);
  const host = base.get(HOST);
  const status = base.get(STATUS_STORE);

  const openStages = async (runLogger: Logger): Promise<OpenedStages> => {
    // Each run gets its own container: the warehouse it opens (a DuckDB file lock) is let go
    // when the run ends, and the run's adapters log to the run's log.
    const run = await createContainer(config, { logger: runLogger, clock }, ...modules);
    try {
      return { stages: await run.getAsync(NIGHTLY_STAGES), close: () => dispose(run, runLogger) };
    } catch (error) {
      await dispose(run, runLogger);
      throw error;
    }
  };

  return {
    config,
    async runNight(run = {}) {
      const alerters = await base.getAsync(ALERTERS);
      const settings = base.get(RUN_SETTINGS);
      return runNightly(
        {
          clock,
          status,
          power: await base.getAsync(POWER_MANAGER),
          logs: await base.getAsync(RUN_LOGS),
          openStages,
          settings: run.horizons === undefined ? settings : { ...settings, horizons: run.horizons },
          random: Math.random,
          observer: run.observer,
          notify: async (kind, record) => {
            await sendAlerts(
              { alerters, logger },
              runAlert(kind, record, { now: clock.now(), host, home: config.home }),
            );
          },
        },
        {
          runId: formatRunId(clock.now()),
          trigger: run.trigger ?? 'manual',
          pid: process.pid,
          host,
          ...(run.interrupt === undefined ? {} : { interrupt: run.interrupt }),
        },
      );
    },
    status: async (query = {}) => readStatus({ clock, status }, { recent: query.recent ?? 5 }),
    async watchdog(check = {}) {
      return runWatchdog(
        {
          clock,
          status,
          launcher: await base.getAsync(PROCESS_LAUNCHER),
          alerters: await base.getAsync(ALERTERS),
          logger,
          settings: watchdogSettingsFrom(config, host),
        },
        { dryRun: check.dryRun === true, pid: process.pid },
      );
    },
    install: async () => (await base.getAsync(SCHEDULER)).install(),
    async uninstall() {
      const scheduler = await base.getAsync(SCHEDULER);
      await scheduler.uninstall();
      return scheduler.inspect();
    },
    close: () => dispose(base, logger),
  };
}

/** Unbinds a container, closing what it opened; a failure to close is logged, never thrown. */
async function dispose(container: Container, logger: Logger): Promise<void> {
  try {
    await container.unbindAllAsync();
  } catch (error) {
    logger.warn('could not close everything the run opened', { error: summarizeError(error).message });
  }
}

/** The installed cbi-autopilot's version (its package.json). */
export function autopilotVersion(): string {
  return packageVersion();
}
