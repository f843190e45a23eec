import type { JobSlots } from './job-slots.js';

/**
 * Runs `tasks` with at most `concurrency` at once, results in task order; with `slots`, each task
 * also holds one of the places other pools share (asked for at `rank`: JobSlots.acquire). On the first failure no further task is
 * started, the `abort` controller is aborted (so running tasks can stop their children) and the
 * failure is thrown once every running task has settled.
 */
export async function runPool<T>(
  tasks: readonly ((signal: AbortSignal) => Promise<T>)[],
  concurrency: number,
  parent?: AbortSignal,
  slots?: JobSlots,
  rank = 0,
): Promise<T[]> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted === true) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && !controller.signal.aborted && next < tasks.length) {
      const index = next;
      next += 1;
      const task = tasks[index];
      if (task === undefined) continue;
      let release: (() => void) | undefined;
      try {
        release = await slots?.acquire(controller.signal, rank);
        if (failure !== undefined || controller.signal.aborted) return;
        results[index] = await task(controller.signal);
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
      } finally {
        release?.();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
  } finally {
    parent?.removeEventListener('abort', onParentAbort);
  }
  if (failure !== undefined) throw failure.error;
  if (controller.signal.aborted) throw controller.signal.reason;
  return results;
}
