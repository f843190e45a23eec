import { join } from 'node:path';
import {
  fileChange,
  type InstallPlan,
  type JobsMode,
  type PlanNote,
  type PlanStep,
} from '../../domain/jobs/install-plan.js';
import type { JobsInspection, ScheduledJob } from '../../domain/jobs/jobs-inspection.js';
import {
  JOB_NAMES,
  jobArguments,
  jobVariables,
  type JobName,
  type JobsSpec,
} from '../../domain/jobs/jobs-spec.js';
import type { Scheduler, SchedulerPlanOptions } from '../../ports/scheduler.port.js';
import { JOB_LABELS, readIfPresent } from '../shared/cbi-jobs.js';
import { runPlan } from '../shared/plan-runner.js';
import { runTool } from '../shared/tool-runner.js';
import { calendarOfTimer, systemdUnits, wakeSystemOfTimer, type SystemdJobSpec } from './systemd-units.js';

export interface SystemdSchedulerSettings {
  /** The installing user's units: ~/.config/systemd/user. */
  readonly userUnitDir: string;
  /** System units: /etc/systemd/system. */
  readonly systemUnitDir: string;
  /** The user running cbi (user mode: whose units these are). */
  readonly uid: number;
  readonly userName: string;
  /** The commands (tests put stand-ins here). */
  readonly systemctl?: string;
  readonly loginctl?: string;
}

/** The two service + timer pairs, keyed by job name. */
export function systemdJobSpecs(spec: JobsSpec, mode: JobsMode): Record<JobName, SystemdJobSpec> {
  const args = jobArguments(spec);
  // systemd takes the zone itself (OnCalendar=... America/Chicago), so DST never moves the run.
  const zone = spec.timeZone === null ? '' : ` ${spec.timeZone}`;
  const common = {
    workingDirectory: spec.home,
    user: mode === 'system' ? spec.user.name : undefined,
    environment: jobVariables(spec),
    afterNetwork: mode === 'system',
  };
  return {
    nightly: {
      ...common,
      name: JOB_LABELS.systemd.nightly,
      description: 'cbi-autopilot nightly training run',
      execStart: args.nightly,
      onCalendar: spec.times.map((time) => `*-*-* ${time}:00${zone}`),
      wakeSystem: true,
      // The run's own deadline (240 min by default) comes first; this only catches a hung process.
      timeoutStartSec: '5h',
      killMode: 'mixed',
    },
    watchdog: {
      ...common,
      name: JOB_LABELS.systemd.watchdog,
      description: 'cbi-autopilot hourly watchdog',
      execStart: args.watchdog,
      onCalendar: ['hourly'],
      onBootSec: '5min',
      wakeSystem: false,
      timeoutStartSec: '10min',
      killMode: 'process',
    },
  };
}

/**
 * systemd timers: user units (`systemctl --user`, with lingering so they run without a login)
 * or system units with `User=` (run with nobody logged in, right after a reboot). Disabling or
 * re-enabling a timer never stops its running service, so a live run is never touched.
 */
export class SystemdScheduler implements Scheduler {
  constructor(private readonly settings: SystemdSchedulerSettings) {}

