import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../ports/clock.port.js';

/** The real clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  /**
   * Sleeps until the wall clock (what `now()` tells) has moved at least `ms`. Node's timers run
   * on the monotonic clock and round, so a timer can fire a millisecond before `Date.now()` has
   * moved as far; the port promises the caller's own time, so the rest is slept too.
   */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const end = Date.now() + ms;
    try {
      for (let left = ms; left > 0; left = end - Date.now()) {
        await delay(left, undefined, signal ? { signal } : {});
      }
      signal?.throwIfAborted();
    } catch (error) {
      // node rejects with its own AbortError (the reason as its cause); the port promises the reason
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  }
}
