import { Worker } from 'node:worker_threads';
import koffi from 'koffi';

/** How a worker process makes sure it does not outlive its parent. */
export type ParentDeathGuard = 'pdeathsig' | 'watcher';

const PR_SET_PDEATHSIG = 1;
const SIGKILL = 9;
const WATCH_INTERVAL_MS = 100;

// Runs on its own thread, so it keeps polling while the main thread is blocked in native code.
// process.exit() there would end only that thread: SIGKILL ends the process.
const WATCHER = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parentPid) process.kill(process.pid, 'SIGKILL');
}, workerData.intervalMs);
`;

/**
 * Makes this process die by SIGKILL soon after `parentPid` dies, whatever its main thread is
 * doing. A worker inside a long synchronous native call never sees its IPC channel close, so
 * without this it trains on for minutes after a `kill -9` of its parent (issue 9).
 *
 * - `pdeathsig` (Linux): prctl(PR_SET_PDEATHSIG, SIGKILL) through koffi on the process's own
 *   libc; the kernel sends the signal as the parent exits (measured 40-240 ms from the kill to
 *   the worker gone, most of it the measuring `ps`), at no cost. The parent may have died before
 *   the call: the parent pid is checked right after it.
 * - `watcher` (macOS, or where prctl cannot be called): a worker thread polls the parent pid
 *   every 100 ms and kills the process when it changes (100-200 ms measured; ~15 MB and ~0.2 s
 *   of thread start, which is why Linux does not use it).
 *
 * Returns the guard in place.
 */
export function dieWithParent(parentPid: number, guard: ParentDeathGuard = defaultGuard()): ParentDeathGuard {
  if (guard === 'pdeathsig') {
    try {
      const self = koffi.load(null);
      // prctl is variadic; on Linux the integer arguments travel as fixed ones do.
      const prctl: (option: number, a2: number, a3: number, a4: number, a5: number) => number = self.func(
        'int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)',
      );
      if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) === 0) {
        if (process.ppid !== parentPid) process.kill(process.pid, 'SIGKILL');
        return 'pdeathsig';
      }
    } catch {
      // no prctl here (not Linux, or no such symbol): the watcher does the job
    }
  }
  if (process.ppid !== parentPid) process.kill(process.pid, 'SIGKILL');
  const watcher = new Worker(WATCHER, {
    eval: true,
    workerData: { parentPid, intervalMs: WATCH_INTERVAL_MS },
    // The watcher needs almost nothing; keep its heap small.
    resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
  });
  watcher.unref(); // it never keeps a finished worker alive
  return 'watcher';
}

function defaultGuard(): ParentDeathGuard {
  return process.platform === 'linux' ? 'pdeathsig' : 'watcher';
}
