import type { ServiceIdentifier } from 'inversify';
import type { DoctorReport } from '../../domain/doctor/doctor-report.js';
import type { Horizon } from '../../domain/horizon.js';
import type { JobsMode } from '../../domain/jobs/install-plan.js';
import type { RunRecord, RunTrigger } from '../../domain/night/run.js';
import type { CleanReport } from '../housekeeping/clean-home.js';
import type { JobsReport } from '../jobs/install-jobs.js';
import type { RunObserver } from '../night/run-observer.js';
import type { WrittenReport } from '../report/write-report.js';
import type { StatusReport } from '../status/read-status.js';
import type { WatchdogReport } from '../watchdog/run-watchdog.js';

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

/** The use cases of cbi-autopilot, wired to the container's ports: what `openAutopilot` hands out. */
export interface UseCases {
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
}

/** The use cases, each resolving its ports when first called (`status` never loads DuckDB or pino). */
export const USE_CASES: ServiceIdentifier<UseCases> = Symbol.for('cbi.UseCases');
