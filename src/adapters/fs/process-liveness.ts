import { errnoCode } from '../shared/node-errors.js';

/** Whether `pid` is a live process on this machine (signal 0 probes without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return errnoCode(error) === 'EPERM';
  }
}
