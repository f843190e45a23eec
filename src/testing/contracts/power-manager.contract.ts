import { describe, expect, it } from 'vitest';
import type { PowerManager } from '../../ports/power-manager.port.js';
import { contractTitle } from './contract-title.js';

/**
 * What every PowerManager guarantees: keep-awake never throws and says what holds it; reading
 * the wake and the power facts never throws; planning a wake changes nothing.
 */
export function powerManagerContract(name: string, create: () => PowerManager, skip?: string): void {
  describe.skipIf(skip !== undefined)(contractTitle('PowerManager', name, skip), () => {
    it('keeps awake or says why not, and releases twice without error', async () => {
      const hold = await create().keepAwake('cbi contract test');
      expect(hold.mechanism.length).toBeGreaterThan(0);
      await hold.release();
      await hold.release();
    });

    it('reads the wake and the power facts without throwing', async () => {
      const power = create();
      expect(['repeating', 'timer', 'unreadable', 'none']).toContain((await power.inspectWake()).kind);
      expect(['ac', 'battery', 'unknown']).toContain((await power.readiness()).source);
    });

    it('changes nothing by planning a wake or its removal', async () => {
      const power = create();
      const before = await power.inspectWake();
      const request = {
        mode: 'user' as const,
        wanted: { days: 'MTWRFSU', time: '23:54:00' },
        owned: undefined,
        force: false,
      };
      await power.planWake(request);
      await power.planWakeRemoval(request);
      expect(await power.inspectWake()).toEqual(before);
    });
  });
}
