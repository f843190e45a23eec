import type { ServiceIdentifier } from 'inversify';
import type { InstallPlan, JobsMode } from '../domain/jobs/install-plan.js';
import type { JobsInspection } from '../domain/jobs/jobs-inspection.js';
import type { JobsSpec } from '../domain/jobs/jobs-spec.js';

export interface SchedulerPlanOptions {
  readonly mode: JobsMode;
  /** A run that is live now: its job is not reloaded or removed (launchd would stop it). */
  readonly liveRun?: { readonly runId: string; readonly pid: number } | undefined;
}

/**
 * The OS scheduler (launchd, systemd timers): the nightly run and the hourly watchdog as its
 * own jobs, per user or for the whole system (running as the home's owner, never as root).
 * Planning reads the system and changes nothing, so a dry run shows exactly what apply does.
 */
export interface Scheduler {
  /**
   * The steps that write and load both jobs for `spec`: every file with its content and every
   * command. Idempotent: unchanged, loaded jobs give no steps. A plan that cannot be carried out
   * (no root for system jobs, a tool missing) says why in `block`; planning never throws for it.
   */
  planInstall(spec: JobsSpec, options: SchedulerPlanOptions): Promise<InstallPlan>;
  /** The steps that unload and remove both jobs of the mode; missing jobs are fine. */
  planUninstall(options: SchedulerPlanOptions): Promise<InstallPlan>;
  /**
   * Carries out a plan's steps in order (any plan: the app adds its own folders and files).
   * Throws the plan's block as its error (NoPermissionError, SchedulerError), or SchedulerError
   * naming the first failing command. Returns the warnings of steps allowed to fail.
   */
  apply(plan: InstallPlan): Promise<readonly string[]>;
  /** The jobs of a mode as the OS has them. */
  inspect(mode: JobsMode): Promise<JobsInspection>;
}

export const SCHEDULER: ServiceIdentifier<Scheduler> = Symbol.for('cbi.Scheduler');
