import { describe, expect, it } from 'vitest';
import type { PowerManager } from '../../ports/power-manager.port.js';
import { contractTitle } from './contract-title.js';

/** What every PowerManager guarantees: keep-awake never throws, and says what holds it. */
export function powerManagerContract(name: string, create: () => PowerManager, skip?: string): void {
  describe.skipIf(skip !== undefined)(contractTitle('PowerManager', name, skip), () => {
    it('keeps awake or says why not, and releases twice without error', async () => {
      const hold = await create().keepAwake('cbi contract test');
      expect(hold.mechanism.length).toBeGreaterThan(0);
      await hold.release();
      await hold.release();
    });

    it('reads the wake schedule without throwing', async () => {
      const schedule = await create().readWakeSchedule();
      if (schedule !== undefined) expect(schedule.time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    });
  });
}
