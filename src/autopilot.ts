import { join } from 'node:path';
import type { Container, ContainerModule } from 'inversify';
import { createContainer } from './app/composition/container.js';
import { packageRoot, packageVersion } from './app/composition/package-root.js';
import { HOST, NIGHTLY_STAGES, RUN_SETTINGS } from './app/composition/tokens.js';
import type { Config } from './app/config/config-schema.js';
import { loadConfig, type LoadConfigOptions } from './app/config/load-config.js';
import { sendAlerts } from './app/alerts/send-alerts.js';
import { runNightly, type OpenedStages } from './app/night/run-nightly.js';
import type { RunObserver } from './app/night/run-observer.js';
import { readStatus, type StatusReport } from './app/status/read-status.js';
import { cleanHomeSettingsFrom } from './app/config/retention-config.js';
import { writeReport, type WriteReportDeps, type WrittenReport } from './app/report/write-report.js';
import {
  cleanHome,
  ensureFreeSpace,
  type CleanHomeDeps,
  type CleanReport,
} from './app/housekeeping/clean-home.js';
import { runWatchdog, type WatchdogReport } from './app/watchdog/run-watchdog.js';
import { watchdogSettingsFrom } from './app/watchdog/watchdog-settings.js';
import { summarizeError } from './domain/errors.js';
import type { Horizon } from './domain/horizon.js';
import { formatRunId } from './domain/layout.js';
import type { RunRecord, RunTrigger } from './domain/night/run.js';
import { runAlert } from './domain/watchdog/alert-message.js';
import { ALERTERS } from './ports/alerter.port.js';
import { ARTIFACT_STORE } from './ports/artifact-store.port.js';
import { HOME_DISK } from './ports/home-disk.port.js';
import { REPORT_RENDERER } from './ports/report-renderer.port.js';
import { CLOCK, type Clock } from './ports/clock.port.js';
import { LOGGER, type Logger } from './ports/logger.port.js';
import { POWER_MANAGER } from './ports/power-manager.port.js';
import { PROCESS_LAUNCHER } from './ports/process-launcher.port.js';
import { RUN_LOGS } from './ports/run-logs.port.js';
import { SCHEDULER } from './ports/scheduler.port.js';
import { STATUS_STORE } from './ports/status-store.port.js';
import { MACHINE } from './ports/machine.port.js';
import { MODEL_TRAINERS } from './ports/model-trainer.port.js';
import { WAREHOUSE } from './ports/warehouse.port.js';
import { readJobSecrets, shellEnvironment } from './app/config/job-secrets.js';
import { doctorSettingsFrom } from './app/doctor/doctor-settings.js';
import { runDoctor } from './app/doctor/run-doctor.js';
import { installJobs, uninstallJobs, type JobsDeps, type JobsReport } from './app/jobs/install-jobs.js';
import { jobsSettingsFrom } from './app/jobs/jobs-settings.js';
import type { DoctorReport } from './domain/doctor/doctor-report.js';
import type { JobsMode } from './domain/jobs/install-plan.js';

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

export interface InstallOptions {
  /** `user` (default): per-user jobs; `system`: jobs that run with nobody logged in (needs root). */
  readonly mode?: JobsMode;
  /** Plan only: report every file and command, change nothing. */
  readonly dryRun?: boolean;
  /** Replace somebody else's repeating wake. */
  readonly force?: boolean;
  /** The installing shell's environment (default: this process's). */
  readonly shell?: Readonly<Record<string, string | undefined>>;
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
  /**
   * Retention now (the config's `retention`): old run logs, model versions, exports, history,
   * prediction files, oversized daemon logs; never a champion, the last model with skill, or a
   * live run's files. `dryRun` only says what would go.
   */
  clean(options?: { readonly dryRun?: boolean }): Promise<CleanReport>;
  /**
   * The operator's report (forecasts against the real price, walk-forward error of each library
   * and of naive, run history, watchdog, data freshness and quality): one self-contained HTML
   * page, written to `Logs/nightly/report.html` unless `write` is false. Also made after every night.
   */
  report(options?: { readonly write?: boolean }): Promise<WrittenReport>;
  /**
   * Installs the nightly run and the hourly watchdog as OS jobs, idempotently, with the wake
   * before the first run; returns the plan, and the jobs as the OS has them afterwards. A dry
   * run changes nothing. Throws NoPermissionError (root needed, or a job would run as root),
   * SchedulerError (a tool missing or failing), ArtifactIoError.
   */
  install(options?: InstallOptions): Promise<JobsReport>;
  /** Removes the OS jobs of a mode and cbi's own wake; the home's data stays. Throws as install. */
  uninstall(options?: { readonly mode?: JobsMode; readonly dryRun?: boolean }): Promise<JobsReport>;
  /** Checks the machine, the jobs, the wake, the warehouse, the alerts and the last success. Never throws for a check. */
  doctor(options?: { readonly sendTestAlert?: boolean }): Promise<DoctorReport>;
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

