import { execa } from 'execa';
import { PowerError } from '../../domain/errors.js';
import type { Logger } from '../../ports/logger.port.js';
import type { KeepAwake, PowerManager, WakeSchedule } from '../../ports/power-manager.port.js';
import { parsePmsetSchedule, pmsetRepeatArgs } from './pmset-schedule.js';

export interface MacosPowerManagerSettings {
  /** The process whose life the keep-awake follows (`caffeinate -w`); this process by default. */
  readonly pid: number;
  readonly timeoutMs?: number;
}

/** caffeinate for keep-awake, pmset for the daily wake. */
export class MacosPowerManager implements PowerManager {
  constructor(
    private readonly settings: MacosPowerManagerSettings,
    private readonly logger: Logger,
  ) {}

  async keepAwake(reason: string): Promise<KeepAwake> {
    // -i idle, -m disk, -s system sleep (on AC); -w: let go when the run's process ends, even if killed.
    const child = execa('caffeinate', ['-ims', '-w', String(this.settings.pid)], {
      reject: false,
      stdio: 'ignore',
      cleanup: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.nodeChildProcess.once('spawn', () => resolve());
        child.nodeChildProcess.once('error', reject);
      });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.logger.warn('keep-awake unavailable', { reason, problem: why });
      return { mechanism: `none: caffeinate failed (${why})`, release: async () => undefined };
    }
    child.nodeChildProcess.unref();
    return {
      mechanism: 'caffeinate',
      release: async () => {
        child.kill('SIGTERM');
        await child;
      },
    };
  }

  async readWakeSchedule(): Promise<WakeSchedule | undefined> {
    const result = await execa('pmset', ['-g', 'sched'], {
      reject: false,
      timeout: this.settings.timeoutMs ?? 10_000,
    });
    if (result.failed) throw new PowerError(`pmset -g sched failed: ${result.stderr || result.shortMessage}`);
    return parsePmsetSchedule(result.stdout);
  }

  async writeWakeSchedule(schedule: WakeSchedule): Promise<void> {
    const result = await execa('pmset', pmsetRepeatArgs(schedule), {
      reject: false,
      timeout: this.settings.timeoutMs ?? 10_000,
    });
    if (result.failed) {
      throw new PowerError(
        `pmset could not set the daily wake: ${result.stderr.trim() || result.shortMessage}`,
        {
          hint: `pmset needs root: sudo pmset ${pmsetRepeatArgs(schedule).join(' ')}`,
        },
      );
    }
  }
}
