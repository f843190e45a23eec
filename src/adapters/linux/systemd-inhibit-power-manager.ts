import { access, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import type { PlanNote } from '../../domain/jobs/install-plan.js';
import type { PowerReadiness, WakeInspection } from '../../domain/jobs/jobs-inspection.js';
import type { Logger } from '../../ports/logger.port.js';
import type { KeepAwake, PowerManager, WakePlan, WakeRequest } from '../../ports/power-manager.port.js';

export interface SystemdInhibitPowerManagerSettings {
  /** The process whose life the inhibitor follows; this process by default. */
  readonly pid: number;
  /** How long systemd-inhibit gets to fail (no logind, no bus) before the hold counts as taken. */
  readonly settleMs?: number;
  /** Where sysfs is (tests use a folder of their own). */
  readonly sysfs?: string;
}

/**
 * Holds a logind "block" inhibitor for sleep and idle through `systemd-inhibit`. The held command
 * is `tail --pid=<run pid> -f /dev/null`, so the hold ends with the run even if it is killed.
 * The daily wake belongs to the systemd timer (WakeSystem=true): this adapter only says what to know about it.
 */
export class SystemdInhibitPowerManager implements PowerManager {
  constructor(
    private readonly settings: SystemdInhibitPowerManagerSettings,
    private readonly logger: Logger,
  ) {}

  async keepAwake(reason: string): Promise<KeepAwake> {
    const child = execa(
      'systemd-inhibit',
      [
        '--what=sleep:idle',
        `--why=${reason}`,
        '--who=cbi-autopilot',
        '--mode=block',
        'tail',
        `--pid=${this.settings.pid}`,
        '-f',
        '/dev/null',
      ],
      { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', cleanup: true },
    );
    const ended = await Promise.race([
      child.then((result) => result),
      delay(this.settings.settleMs ?? 400).then(() => undefined),
    ]);
    if (ended !== undefined) {
      const why = (typeof ended.stderr === 'string' ? ended.stderr : '').trim() || ended.shortMessage;
      this.logger.warn('keep-awake unavailable', { reason, problem: why });
      return { mechanism: `none: systemd-inhibit failed (${why})`, release: async () => undefined };
    }
    child.nodeChildProcess.unref();
    return {
      mechanism: 'systemd-inhibit',
      release: async () => {
        child.kill('SIGTERM');
        await child;
      },
    };
  }

  async inspectWake(): Promise<WakeInspection> {
    return { kind: 'timer' };
  }

  /** The nightly timer wakes the machine (WakeSystem=true): nothing to set, only what to know. */
  async planWake(request: WakeRequest): Promise<WakePlan> {
    const notes: PlanNote[] = [];
    if (!(await this.#rtcWake()))
      notes.push({
        level: 'warn',
        text: 'wake: this machine has no RTC wake alarm (/sys/class/rtc/rtc0/wakealarm): a suspended machine is not woken, so keep it from suspending at night',
      });
    else if (request.mode === 'user')
      notes.push({
        level: 'warn',
        text: 'wake: WakeSystem=true in a user timer wakes the machine only where the user manager holds CAP_WAKE_ALARM (systemd/systemd#29245); for a sure wake: sudo cbi install --system',
      });
    else
      notes.push({
        level: 'info',
        text: 'wake: the nightly system timer wakes the machine (WakeSystem=true)',
      });
    return { steps: [], notes, owned: undefined };
  }

  async planWakeRemoval(_request: WakeRequest): Promise<WakePlan> {
    return { steps: [], notes: [], owned: null };
  }

  async readiness(): Promise<PowerReadiness> {
    const supplies = join(this.#sysfs(), 'class/power_supply');
    let mains: boolean | undefined;
    let battery = false;
    for (const name of await readdir(supplies).catch(() => [] as string[])) {
      const read = (file: string): Promise<string> =>
        readFile(join(supplies, name, file), 'utf8').then(
          (text) => text.trim(),
          () => '',
        );
      const type = await read('type');
      if (type === 'Mains') mains = (mains ?? false) || (await read('online')) === '1';
      if (type === 'Battery') battery = true;
    }
    const source = mains === true ? 'ac' : battery ? 'battery' : 'unknown';
    return { source, rtcWake: await this.#rtcWake(), problems: [] };
  }

  #sysfs(): string {
    return this.settings.sysfs ?? '/sys';
  }

  async #rtcWake(): Promise<boolean> {
    return access(join(this.#sysfs(), 'class/rtc/rtc0/wakealarm')).then(
      () => true,
      () => false,
    );
  }
}
