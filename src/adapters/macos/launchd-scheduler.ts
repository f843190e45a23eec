import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { SchedulerError } from '../../domain/errors.js';
import { LAYOUT } from '../../domain/layout.js';
import type { ScheduledJob, Scheduler } from '../../ports/scheduler.port.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import {
  type CbiJobSettings,
  JOB_LABELS,
  JOB_NAMES,
  jobArguments,
  parseJobTime,
} from '../shared/cbi-jobs.js';
import { launchAgentPlist, type LaunchAgentSpec } from './launchd-plist.js';

export interface LaunchdSchedulerSettings extends CbiJobSettings {
  /** ~/Library/LaunchAgents */
  readonly agentsDir: string;
  /** The user's uid: jobs live in the gui/<uid> domain. */
  readonly uid: number;
  /** The launchctl command (tests put a stand-in here). */
  readonly launchctl?: string;
}

/** The two LaunchAgents of the user, keyed by job name. */
export function launchAgentSpecs(settings: CbiJobSettings): Record<ScheduledJob['name'], LaunchAgentSpec> {
  const args = jobArguments(settings);
  const common = {
    workingDirectory: settings.home,
    stdoutPath: join(settings.home, LAYOUT.daemonStdout),
    stderrPath: join(settings.home, LAYOUT.daemonStderr),
    environment: { PATH: settings.path },
  };
  return {
    nightly: {
      ...common,
      label: JOB_LABELS.launchd.nightly,
      // caffeinate from the first instant; the run also takes its own keep-awake.
      programArguments: ['/usr/bin/caffeinate', '-ims', ...args.nightly],
      // launchd reads the time in the system's zone; a run missed while off is the watchdog's.
      calendar: parseJobTime(settings.time),
      runAtLoad: false,
      abandonProcessGroup: false,
    },
    watchdog: {
      ...common,
      label: JOB_LABELS.launchd.watchdog,
      programArguments: args.watchdog,
      intervalSeconds: 3600,
      // At login (after a power-off) the first check runs at once.
      runAtLoad: true,
      abandonProcessGroup: true,
    },
  };
}

/** launchd LaunchAgents (per user, never a root LaunchDaemon). */
export class LaunchdScheduler implements Scheduler {
  constructor(private readonly settings: LaunchdSchedulerSettings) {}

  async install(): Promise<readonly ScheduledJob[]> {
    await mkdir(this.settings.agentsDir, { recursive: true });
    for (const spec of Object.values(launchAgentSpecs(this.settings))) {
      const path = this.#plistPath(spec.label);
      await writeFileAtomic(path, launchAgentPlist(spec));
      // Reload so a changed plist takes effect; bootout fails when it was not loaded, which is fine.
      await this.#launchctl(['bootout', `${this.#domain()}/${spec.label}`]);
      const loaded = await this.#launchctl(['bootstrap', this.#domain(), path]);
      if (loaded.failed)
        throw new SchedulerError(`launchctl could not load ${spec.label}: ${loaded.message}`, {
          hint: `try: launchctl bootstrap ${this.#domain()} ${path}`,
        });
    }
    return this.inspect();
  }

  async uninstall(): Promise<void> {
    for (const label of Object.values(JOB_LABELS.launchd)) {
      await this.#launchctl(['bootout', `${this.#domain()}/${label}`]);
      await rm(this.#plistPath(label), { force: true });
    }
  }

  async inspect(): Promise<readonly ScheduledJob[]> {
    const jobs: ScheduledJob[] = [];
    for (const [name, label] of JOB_NAMES.map((name) => [name, JOB_LABELS.launchd[name]] as const)) {
      const installed = await access(this.#plistPath(label)).then(
        () => true,
        () => false,
      );
      const loaded = !(await this.#launchctl(['print', `${this.#domain()}/${label}`])).failed;
      jobs.push({ name, label, installed, loaded, nextRun: null });
    }
    return jobs;
  }

  #domain(): string {
    return `gui/${this.settings.uid}`;
  }

  #plistPath(label: string): string {
    return join(this.settings.agentsDir, `${label}.plist`);
  }

  async #launchctl(args: string[]): Promise<{ failed: boolean; message: string }> {
    const result = await execa(this.settings.launchctl ?? 'launchctl', args, {
      reject: false,
      timeout: 15_000,
    });
    return {
      failed: result.failed,
      message: (typeof result.stderr === 'string' ? result.stderr.trim() : '') || result.shortMessage || '',
    };
  }
}
