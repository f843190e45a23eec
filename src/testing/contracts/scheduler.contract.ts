import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobsMode } from '../../domain/jobs/install-plan.js';
import type { JobsSpec } from '../../domain/jobs/jobs-spec.js';
import type { Scheduler } from '../../ports/scheduler.port.js';
import { contractTitle } from './contract-title.js';

export interface SchedulerSubject {
  readonly scheduler: Scheduler;
  /** The jobs to install (their paths inside the subject's sandbox). */
  readonly spec: JobsSpec;
  readonly mode: JobsMode;
  dispose(): Promise<void>;
}

/**
 * What every Scheduler guarantees: planning changes nothing, install gives both jobs and is
 * idempotent, uninstall tolerates absence.
 */
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

    const install = async (): Promise<void> => {
      const { scheduler, spec, mode } = subject;
      await scheduler.apply(await scheduler.planInstall(spec, { mode }));
    };
    const installedOf = async (): Promise<boolean[]> =>
      (await subject.scheduler.inspect(subject.mode)).jobs.map((j) => j.installed);

    it('changes nothing by planning', async () => {
      const plan = await subject.scheduler.planInstall(subject.spec, { mode: subject.mode });
      expect(plan.steps.length).toBeGreaterThan(0);
      expect(await installedOf()).toEqual([false, false]);
    });

    it('installs the nightly and watchdog jobs, twice without harm', async () => {
      await install();
      await install();
      const inspection = await subject.scheduler.inspect(subject.mode);
      expect(inspection.jobs.map((j) => [j.name, j.installed, j.loaded])).toEqual([
        ['nightly', true, true],
        ['watchdog', true, true],
      ]);
      expect(inspection.calendar.length).toBeGreaterThan(0);
    });

    it('uninstalls, and uninstalling again is fine', async () => {
      await install();
      for (let i = 0; i < 2; i += 1) {
        const { scheduler, mode } = subject;
        await scheduler.apply(await scheduler.planUninstall({ mode }));
      }
      expect(await installedOf()).toEqual([false, false]);
    });
  });
}
