import { PowerError } from '../../domain/errors.js';
import type { KeepAwake, PowerManager, WakeSchedule } from '../../ports/power-manager.port.js';

/** For platforms with no keep-awake or wake mechanism we know: says so, never fails a run. */
export class PlainPowerManager implements PowerManager {
  constructor(private readonly platform: string) {}

  async keepAwake(_reason: string): Promise<KeepAwake> {
    return { mechanism: `none: no keep-awake mechanism on ${this.platform}`, release: async () => undefined };
  }

  async readWakeSchedule(): Promise<WakeSchedule | undefined> {
    return undefined;
  }

  async writeWakeSchedule(_schedule: WakeSchedule): Promise<void> {
    throw new PowerError(`cannot schedule a wake on ${this.platform}`, {
      hint: 'wake the machine another way (BIOS/firmware timer)',
    });
  }
}
