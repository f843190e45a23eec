import { join } from 'node:path';
import { parse } from 'plist';
import { LAYOUT } from '../../domain/layout.js';
import {
  fileChange,
  type InstallPlan,
  type JobsMode,
  type PlanNote,
  type PlanStep,
} from '../../domain/jobs/install-plan.js';
import type { CalendarEntry, JobsInspection, ScheduledJob } from '../../domain/jobs/jobs-inspection.js';
import {
  JOB_NAMES,
  jobArguments,
  jobVariables,
  type JobName,
  type JobsSpec,
} from '../../domain/jobs/jobs-spec.js';
import type { Scheduler, SchedulerPlanOptions } from '../../ports/scheduler.port.js';
import { clockParts, JOB_LABELS, readIfPresent } from '../shared/cbi-jobs.js';
import { runPlan } from '../shared/plan-runner.js';
import { runTool, showCommand } from '../shared/tool-runner.js';
import { launchJobPlist, type LaunchJobSpec } from './launchd-plist.js';
import { isJsonObject } from '../../domain/json-object.js';

export interface LaunchdSchedulerSettings {
  /** The installing user's home folder (their LaunchAgents are in ~/Library/LaunchAgents). */
  readonly userHome: string;
  /** /Library/LaunchDaemons. */
  readonly daemonsDir: string;
  /** The user running cbi: user jobs live in the gui/<uid> domain. */
  readonly uid: number;
  readonly userName: string;
  /** The launchctl command (tests put a stand-in here). */
  readonly launchctl?: string;
}

/** The two launchd jobs, keyed by job name: LaunchAgents, or LaunchDaemons running as the home's owner. */
export function launchJobSpecs(spec: JobsSpec, mode: JobsMode): Record<JobName, LaunchJobSpec> {
  const args = jobArguments(spec);
  // A daemon starts with no user environment: give it the user's own.
  const identity: Record<string, string> =
    mode === 'system'
      ? {
          ...(spec.user.homeDir === undefined ? {} : { HOME: spec.user.homeDir }),
          USER: spec.user.name,
          LOGNAME: spec.user.name,
        }
      : {};
  const common = {
    userName: mode === 'system' ? spec.user.name : undefined,
    workingDirectory: spec.home,
    stdoutPath: join(spec.home, LAYOUT.daemonStdout),
    stderrPath: join(spec.home, LAYOUT.daemonStderr),
    environment: jobVariables(spec, identity),
  };
  return {
    nightly: {
      ...common,
      label: JOB_LABELS.launchd.nightly,
      // caffeinate from the first instant; the run also takes its own keep-awake.
      programArguments: ['/usr/bin/caffeinate', '-ims', ...args.nightly],
      // launchd reads the time in the system's zone: the times were converted at install.
      calendar: spec.systemTimes.map(clockParts),
      runAtLoad: false,
      abandonProcessGroup: false,
    },
    watchdog: {
      ...common,
      label: JOB_LABELS.launchd.watchdog,
      programArguments: [...args.watchdog],
      intervalSeconds: 3600,
      // At load (a boot for a daemon, a login for an agent) the first check runs at once: a
      // night lost to power-off is caught then (launchd never runs a calendar job missed while off).
      runAtLoad: true,
      abandonProcessGroup: true,
    },
  };
}

/**
 * launchd jobs: LaunchAgents of the user (gui/<uid>, only while they are logged in) or
 * LaunchDaemons (system domain, from boot, with nobody logged in) that run as the home's owner
 * through UserName: never user code as root, as the seed's daemons did.
 */
export class LaunchdScheduler implements Scheduler {
  constructor(private readonly settings: LaunchdSchedulerSettings) {}

