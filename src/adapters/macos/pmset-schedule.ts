import type { WakeSchedule } from '../../ports/power-manager.port.js';

const DAY_WORDS: Readonly<Record<string, string>> = {
  'every day': 'MTWRFSU',
  'weekdays only': 'MTWRF',
  'weekends only': 'SU',
};

/**
 * The repeating wake event from `pmset -g sched` output, or undefined when none. pmset prints
 * e.g. "Repeating power events:\n  wakepoweron at 11:54PM every day"; one-shot "Scheduled power
 * events" are not a daily wake and are ignored.
 */
export function parsePmsetSchedule(output: string): WakeSchedule | undefined {
  let repeating = false;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (/^Repeating power events:/i.test(line)) {
      repeating = true;
      continue;
    }
    if (/^Scheduled power events:/i.test(line)) {
      repeating = false;
      continue;
    }
    if (!repeating) continue;
    const match =
      /^(wakeorpoweron|wakepoweron|wake|poweron)\s+at\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*(.*)$/i.exec(
        line,
      );
    if (match === null) continue;
    let hour = Number(match[2]);
    const minute = Number(match[3]);
    const second = Number(match[4] ?? '0');
    const meridiem = match[5]?.toUpperCase();
    if (meridiem === 'PM' && hour < 12) hour += 12;
    if (meridiem === 'AM' && hour === 12) hour = 0;
    const daysText = (match[6] ?? '').trim();
    const days =
      DAY_WORDS[daysText.toLowerCase()] ?? (/^[MTWRFSU]+$/.test(daysText) ? daysText : daysText || 'MTWRFSU');
    const pad = (n: number): string => String(n).padStart(2, '0');
    return { days, time: `${pad(hour)}:${pad(minute)}:${pad(second)}` };
  }
  return undefined;
}

/** The arguments that set a daily wake: `repeat`, because pmset "schedule" takes one date (the seed's README was wrong). */
export function pmsetRepeatArgs(schedule: WakeSchedule): string[] {
  return ['repeat', 'wakeorpoweron', schedule.days, schedule.time];
}
