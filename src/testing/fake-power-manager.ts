import { PowerError } from '../domain/errors.js';
import type { KeepAwake, PowerManager, WakeSchedule } from '../ports/power-manager.port.js';

/** Counts keep-awake holds and keeps the wake schedule in memory. */
export class FakePowerManager implements PowerManager {
  /** Reasons of the holds not yet released. */
  readonly held: string[] = [];
  /** Every hold ever taken, in order. */
  readonly taken: string[] = [];
  wake: WakeSchedule | undefined;
  /** When set, writeWakeSchedule throws PowerError (as pmset does without root). */
  refuseWrite: string | undefined;

  constructor(readonly mechanism = 'fake') {}

  async keepAwake(reason: string): Promise<KeepAwake> {
    this.held.push(reason);
    this.taken.push(reason);
    let released = false;
    return {
      mechanism: this.mechanism,
      release: async () => {
        if (released) return;
        released = true;
        const index = this.held.indexOf(reason);
        if (index >= 0) this.held.splice(index, 1);
      },
    };
  }

  async readWakeSchedule(): Promise<WakeSchedule | undefined> {
    return this.wake;
  }

  async writeWakeSchedule(schedule: WakeSchedule): Promise<void> {
    if (this.refuseWrite !== undefined)
      throw new PowerError(this.refuseWrite, {
        hint: 'pmset needs root: sudo pmset repeat wakeorpoweron MTWRFSU <time>',
      });
    this.wake = schedule;
  }
}