  async planInstall(spec: JobsSpec, options: SchedulerPlanOptions): Promise<InstallPlan> {
    const { mode } = options;
    const domain = this.#domain(mode);
    const steps: PlanStep[] = [];
    const notes: PlanNote[] = [];
    const probe = await runTool([this.#launchctl(), 'version']);
    const block = probe.missing
      ? {
          code: 'SCHEDULER_FAILED' as const,
          message: `launchctl not found (${this.#launchctl()})`,
          hint: 'cbi install needs macOS launchd; elsewhere run `cbi run` nightly and `cbi watchdog` hourly',
        }
      : undefined;
    // LaunchDaemons must belong to root:wheel and not be writable by others, or launchd refuses them.
    const owner = mode === 'system' ? { uid: 0, gid: 0 } : undefined;
    const specs = launchJobSpecs(spec, mode);
    for (const name of JOB_NAMES) {
      const job = specs[name];
      const path = this.#plistPath(mode, job.label);
      const content = launchJobPlist(job);
      const change = fileChange(await readIfPresent(path), content);
      const loaded = !block && (await runTool([this.#launchctl(), 'print', `${domain}/${job.label}`])).ok;
      if (change.kind === 'same' && loaded) continue;
      if (name === 'nightly' && loaded && options.liveRun !== undefined) {
        // bootout stops the job's processes: the live run may be this very job. Its file stays
        // as it is too, so the next install still sees the change and reloads it.
        notes.push({
          level: 'warn',
          text: `run ${options.liveRun.runId} (pid ${options.liveRun.pid}) is live: ${job.label} is left as it is, as reloading it would stop the run; run cbi install again after the run ends`,
        });
        continue;
      }
      if (change.kind !== 'same')
        steps.push({ kind: 'file', path, content, mode: 0o644, owner, secret: false, change });
      if (loaded)
        steps.push(
          this.#command(['bootout', `${domain}/${job.label}`], `unload the old ${name} job`, {
            kind: 'ignore',
          }),
        );
      steps.push(
        this.#command(['bootstrap', domain, path], `load the ${name} job`, {
          kind: 'stop',
          hint: `check the plist with plutil -lint "${path}", then: ${showCommand([mode === 'system' ? 'sudo' : '', 'launchctl', 'bootstrap', domain, path].filter((a) => a !== ''))}`,
        }),
      );
    }
    notes.push({
      level: 'info',
      text:
        mode === 'system'
          ? `LaunchDaemons in ${this.settings.daemonsDir}, run as ${spec.user.name}: from boot, with nobody logged in`
          : `LaunchAgents in ${this.#agentsDir()}: they run while ${spec.user.name} is logged in (sudo cbi install --system runs them with nobody logged in)`,
    });
    return { mode, steps, notes, block };
  }

  async planUninstall(options: SchedulerPlanOptions): Promise<InstallPlan> {
    const { mode } = options;
    const domain = this.#domain(mode);
    const steps: PlanStep[] = [];
    const notes: PlanNote[] = [];
    for (const name of JOB_NAMES) {
      const label = JOB_LABELS.launchd[name];
      const path = this.#plistPath(mode, label);
      const loaded = (await runTool([this.#launchctl(), 'print', `${domain}/${label}`])).ok;
      if (name === 'nightly' && loaded && options.liveRun !== undefined) {
        notes.push({
          level: 'warn',
          text: `run ${options.liveRun.runId} (pid ${options.liveRun.pid}) is live: ${label} stays until it ends (launchd would stop it); run cbi uninstall again then`,
        });
        continue;
      }
      if (loaded)
        steps.push(
          this.#command(['bootout', `${domain}/${label}`], `unload the ${name} job`, { kind: 'ignore' }),
        );
      steps.push({ kind: 'remove', path });
    }
    return { mode, steps, notes };
  }

  apply(plan: InstallPlan): Promise<readonly string[]> {
    return runPlan(plan);
  }

  async inspect(mode: JobsMode): Promise<JobsInspection> {
    const jobs: ScheduledJob[] = [];
    let calendar: CalendarEntry[] = [];
    let user = mode === 'user' ? this.settings.userName : 'root';
    for (const name of JOB_NAMES) {
      const label = JOB_LABELS.launchd[name];
      const path = this.#plistPath(mode, label);
      const text = await readIfPresent(path);
      const job = text === undefined ? undefined : readPlist(text);
      if (name === 'nightly' && job !== undefined) calendar = job.calendar;
      if (mode === 'system' && job?.userName !== undefined) user = job.userName;
      const loaded =
        text !== undefined &&
        (await runTool([this.#launchctl(), 'print', `${this.#domain(mode)}/${label}`])).ok;
      jobs.push({ name, label, path, installed: text !== undefined, loaded, nextRun: null });
    }
    return { mode, jobs, calendar, user };
  }

  #command(
    args: readonly string[],
    why: string,
    onFailure: Extract<PlanStep, { kind: 'command' }>['onFailure'],
  ): PlanStep {
    return { kind: 'command', argv: [this.#launchctl(), ...args], why, onFailure };
  }

  #domain(mode: JobsMode): string {
    return mode === 'system' ? 'system' : `gui/${this.settings.uid}`;
  }

  /** User jobs are installed by their own user (install refuses anybody else): their ~/Library/LaunchAgents. */
  #agentsDir(): string {
    return join(this.settings.userHome, 'Library', 'LaunchAgents');
  }

  #plistPath(mode: JobsMode, label: string): string {
    return join(mode === 'system' ? this.settings.daemonsDir : this.#agentsDir(), `${label}.plist`);
  }

  #launchctl(): string {
    return this.settings.launchctl ?? 'launchctl';
  }
}

/** The calendar and UserName of an installed plist (unreadable parts read as absent). */
function readPlist(text: string): { calendar: CalendarEntry[]; userName: string | undefined } {
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return { calendar: [], userName: undefined };
  }
  if (!isJsonObject(value)) return { calendar: [], userName: undefined };
  const record = value;
  const raw = record['StartCalendarInterval'];
  const entries: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const pad = (n: unknown): string => String(n).padStart(2, '0');
  const calendar = entries
    .filter(isJsonObject)
    .map((e) => ({ time: `${pad(e['Hour'] ?? 0)}:${pad(e['Minute'] ?? 0)}`, timeZone: null }));
  const userName = typeof record['UserName'] === 'string' ? record['UserName'] : undefined;
  return { calendar, userName };
}