  const housekeepingDeps = (log: Logger): CleanHomeDeps => ({
    clock,
    disk: base.get(HOME_DISK),
    status,
    artifacts: base.get(ARTIFACT_STORE),
    logger: log,
    settings: cleanHomeSettingsFrom(config.retention),
  });

  const reportDeps = async (log: Logger): Promise<WriteReportDeps> => ({
    clock,
    status,
    artifacts: base.get(ARTIFACT_STORE),
    renderer: await base.getAsync(REPORT_RENDERER),
    logger: log,
    historyRuns: config.retention.historyRuns,
  });

  const jobsSettings = jobsSettingsFrom(config, join(packageRoot(), 'bin', 'cbi'));
  const jobsDeps = async (): Promise<JobsDeps> => ({
    scheduler: await base.getAsync(SCHEDULER),
    power: await base.getAsync(POWER_MANAGER),
    machine: await base.getAsync(MACHINE),
    status,
    clock,
    settings: jobsSettings,
  });

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
          housekeeping: {
            before: async (runId, runLogger) => {
              await ensureFreeSpace(housekeepingDeps(runLogger), runId);
            },
            after: async (record, runLogger) => {
              await cleanHome(housekeepingDeps(runLogger), { dryRun: false, tonight: record.run_id });
              await writeReport(await reportDeps(runLogger));
            },
          },
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
    clean: async (options = {}) => cleanHome(housekeepingDeps(logger), { dryRun: options.dryRun === true }),
    report: async (options = {}) => writeReport(await reportDeps(logger), options),
    async watchdog(check = {}) {
      return runWatchdog(
        {
          clock,
          status,
          launcher: await base.getAsync(PROCESS_LAUNCHER),
          alerters: await base.getAsync(ALERTERS),
          logger,
          // resolved only when a dead run's log must be ended: an hourly check does not load pino
          logs: { open: async (runId: string) => (await base.getAsync(RUN_LOGS)).open(runId) },
          settings: watchdogSettingsFrom(config, host),
        },
        { dryRun: check.dryRun === true, pid: process.pid },
      );
    },
    async install(install = {}) {
      return installJobs(await jobsDeps(), {
        mode: install.mode ?? 'user',
        dryRun: install.dryRun === true,
        force: install.force === true,
        shell: install.shell ?? shellEnvironment(options.env),
      });
    },
    async uninstall(uninstall = {}) {
      return uninstallJobs(await jobsDeps(), {
        mode: uninstall.mode ?? 'user',
        dryRun: uninstall.dryRun === true,
      });
    },
    async doctor(check = {}) {
      return runDoctor(
        {
          clock,
          machine: await base.getAsync(MACHINE),
          power: await base.getAsync(POWER_MANAGER),
          status,
          scheduler: () => base.getAsync(SCHEDULER),
          trainers: () => base.getAsync(MODEL_TRAINERS),
          warehouse: () => base.getAsync(WAREHOUSE),
          alerters: () => base.getAsync(ALERTERS),
          settings: doctorSettingsFrom(config, jobsSettings, host),
        },
        { sendTestAlert: check.sendTestAlert === true },
      );
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

/**
 * The secret variables of an installed job (the file CBI_SECRETS_FILE names, written by
 * `cbi install` with mode 0600), minus those `env` already sets. Empty outside a job.
 * Throws ConfigError when the file cannot be read.
 */
export function jobSecrets(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  return readJobSecrets(env);
}
