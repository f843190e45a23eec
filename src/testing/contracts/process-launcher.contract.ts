import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessLauncher } from '../../ports/process-launcher.port.js';
import { contractTitle } from './contract-title.js';

export interface ProcessLauncherSubject {
  readonly launcher: ProcessLauncher;
  /** Files for the child's output. */
  readonly stdoutFile: string;
  readonly stderrFile: string;
  /** Arguments that make a long-lived child. */
  readonly longArgs: readonly string[];
  /** Ends the process from outside (as kill -9 would). */
  killFromOutside(pid: number): Promise<void>;
  dispose(): Promise<void>;
}

/** What every ProcessLauncher guarantees. */
export function processLauncherContract(
  name: string,
  create: () => Promise<ProcessLauncherSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('ProcessLauncher', name, skip), () => {
    let subject: ProcessLauncherSubject;
    beforeEach(async () => {
      subject = await create();
    });
    afterEach(async () => subject.dispose());
    const launchLong = (): Promise<number> =>
      subject.launcher.launchDetached({
        args: subject.longArgs,
        stdoutFile: subject.stdoutFile,
        stderrFile: subject.stderrFile,
      });

    it('returns the pid of a live process', async () => {
      const pid = await launchLong();
      expect(pid).toBeGreaterThan(0);
      expect(await subject.launcher.isAlive(pid)).toBe(true);
      await subject.launcher.terminate(pid, 2_000);
    });

    it('terminate ends the process', async () => {
      const pid = await launchLong();
      await subject.launcher.terminate(pid, 2_000);
      expect(await subject.launcher.isAlive(pid)).toBe(false);
    });

    it('sees a process ended from outside as dead', async () => {
      const pid = await launchLong();
      await subject.killFromOutside(pid);
      expect(await subject.launcher.isAlive(pid)).toBe(false);
    });

    it('terminating a process that is gone is fine', async () => {
      const pid = await launchLong();
      await subject.killFromOutside(pid);
      await expect(subject.launcher.terminate(pid, 100)).resolves.toBeUndefined();
    });
  });
}
