import { join } from 'node:path';
import { ContainerModule, type ResolutionContext } from 'inversify';
import { priceUnitOf } from '../../../domain/data/target-price-unit.js';
import { formatRunId } from '../../../domain/layout.js';
import { repairAlert, runAlert } from '../../../domain/watchdog/alert-message.js';
import { ALERTERS } from '../../../ports/alerter.port.js';
import { ARTIFACT_STORE } from '../../../ports/artifact-store.port.js';
import { CLOCK } from '../../../ports/clock.port.js';
import { HOME_DISK } from '../../../ports/home-disk.port.js';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { MACHINE } from '../../../ports/machine.port.js';
import { MODEL_TRAINERS } from '../../../ports/model-trainer.port.js';
import { OUTSIDE_MEMORY } from '../../../ports/outside-memory.port.js';
import { POWER_MANAGER } from '../../../ports/power-manager.port.js';
import { PROCESS_LAUNCHER } from '../../../ports/process-launcher.port.js';
import { REPORT_RENDERER } from '../../../ports/report-renderer.port.js';
import { RUN_LOGS } from '../../../ports/run-logs.port.js';
import { SCHEDULER } from '../../../ports/scheduler.port.js';
import { STATUS_STORE } from '../../../ports/status-store.port.js';
import { WAREHOUSE } from '../../../ports/warehouse.port.js';
import type { Config } from '../../config/config-schema.js';
import { byWarehouseKind } from '../../config/warehouse-kind.js';
import type { CleanHomeDeps } from '../../housekeeping/clean-home.js';
import type { JobsDeps } from '../../jobs/install-jobs.js';
import type { WriteReportDeps } from '../../report/write-report.js';
import { packageRoot } from '../package-root.js';
import { HOST, OPEN_STAGES, PROCESS_ID, RANDOM, RUN_SETTINGS } from '../tokens.js';
import { USE_CASES, type UseCases } from '../use-cases.js';
import type { Runtime } from './core.module.js';

/**
 * USE_CASES: every use case with its dependencies gathered from the container, each resolved
 * when first called and its code imported then, so `cbi status` loads only what reading the
 * status needs. A night's stages come from OPEN_STAGES: a child container of the run's own.
 */
export function useCasesModule(config: Config, runtime: Runtime = {}): ContainerModule {
  return new ContainerModule((options) => {
    options
      .bind(USE_CASES)
      .toDynamicValue((context) => useCases(config, runtime, context))
      .inSingletonScope();
  });
}

