import { readFile } from 'node:fs/promises';
import { errnoCode } from './node-errors.js';

/** The OS names of the two jobs (the seed's labels were com.cbi.nightly / com.cbi.watchdog). */
export const JOB_LABELS = {
  launchd: { nightly: 'com.cbi.autopilot.nightly', watchdog: 'com.cbi.autopilot.watchdog' },
  systemd: { nightly: 'cbi-nightly', watchdog: 'cbi-watchdog' },
} as const;

/** "HH:MM" as numbers. */
export function clockParts(time: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (match === null) throw new RangeError(`job time "${time}" is not HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Reads a file, undefined when it is not there. */
export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}
