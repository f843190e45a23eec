/**
 * Places for jobs that several pools share: the thread budget of a run, so that both libraries'
 * jobs and every horizon's run side by side and the one that finishes first leaves its places to
 * the others (the night's wall time is the sum of the work over the places, not the slowest
 * pool's alone). A place that comes free goes to the waiting job of lowest rank (the shortest
 * horizon: each horizon ends about when it would have alone), first come first served within it.
 */
export class JobSlots {
  #free: number;
  readonly #waiting: { readonly rank: number; readonly grant: () => void }[] = [];

  constructor(readonly size: number) {
    this.#free = Math.max(1, size);
  }

  /** Waits for a place (or the signal); the returned function gives it back. */
  async acquire(signal?: AbortSignal, rank = 0): Promise<() => void> {
    if (signal?.aborted === true) throw signal.reason;
    if (this.#free > 0) {
      this.#free -= 1;
      return this.#release();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        rank,
        grant: (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.#waiting.indexOf(waiter);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      // after every waiter of the same or a lower rank
      const before = this.#waiting.findIndex((w) => w.rank > rank);
      if (before === -1) this.#waiting.push(waiter);
      else this.#waiting.splice(before, 0, waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#release();
  }

  #release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next === undefined) this.#free += 1;
      else next.grant();
    };
  }
}
