import { describe, expect, it } from 'vitest';
import type { Clock } from '../../ports/clock.port.js';
import { contractTitle } from './contract-title.js';

/** Why a promise settled as it did, for the assertions. */
async function outcome(settling: Promise<unknown>): Promise<unknown> {
  return settling.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

/**
 * What every Clock guarantees: a time that never goes back, sleeps of at least the time asked
 * that end in order, and a sleep whose signal aborts rejecting with the signal's reason.
 * Real clocks wait here for a few tens of milliseconds.
 */
export function clockContract(name: string, create: () => Clock, skip?: string): void {
  describe.skipIf(skip !== undefined)(contractTitle('Clock', name, skip), () => {
    it('tells the time as a valid date that never goes back', () => {
      const clock = create();
      const first = clock.now();
      const second = clock.now();
      expect(Number.isFinite(first.getTime())).toBe(true);
      expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
    });

    it('sleeps at least the time asked, on its own time', async () => {
      const clock = create();
      const before = clock.now().getTime();
      await clock.sleep(40);
      expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(40);
    });

    it('ends sleeps in the order of their end times', async () => {
      const clock = create();
      const ended: number[] = [];
      await Promise.all([30, 5, 15].map((ms) => clock.sleep(ms).then(() => ended.push(ms))));
      expect(ended).toEqual([5, 15, 30]);
    });

    it("rejects a sleep whose signal was aborted before with the signal's reason", async () => {
      const controller = new AbortController();
      const reason = new Error('run deadline');
      controller.abort(reason);
      expect(await outcome(create().sleep(10, controller.signal))).toBe(reason);
    });

    it("rejects a sleep with the signal's reason when the signal aborts during it", async () => {
      const controller = new AbortController();
      const reason = new Error('interrupted');
      const sleeping = create().sleep(60_000, controller.signal);
      controller.abort(reason);
      expect(await outcome(sleeping)).toBe(reason);
    });
  });
}