function useCases(config: Config, runtime: Runtime, context: ResolutionContext): UseCases {
  const clock = context.get(CLOCK);
  const logger = context.get(LOGGER);
  const host = context.get(HOST);
  const status = context.get(STATUS_STORE);

  const housekeepingDeps = async (log: Logger): Promise<CleanHomeDeps> => {
    const { cleanHomeSettingsFrom } = await import('../../config/retention-config.js');
    return {
      clock,
      disk: context.get(HOME_DISK),
      status,
      artifacts: context.get(ARTIFACT_STORE),
      logger: log,
      settings: cleanHomeSettingsFrom(config.retention),
    };
  };

  const reportDeps = async (log: Logger): Promise<WriteReportDeps> => ({
    clock,
    status,
    artifacts: context.get(ARTIFACT_STORE),
    renderer: await context.getAsync(REPORT_RENDERER),
    logger: log,
    historyRuns: config.retention.historyRuns,
    // the source fills only the embedded warehouse; BigQuery's tables have only the set unit
    priceUnit: byWarehouseKind(config.warehouse, {
      duckdb: () => priceUnitOf(config.source),
      bigquery: () => config.source.priceUnit ?? null,
    }),
  });

  const jobsSettings = async () => {
    const { jobsSettingsFrom } = await import('../../jobs/jobs-settings.js');
    return jobsSettingsFrom(config, join(packageRoot(), 'bin', 'cbi'));
  };
  const jobsDeps = async (): Promise<JobsDeps> => ({
    scheduler: await context.getAsync(SCHEDULER),
    power: await context.getAsync(POWER_MANAGER),
    machine: await context.getAsync(MACHINE),
    status,
    clock,
    settings: await jobsSettings(),
  });

  return {
    async runNight(run = {}) {
      const [
        { runNightly },
        { cleanHome, ensureFreeSpace },
        { writeReport },
        { sendAlerts },
        { checkSourceSetup },
      ] = await Promise.all([
        import('../../night/run-nightly.js'),
        import('../../housekeeping/clean-home.js'),
        import('../../report/write-report.js'),
        import('../../alerts/send-alerts.js'),
        import('../../night/check-source-setup.js'),
      ]);
      const alerters = await context.getAsync(ALERTERS);
      const settings = context.get(RUN_SETTINGS);
      return runNightly(
        {
          clock,
          status,
          power: await context.getAsync(POWER_MANAGER),
          logs: await context.getAsync(RUN_LOGS),
          // a source that cannot work fails the first stage as one exit-78 line, before any stage runs
          openStages: async (runLogger) => {
            await checkSourceSetup(config, {
              horizons: run.horizons ?? settings.horizons,
              minHorizons: settings.minHorizons,
            });
            return context.get(OPEN_STAGES)(runLogger);
          },
          settings: run.horizons === undefined ? settings : { ...settings, horizons: run.horizons },
          random: context.get(RANDOM),
          observer: run.observer,
          housekeeping: {
            before: async (runId, runLogger) => {
              await ensureFreeSpace(await housekeepingDeps(runLogger), runId);
            },
            after: async (record, runLogger) => {
              await cleanHome(await housekeepingDeps(runLogger), { dryRun: false, tonight: record.run_id });
              await writeReport(await reportDeps(runLogger));
            },
          },
          // a person's shell set these; the jobs and the catch-up runs read only the config file
          recordEnvironment:
            (run.trigger ?? 'manual') === 'manual'
              ? async () => {
                  const { recordRunEnvironment } = await import('../../config/record-home-config.js');
                  return recordRunEnvironment(config);
                }
              : undefined,
          notify: async (kind, record) => {
            const origin = { now: clock.now(), host, home: config.home };
            await sendAlerts(
              { alerters, logger },
              kind === 'repaired' ? repairAlert(record, origin) : runAlert(kind, record, origin),
            );
          },
        },
        {
          runId: formatRunId(clock.now()),
          trigger: run.trigger ?? 'manual',
          pid: context.get(PROCESS_ID),
          host,
          ...(run.interrupt === undefined ? {} : { interrupt: run.interrupt }),
        },
      );
    },
    async status(query = {}) {
      const { readStatus } = await import('../../status/read-status.js');
      return readStatus({ clock, status }, { recent: query.recent ?? 5 });
    },
    async clean(options = {}) {
      const { cleanHome } = await import('../../housekeeping/clean-home.js');
      return cleanHome(await housekeepingDeps(logger), { dryRun: options.dryRun === true });
    },
    async report(options = {}) {
      const { writeReport } = await import('../../report/write-report.js');
      return writeReport(await reportDeps(logger), options);
    },
    async watchdog(check = {}) {
      const [{ runWatchdog }, { watchdogSettingsFrom }] = await Promise.all([
        import('../../watchdog/run-watchdog.js'),
        import('../../watchdog/watchdog-settings.js'),
      ]);
      return runWatchdog(
        {
          clock,
          status,
          launcher: await context.getAsync(PROCESS_LAUNCHER),
          alerters: await context.getAsync(ALERTERS),
          logger,
          // resolved only when a dead run's log must be ended: an hourly check does not load pino
          logs: { open: async (runId: string) => (await context.getAsync(RUN_LOGS)).open(runId) },
          memory: context.get(OUTSIDE_MEMORY),
          settings: watchdogSettingsFrom(config, host),
        },
        { dryRun: check.dryRun === true, pid: context.get(PROCESS_ID) },
      );
    },
    async install(install = {}) {
      const [{ installJobs }, { shellEnvironment }] = await Promise.all([
        import('../../jobs/install-jobs.js'),
        import('../../config/job-secrets.js'),
      ]);
      return installJobs(await jobsDeps(), {
        mode: install.mode ?? 'user',
        dryRun: install.dryRun === true,
        force: install.force === true,
        shell: install.shell ?? shellEnvironment(runtime.env),
      });
    },
    async uninstall(uninstall = {}) {
      const { uninstallJobs } = await import('../../jobs/install-jobs.js');
      return uninstallJobs(await jobsDeps(), {
        mode: uninstall.mode ?? 'user',
        dryRun: uninstall.dryRun === true,
      });
    },
    async doctor(check = {}) {
      const [{ runDoctor }, { doctorSettingsFrom }] = await Promise.all([
        import('../../doctor/run-doctor.js'),
        import('../../doctor/doctor-settings.js'),
      ]);
      return runDoctor(
        {
          clock,
          machine: await context.getAsync(MACHINE),
          power: await context.getAsync(POWER_MANAGER),
          status,
          scheduler: () => context.getAsync(SCHEDULER),
          trainers: () => context.getAsync(MODEL_TRAINERS),
          warehouse: () => context.getAsync(WAREHOUSE),
          alerters: () => context.getAsync(ALERTERS),
          settings: doctorSettingsFrom(config, await jobsSettings(), host),
        },
        { sendTestAlert: check.sendTestAlert === true },
      );
    },
  };
}
