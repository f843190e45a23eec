import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { PowerError } from '../../domain/errors.js';
import type { Logger } from '../../ports/logger.port.js';
import type { KeepAwake, PowerManager, WakeSchedule } from '../../ports/power-manager.port.js';

export interface SystemdInhibitPowerManagerSettings {
  /** The process whose life the inhibitor follows; this process by default. */
  readonly pid: number;
  /** How long systemd-inhibit gets to fail (no logind, no bus) before the hold counts as taken. */
  readonly settleMs?: number;
}

/**
 * Holds a logind "block" inhibitor for sleep and idle through `systemd-inhibit`. The held command
 * is `tail --pid=<run pid> -f /dev/null`, so the hold ends with the run even if it is killed.
 * The daily wake belongs to the systemd timer (WakeSystem=true), not to this adapter.
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

  async readWakeSchedule(): Promise<WakeSchedule | undefined> {
    return undefined;
  }

  async writeWakeSchedule(_schedule: WakeSchedule): Promise<void> {
    throw new PowerError('Linux has no repeating wake event to set', {
      hint: 'the cbi-nightly.timer unit wakes the machine (WakeSystem=true); see docs/watchdog.md',
    });
  }
}
