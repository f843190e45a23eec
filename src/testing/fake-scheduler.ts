import { SchedulerError } from '../domain/errors.js';
import type { ScheduledJob, Scheduler } from '../ports/scheduler.port.js';

/** An OS scheduler in memory: install and uninstall flip the two jobs. */
export class FakeScheduler implements Scheduler {
  #installed = false;
  /** When set, install throws SchedulerError with this message. */
  failing: string | undefined;
  installs = 0;

  async install(): Promise<readonly ScheduledJob[]> {
    if (this.failing !== undefined) throw new SchedulerError(this.failing);
    this.#installed = true;
    this.installs += 1;
    return this.inspect();
  }

  async uninstall(): Promise<void> {
    this.#installed = false;
  }

  async inspect(): Promise<readonly ScheduledJob[]> {
    const job = (name: ScheduledJob['name'], label: string): ScheduledJob => ({
      name,
      label,
      installed: this.#installed,
      loaded: this.#installed,
      nextRun: null,
    });
    return [job('nightly', 'com.cbi.autopilot.nightly'), job('watchdog', 'com.cbi.autopilot.watchdog')];
  }
}
