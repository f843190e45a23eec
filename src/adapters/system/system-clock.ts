import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../ports/clock.port.js';

/** The real clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await delay(ms, undefined, signal ? { signal } : {});
    } catch (error) {
      // node rejects with its own AbortError (the reason as its cause); the port promises the reason
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  }
}
