import { SchedulerError } from '../domain/errors.js';
import type { InstallPlan, JobsMode, PlanStep } from '../domain/jobs/install-plan.js';
import type { JobsInspection, ScheduledJob } from '../domain/jobs/jobs-inspection.js';
import type { JobsSpec } from '../domain/jobs/jobs-spec.js';
import type { Scheduler, SchedulerPlanOptions } from '../ports/scheduler.port.js';
import { blockError } from '../adapters/shared/plan-runner.js';

const LOAD = 'fake-scheduler';

/**
 * An OS scheduler in memory: plans one command that loads (or unloads) both jobs of a mode, and
 * apply keeps every step it is given (files, folders, commands) instead of touching the disk.
 */
export class FakeScheduler implements Scheduler {
  readonly #installed: Record<JobsMode, JobsSpec | undefined> = { user: undefined, system: undefined };
  /** When set, apply throws SchedulerError with this message. */
  failing: string | undefined;
  /** Every file a plan wrote (path -> content and mode), and every folder and command. */
  readonly files = new Map<string, { readonly content: string; readonly mode: number }>();
  readonly folders: string[] = [];
  readonly commands: (readonly string[])[] = [];
  /** Whether a job is loaded, as `inspect` reports it (tests unload one to see the doctor fail). */
  readonly loaded: Record<ScheduledJob['name'], boolean> = { nightly: true, watchdog: true };
  readonly #planned: JobsSpec[] = [];
  /** The options of every plan asked for (a live run is passed on here). */
  readonly planOptions: SchedulerPlanOptions[] = [];

  async planInstall(spec: JobsSpec, options: SchedulerPlanOptions): Promise<InstallPlan> {
    this.planOptions.push(options);
    const step: PlanStep = {
      kind: 'command',
      argv: [LOAD, 'load', options.mode, String(this.#planned.push(spec) - 1)],
      why: 'load both jobs',
      onFailure: { kind: 'stop', hint: 'the fake scheduler failed' },
    };
    return { mode: options.mode, steps: [step], notes: [] };
  }

  async planUninstall(options: SchedulerPlanOptions): Promise<InstallPlan> {
    this.planOptions.push(options);
    const step: PlanStep = {
      kind: 'command',
      argv: [LOAD, 'unload', options.mode],
      why: 'unload both jobs',
      onFailure: { kind: 'ignore' },
    };
    return { mode: options.mode, steps: [step], notes: [] };
  }

  async apply(plan: InstallPlan): Promise<readonly string[]> {
    if (plan.block !== undefined) throw blockError(plan.block);
    if (this.failing !== undefined) throw new SchedulerError(this.failing);
    for (const step of plan.steps) {
      if (step.kind === 'file') this.files.set(step.path, { content: step.content, mode: step.mode });
      if (step.kind === 'remove') this.files.delete(step.path);
      if (step.kind === 'folder') this.folders.push(step.path);
      if (step.kind !== 'command') continue;
      this.commands.push(step.argv);
      const [tool, verb, mode, planned] = step.argv;
      if (tool !== LOAD || (mode !== 'user' && mode !== 'system')) continue;
      this.#installed[mode] = verb === 'load' ? this.#planned[Number(planned)] : undefined;
    }
    return [];
  }

  async inspect(mode: JobsMode): Promise<JobsInspection> {
    const spec = this.#installed[mode];
    const job = (name: ScheduledJob['name'], label: string): ScheduledJob => ({
      name,
      label,
      installed: spec !== undefined,
      loaded: spec !== undefined && this.loaded[name],
      nextRun: null,
    });
    return {
      mode,
      jobs: [job('nightly', 'com.cbi.autopilot.nightly'), job('watchdog', 'com.cbi.autopilot.watchdog')],
      calendar: spec === undefined ? [] : spec.systemTimes.map((time) => ({ time, timeZone: null })),
      user: spec?.user.name ?? 'nobody',
    };
  }

  /** The spec a mode was installed with, if any. */
  installedSpec(mode: JobsMode): JobsSpec | undefined {
    return this.#installed[mode];
  }
}
