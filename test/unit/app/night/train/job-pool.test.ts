import { describe, expect, it } from 'vitest';
import { runPool } from '../../../../../src/app/night/train/job-pool.js';
import { JobSlots } from '../../../../../src/app/night/train/job-slots.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runPool', () => {
  it('runs at most `concurrency` tasks at once and returns results in task order', async () => {
    let running = 0;
    let peak = 0;
    const tasks = [3, 1, 2, 5, 4].map((n) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i += 1) await tick();
      running -= 1;
      return n * 10;
    });
    expect(await runPool(tasks, 2)).toEqual([30, 10, 20, 50, 40]);
    expect(peak).toBe(2);
  });

  it('starts no task after the first failure, aborts the running ones and throws that failure', async () => {
    const started: number[] = [];
    let abortedSeen = false;
    const tasks = [0, 1, 2, 3].map((i) => async (signal: AbortSignal) => {
      started.push(i);
      if (i === 0) {
        await tick();
        throw new Error('job 0 failed');
      }
      for (let k = 0; k < 5; k += 1) await tick();
      abortedSeen ||= signal.aborted;
      return i;
    });
    await expect(runPool(tasks, 2)).rejects.toThrow('job 0 failed');
    expect(started).toEqual([0, 1]);
    expect(abortedSeen).toBe(true);
  });

  it('starts nothing when the parent signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    let calls = 0;
    await expect(runPool([async () => (calls += 1)], 2, controller.signal)).rejects.toThrow('deadline');
    expect(calls).toBe(0);
  });
});

describe('runPool with shared slots', () => {
  it('lets two pools together run no more jobs than the slots, the faster pool leaving its places to the other', async () => {
    const slots = new JobSlots(2);
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const pool = (name: string, lengths: readonly number[]) =>
      runPool(
        lengths.map((n, i) => async () => {
          running += 1;
          peak = Math.max(peak, running);
          order.push(`${name}${i}`);
          for (let k = 0; k < n; k += 1) await tick();
          running -= 1;
          return n;
        }),
        2,
        undefined,
        slots,
      );
    const [slow, fast] = await Promise.all([pool('x', [8, 8, 8, 8]), pool('l', [1, 1])]);
    expect(slow).toEqual([8, 8, 8, 8]);
    expect(fast).toEqual([1, 1]);
    expect(peak).toBe(2);
    // first come, first served: both slow jobs, then the fast ones as places free, then the rest
    expect(order.slice(0, 2)).toEqual(['x0', 'x1']);
    expect(order).toContain('x3');
  });

  it('gives a slot back when a job fails, and stops waiting when the signal aborts', async () => {
    const slots = new JobSlots(1);
    await expect(
      runPool([async () => Promise.reject(new Error('boom'))], 1, undefined, slots),
    ).rejects.toThrow('boom');
    const release = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    release();
    (await slots.acquire())();
  });

  it('gives a free place to the waiting job of lowest rank, first come first served within a rank', async () => {
    const slots = new JobSlots(1);
    const release = await slots.acquire();
    const order: string[] = [];
    const wait = (name: string, rank: number) =>
      slots.acquire(undefined, rank).then((done) => {
        order.push(name);
        done();
      });
    const all = Promise.all([
      wait('12m a', 4),
      wait('1w a', 0),
      wait('3m', 2),
      wait('1w b', 0),
      wait('12m b', 4),
    ]);
    await tick();
    release();
    await all;
    expect(order).toEqual(['1w a', '1w b', '3m', '12m a', '12m b']);
  });
});
