import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { SchedulerError } from '../../domain/errors.js';
import type { ScheduledJob, Scheduler } from '../../ports/scheduler.port.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import {
  type CbiJobSettings,
  JOB_LABELS,
  JOB_NAMES,
  jobArguments,
  parseJobTime,
} from '../shared/cbi-jobs.js';
import { type SystemdJobSpec, systemdUnits } from './systemd-units.js';

export interface SystemdSchedulerSettings extends CbiJobSettings {
  /** ~/.config/systemd/user */
  readonly unitDir: string;
  /** The systemctl command (tests put a stand-in here). */
  readonly systemctl?: string;
}

/** The two service + timer pairs, keyed by job name. */
export function systemdJobSpecs(settings: CbiJobSettings): Record<ScheduledJob['name'], SystemdJobSpec> {
  const args = jobArguments(settings);
  const { hour, minute } = parseJobTime(settings.time);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const zone = settings.timeZone === null ? '' : ` ${settings.timeZone}`;
  const environment = { PATH: settings.path };
  return {
    nightly: {
      name: JOB_LABELS.systemd.nightly,
      description: 'cbi-autopilot nightly training run',
      execStart: args.nightly,
      workingDirectory: settings.home,
      onCalendar: `*-*-* ${pad(hour)}:${pad(minute)}:00${zone}`,
      wakeSystem: true,
      // The run's own deadline (240 min by default) comes first; this only catches a hung process.
      timeoutStartSec: '5h',
      killMode: 'mixed',
      environment,
    },
    watchdog: {
      name: JOB_LABELS.systemd.watchdog,
      description: 'cbi-autopilot hourly watchdog',
      execStart: args.watchdog,
      workingDirectory: settings.home,
      onCalendar: 'hourly',
      onBootSec: '5min',
      wakeSystem: false,
      timeoutStartSec: '10min',
      killMode: 'process',
      environment,
    },
  };
}

/** systemd user timers (`systemctl --user`); `loginctl enable-linger` lets them run without a login. */
export class SystemdScheduler implements Scheduler {
  constructor(private readonly settings: SystemdSchedulerSettings) {}

  async install(): Promise<readonly ScheduledJob[]> {
    await mkdir(this.settings.unitDir, { recursive: true });
    const timers: string[] = [];
    for (const spec of Object.values(systemdJobSpecs(this.settings))) {
      const units = systemdUnits(spec);
      await writeFileAtomic(join(this.settings.unitDir, `${spec.name}.service`), units.service);
      await writeFileAtomic(join(this.settings.unitDir, `${spec.name}.timer`), units.timer);
      timers.push(`${spec.name}.timer`);
    }
    for (const args of [['daemon-reload'], ['enable', '--now', ...timers]]) {
      const result = await this.#systemctl(args);
      if (result.failed) {
        throw new SchedulerError(`systemctl --user ${args.join(' ')} failed: ${result.message}`, {
          hint: 'a user systemd must run (a login session or `loginctl enable-linger $USER`)',
        });
      }
    }
    return this.inspect();
  }

  async uninstall(): Promise<void> {
    const names = Object.values(JOB_LABELS.systemd);
    await this.#systemctl(['disable', '--now', ...names.map((n) => `${n}.timer`)]);
    for (const name of names) {
      await rm(join(this.settings.unitDir, `${name}.service`), { force: true });
      await rm(join(this.settings.unitDir, `${name}.timer`), { force: true });
    }
    await this.#systemctl(['daemon-reload']);
  }

  async inspect(): Promise<readonly ScheduledJob[]> {
    const jobs: ScheduledJob[] = [];
    for (const [name, unit] of JOB_NAMES.map((name) => [name, JOB_LABELS.systemd[name]] as const)) {
      const label = `${unit}.timer`;
      const installed = await access(join(this.settings.unitDir, label)).then(
        () => true,
        () => false,
      );
      const state = await this.#systemctl(['is-active', label]);
      jobs.push({ name, label, installed, loaded: !state.failed, nextRun: null });
    }
    return jobs;
  }

  async #systemctl(args: string[]): Promise<{ failed: boolean; message: string }> {
    const result = await execa(this.settings.systemctl ?? 'systemctl', ['--user', ...args], {
      reject: false,
      timeout: 30_000,
    });
    return {
      failed: result.failed,
      message: (typeof result.stderr === 'string' ? result.stderr.trim() : '') || result.shortMessage || '',
    };
  }
}
