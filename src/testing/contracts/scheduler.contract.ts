import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Scheduler } from '../../ports/scheduler.port.js';
import { contractTitle } from './contract-title.js';

export interface SchedulerSubject {
  readonly scheduler: Scheduler;
  dispose(): Promise<void>;
}

/** What every Scheduler guarantees: both jobs, idempotent install, uninstall that tolerates absence. */
export function schedulerContract(
  name: string,
  create: () => Promise<SchedulerSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('Scheduler', name, skip), () => {
    let subject: SchedulerSubject;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => subject.dispose());

    it('installs the nightly and watchdog jobs, twice without harm', async () => {
      await subject.scheduler.install();
      const jobs = await subject.scheduler.install();
      expect(jobs.map((j) => [j.name, j.installed])).toEqual([
        ['nightly', true],
        ['watchdog', true],
      ]);
    });

    it('uninstalls, and uninstalling again is fine', async () => {
      await subject.scheduler.install();
      await subject.scheduler.uninstall();
      await subject.scheduler.uninstall();
      expect((await subject.scheduler.inspect()).map((j) => j.installed)).toEqual([false, false]);
    });
  });
}
