/**
 * cbi-autopilot as a library. Most tools need one call: `openAutopilot({ home })` gives the
 * night, the status, the watchdog and the OS jobs of a home, wired from its config (the CLI is a
 * thin shell over it). The lower-level parts stay exported for tools that wire their own
 * adapters: the use cases over ports, the composition root, the ports and their tokens.
 */

// The one wired entry
export {
  openAutopilot,
  type Autopilot,
  type InstallOptions,
  type OpenAutopilotOptions,
  type RunNightOptions,
} from './autopilot.js';

// Use cases over ports you pass in (for tools with their own wiring)
/** One nightly run: lock, record, stages under the deadline, final record. */
export {
  runNightly,
  type OpenedStages,
  type RunNightlyDeps,
  type RunNightlyInput,
  type RunSettings,
  type RunNotice,
} from './app/night/run-nightly.js';
/** The status report of a home: last run, its age, the lock, recent runs. */
export { readStatus, type ReadStatusDeps, type StatusReport } from './app/status/read-status.js';
export {
  REPORT_KEY,
  writeReport,
  type WriteReportDeps,
  type WrittenReport,
} from './app/report/write-report.js';
export {
  cleanHome,
  ensureFreeSpace,
  type CleanedAction,
  type CleanHomeDeps,
  type CleanHomeInput,
  type CleanHomeSettings,
  type CleanReport,
} from './app/housekeeping/clean-home.js';
/** One watchdog check: judge health, then act (start, stop, set aside, alert). */
export {
  runWatchdog,
  type RunWatchdogDeps,
  type RunWatchdogInput,
  type WatchdogReport,
  type WatchdogSettings,
} from './app/watchdog/run-watchdog.js';
/** Install and uninstall the OS jobs (plan, then apply); the doctor's checks. */
export {
  installJobs,
  uninstallJobs,
  type InstallJobsInput,
  type JobsDeps,
  type JobsReport,
  type UninstallJobsInput,
} from './app/jobs/install-jobs.js';
export { runDoctor, type DoctorDeps, type DoctorSettings } from './app/doctor/run-doctor.js';
/** Progress callbacks of a run. */
export type { RunObserver } from './app/night/run-observer.js';
/** The contract of a stage body, to replace a stage. */
export type { NightlyStages, StageBody, StageContext, StageResult } from './app/night/stage.js';

// Configuration and composition
/** Reads and validates the config (file, CBI_* variables, overrides); throws ConfigError. */
export {
  loadConfig,
  CONFIG_FILE_NAME,
  ENV_OVERRIDES,
  type LoadConfigOptions,
} from './app/config/load-config.js';
/** The validated configuration: every field defaulted, paths absolute. */
export type { Config } from './app/config/config-schema.js';
/** The composition root; pass ContainerModules to rebind a port's token to your adapter. */
export { createContainer } from './app/composition/container.js';
/** Tokens of app-level values in the container. */
export { CONFIG, NIGHTLY_STAGES, RUN_SETTINGS } from './app/composition/tokens.js';

// Ports: interfaces and their container tokens
export { ALERTERS, type Alerter } from './ports/alerter.port.js';
export { ARTIFACT_STORE, type ArtifactStore, type StagedArtifact } from './ports/artifact-store.port.js';
export { CLOCK, type Clock } from './ports/clock.port.js';
export { FOLD_MODEL_CACHE, type FoldModelCache } from './ports/fold-model-cache.port.js';
export type { FoldModelEntry } from './domain/model/fold-model-entry.js';
export { HOME_DISK, type HomeDisk } from './ports/home-disk.port.js';
export { REPORT_RENDERER, type ReportRenderer } from './ports/report-renderer.port.js';
export { LOGGER, type Logger, type LogFields } from './ports/logger.port.js';
export {
  MODEL_TRAINERS,
  type ModelTrainer,
  type PredictRequest,
  type TrainRequest,
} from './ports/model-trainer.port.js';
export {
  POWER_MANAGER,
  type KeepAwake,
  type PowerManager,
  type WakePlan,
  type WakeRequest,
} from './ports/power-manager.port.js';
export { MACHINE, type Machine } from './ports/machine.port.js';
export { OUTSIDE_MEMORY, type OutsideMemory } from './ports/outside-memory.port.js';
export { PROCESS_LAUNCHER, type LaunchRequest, type ProcessLauncher } from './ports/process-launcher.port.js';
export { RUN_LOGS, type RunLog, type RunLogs } from './ports/run-logs.port.js';
export { SCHEDULER, type Scheduler, type SchedulerPlanOptions } from './ports/scheduler.port.js';
export { SERIES_SOURCE, type SeriesSource } from './ports/series-source.port.js';
export { STATUS_STORE, type StatusStore } from './ports/status-store.port.js';
export { TABLE_SOURCE, type TableSource } from './ports/table-source.port.js';
export { WAREHOUSE_LOADER, type WarehouseLoader } from './ports/warehouse-loader.port.js';
export { WAREHOUSE, type Warehouse } from './ports/warehouse.port.js';

// Domain values and errors
export * from './domain/errors.js';
export { ALERT_KINDS, type Alert, type AlertKind } from './domain/watchdog/alert.js';
export { HORIZONS, parseHorizon, parseHorizonList, type Frequency, type Horizon } from './domain/horizon.js';
export type { IncidentState } from './domain/watchdog/incident.js';
export {
  forecastsOf,
  judgeSkill,
  type ErrorPair,
  type HorizonForecast,
  type Skill,
} from './domain/model/horizon-forecast.js';
export {
  planRetention,
  type HomeFile,
  type RetentionAction,
  type RetentionFacts,
  type RetentionPolicy,
} from './domain/housekeeping/retention.js';
export { runVerdict, type RunVerdict, type SeedMarker } from './domain/night/run-verdict.js';
export { buildReport, HISTORY_DAYS } from './domain/report/build-report.js';
export type { ChartKind, ReportChart, ReportFacts, ReportModel } from './domain/report/report-model.js';
export { LAYOUT, formatRunId } from './domain/layout.js';
export type { BoosterParams, FeatureMatrix, ModelLibrary, TrainedModel } from './domain/model/model.js';
export {
  buildNightlyPlan,
  type NightlyPlan,
  type PlannedStage,
  type StageKind,
} from './domain/night/pipeline-plan.js';
export { nextRetry, type RetryDecision, type RetryPolicy } from './domain/night/retry-policy.js';
export type {
  LockState,
  RunLock,
  RunRecord,
  RunState,
  RunTrigger,
  StageRecord,
  StageStatus,
} from './domain/night/run.js';
export { RUN_EXIT_CODE, foldRunOutcome, type RunOutcome } from './domain/night/run-outcome.js';
export type { ExportSummary, PredictionRow, TrainingTableInfo } from './domain/data/warehouse-types.js';
export type { TableFile } from './domain/data/table-file.js';
export type { QualityFinding, QualityReport, QualityVerdict } from './domain/data/quality-report.js';
export type { InstallPlan, JobsMode, PlanNote, PlanStep } from './domain/jobs/install-plan.js';
export type { JobsInspection, ScheduledJob, WakeInspection } from './domain/jobs/jobs-inspection.js';
export type { JobsSpec, JobUser } from './domain/jobs/jobs-spec.js';
export type { CheckResult, CheckStatus, DoctorReport } from './domain/doctor/doctor-report.js';