  async planInstall(spec: JobsSpec, options: SchedulerPlanOptions): Promise<InstallPlan> {
    const { mode } = options;
    const notes: PlanNote[] = [];
    const probe = await runTool([this.#systemctl(), '--version']);
    const block = probe.missing
      ? {
          code: 'SCHEDULER_FAILED' as const,
          message: 'systemctl not found: this system has no systemd',
          hint: 'run `cbi run` nightly and `cbi watchdog` hourly with the scheduler you have (cron)',
        }
      : undefined;
    const steps: PlanStep[] = [];
    const owner = mode === 'system' ? { uid: 0, gid: 0 } : undefined;
    const changed: string[] = [];
    for (const job of Object.values(systemdJobSpecs(spec, mode))) {
      const units = systemdUnits(job);
      for (const [suffix, content] of [
        ['service', units.service],
        ['timer', units.timer],
      ] as const) {
        const path = join(this.#unitDir(mode), `${job.name}.${suffix}`);
        const change = fileChange(await readIfPresent(path), content);
        if (change.kind === 'same') continue;
        steps.push({ kind: 'file', path, content, mode: 0o644, owner, secret: false, change });
        if (suffix === 'timer' && change.kind === 'replace') changed.push(`${job.name}.timer`);
      }
    }
    if (mode === 'user') steps.push(...(await this.#lingerSteps(spec.user.name, notes)));
    const timers = JOB_NAMES.map((name) => `${JOB_LABELS.systemd[name]}.timer`);
    const hint =
      mode === 'user'
        ? `a user systemd must run for ${spec.user.name}: sudo loginctl enable-linger ${spec.user.name} (or log in), then cbi install again`
        : 'check `systemctl status` and the journal (journalctl -xe)';
    const lingerStarted = steps.some((s) => s.kind === 'command' && s.argv.includes('enable-linger'));
    steps.push({
      ...this.#command(mode, ['daemon-reload'], 'load the changed units', { kind: 'stop', hint }),
      // Lingering starts the user's manager in the background: give it a few seconds to come up.
      ...(lingerStarted ? { attempts: 5 } : {}),
    });
    steps.push(
      this.#command(mode, ['enable', '--now', ...timers], 'start both timers, now and at every boot', {
        kind: 'stop',
        hint,
      }),
    );
    // A new OnCalendar= takes effect when its timer restarts; restarting a timer never stops its service.
    if (changed.length > 0)
      steps.push(this.#command(mode, ['restart', ...changed], 'apply the new times', { kind: 'stop', hint }));
    if (options.liveRun !== undefined)
      notes.push({
        level: 'info',
        text: `run ${options.liveRun.runId} (pid ${options.liveRun.pid}) goes on: timers are reloaded, services are not touched`,
      });
    notes.push({
      level: 'info',
      text: `${mode === 'system' ? `system units (run as ${spec.user.name})` : 'user units'} in ${this.#unitDir(mode)}; \`${mode === 'user' ? 'systemctl --user' : 'systemctl'} list-timers 'cbi-*'\` shows them`,
    });
    return { mode, steps, notes, block };
  }

  async planUninstall(options: SchedulerPlanOptions): Promise<InstallPlan> {
    const { mode } = options;
    const timers = JOB_NAMES.map((name) => `${JOB_LABELS.systemd[name]}.timer`);
    const steps: PlanStep[] = [
      // Disabling a timer leaves a running service alone: a live run finishes.
      this.#command(mode, ['disable', '--now', ...timers], 'stop and disable both timers', {
        kind: 'ignore',
      }),
    ];
    for (const name of JOB_NAMES)
      for (const suffix of ['service', 'timer'])
        steps.push({
          kind: 'remove',
          path: join(this.#unitDir(mode), `${JOB_LABELS.systemd[name]}.${suffix}`),
        });
    steps.push(this.#command(mode, ['daemon-reload'], 'forget the removed units', { kind: 'ignore' }));
    const notes: PlanNote[] =
      options.liveRun === undefined
        ? []
        : [
            {
              level: 'info',
              text: `run ${options.liveRun.runId} (pid ${options.liveRun.pid}) goes on until it ends`,
            },
          ];
    return { mode, steps, notes };
  }

  apply(plan: InstallPlan): Promise<readonly string[]> {
    return runPlan(plan);
  }

  async inspect(mode: JobsMode): Promise<JobsInspection> {
    const jobs: ScheduledJob[] = [];
    let calendar: JobsInspection['calendar'] = [];
    let wakeSystem: boolean | undefined;
    let user = mode === 'user' ? this.settings.userName : 'root';
    for (const name of JOB_NAMES) {
      const unit = JOB_LABELS.systemd[name];
      const path = join(this.#unitDir(mode), `${unit}.timer`);
      const timer = await readIfPresent(path);
      const service = await readIfPresent(join(this.#unitDir(mode), `${unit}.service`));
      if (name === 'nightly' && timer !== undefined) {
        calendar = calendarOfTimer(timer);
        wakeSystem = wakeSystemOfTimer(timer);
      }
      const runAs = /^User=(.+)$/m.exec(service ?? '')?.[1];
      if (mode === 'system' && runAs !== undefined) user = runAs;
      const installed = timer !== undefined && service !== undefined;
      const enabled = installed && (await this.#ctl(mode, ['is-enabled', `${unit}.timer`])).ok;
      const active = enabled && (await this.#ctl(mode, ['is-active', `${unit}.timer`])).ok;
      jobs.push({ name, label: `${unit}.timer`, path, installed, loaded: active, nextRun: null });
    }
    const linger =
      mode === 'user' && jobs.some((j) => j.installed) ? (await this.#linger(user)).value : undefined;
    return { mode, jobs, calendar, wakeSystem, linger, user };
  }

  async #lingerSteps(user: string, notes: PlanNote[]): Promise<PlanStep[]> {
    const linger = await this.#linger(user);
    if (linger.value === true) return [];
    if (linger.value === undefined) {
      notes.push({
        level: 'warn',
        text: `cannot tell whether ${user} lingers (${linger.why}): without lingering the timers run only while ${user} is logged in; sudo loginctl enable-linger ${user}`,
      });
      return [];
    }
    return [
      {
        kind: 'command',
        argv: [this.#loginctl(), 'enable-linger', user],
        why: 'let the user timers run with nobody logged in and right after a reboot',
        onFailure: {
          kind: 'warn',
          text: `could not enable lingering: the timers run only while ${user} is logged in; run: sudo loginctl enable-linger ${user}`,
        },
      },
    ];
  }

  async #linger(user: string): Promise<{ value: boolean | undefined; why: string }> {
    const result = await runTool([this.#loginctl(), 'show-user', user, '--property=Linger', '--value']);
    if (result.ok) return { value: result.stdout.trim() === 'yes', why: '' };
    // A user with no session and no lingering is unknown to logind: that is "no".
    if (/not logged in|not lingering|no such user/i.test(result.message)) return { value: false, why: '' };
    return { value: undefined, why: result.message };
  }

  #command(
    mode: JobsMode,
    args: readonly string[],
    why: string,
    onFailure: Extract<PlanStep, { kind: 'command' }>['onFailure'],
  ): PlanStep {
    return {
      kind: 'command',
      argv: [this.#systemctl(), ...(mode === 'user' ? ['--user'] : []), ...args],
      why,
      env: this.#env(mode),
      onFailure,
    };
  }

  async #ctl(mode: JobsMode, args: readonly string[]) {
    return runTool([this.#systemctl(), ...(mode === 'user' ? ['--user'] : []), ...args], {
      env: this.#env(mode),
    });
  }

  /** `systemctl --user` finds the user's manager through XDG_RUNTIME_DIR, unset outside a login (sudo -u, cron). */
  #env(mode: JobsMode): Record<string, string> | undefined {
    return mode === 'user' ? { XDG_RUNTIME_DIR: `/run/user/${this.settings.uid}` } : undefined;
  }

  #unitDir(mode: JobsMode): string {
    return mode === 'user' ? this.settings.userUnitDir : this.settings.systemUnitDir;
  }

  #systemctl(): string {
    return this.settings.systemctl ?? 'systemctl';
  }

  #loginctl(): string {
    return this.settings.loginctl ?? 'loginctl';
  }
}
