import type { Clock } from '../ports/clock.port.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

export interface FakeClockOptions {
  /**
   * When true (the default), time jumps to the next pending sleep whenever the program is idle,
   * so code that waits minutes runs at once and in the right order. When false, only
   * `advance`/`set` move time.
   */
  readonly autoAdvance?: boolean;
}

/** A clock that advances without sleeping: a discrete-event timeline for tests. */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  #pumping = false;
  readonly #autoAdvance: boolean;

  constructor(start: Date | string, options: FakeClockOptions = {}) {
    this.#now = new Date(start).getTime();
    this.#autoAdvance = options.autoAdvance ?? true;
  }

  now(): Date {
    return new Date(this.#now);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const seq = this.#seq++;
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((t) => t.seq !== seq);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push({
        at: this.#now + Math.max(0, ms),
        seq,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      });
      if (this.#autoAdvance) this.#schedulePump();
    });
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way, in order. */
  advance(ms: number): void {
    this.#runUntil(this.#now + ms);
  }

  /** Moves time to `date` (forward only), waking sleepers due on the way. */
  set(date: Date | string): void {
    const target = new Date(date).getTime();
    if (target < this.#now) throw new Error('FakeClock only moves forward');
    this.#runUntil(target);
  }

  /** How many sleeps are waiting. */
  get pendingSleeps(): number {
    return this.#timers.length;
  }

  #runUntil(target: number): void {
    for (;;) {
      const next = this.#earliest();
      if (next === undefined || next.at > target) break;
      this.#fire(next);
    }
    this.#now = Math.max(this.#now, target);
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers) {
      if (best === undefined || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq))
        best = timer;
    }
    return best;
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
  }

  #schedulePump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    // Wait for a few turns of the event loop so that work in flight settles before time jumps.
    const settle = (turns: number): void => {
      if (turns > 0) {
        setImmediate(() => settle(turns - 1));
        return;
      }
      this.#pumping = false;
      const next = this.#earliest();
      if (next === undefined) return;
      this.#fire(next);
      if (this.#timers.length > 0) this.#schedulePump();
    };
    settle(5);
  }
}

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new Error('aborted');
}
