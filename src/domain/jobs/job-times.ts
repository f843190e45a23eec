import { addDays, instantOf, localDateTime, nextSlotAfter } from '../watchdog/schedule.js';

/** A wall-clock time of day, "HH:MM" (24 h). */
export type ClockTime = string;

const pad = (n: number): string => String(n).padStart(2, '0');

function minutesOf(time: ClockTime): number {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (match === null) throw new RangeError(`time "${time}" is not HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function clock(minutes: number): ClockTime {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** Sorted by time of day, each once. */
export function sortedTimes(times: readonly ClockTime[]): ClockTime[] {
  return [...new Set(times.map((t) => clock(minutesOf(t))))].sort((a, b) => minutesOf(a) - minutesOf(b));
}

/**
 * The configured run times as wall-clock times of `toZone`, for the next run of each after `at`.
 * launchd's StartCalendarInterval and pmset's repeating wake read the system's zone, so a
 * schedule in another zone is converted when the jobs are installed (and drifts at a DST change
 * one zone makes and the other does not: see `zoneDisagreements`).
 */
export function timesInZone(
  times: readonly ClockTime[],
  fromZone: string,
  toZone: string,
  at: Date,
): ClockTime[] {
  if (fromZone === toZone) return sortedTimes(times);
  return sortedTimes(
    times.map((time) => {
      const local = localDateTime(nextSlotAfter({ timeZone: fromZone, time }, at), toZone);
      return `${pad(local.hour)}:${pad(local.minute)}`;
    }),
  );
}

/** `leadMinutes` before the first of `times` (same zone), as "HH:MM:SS": pmset keeps one repeating wake. */
export function wakeBefore(times: readonly ClockTime[], leadMinutes: number): string {
  const first = Math.min(...times.map(minutesOf));
  return `${clock(first - leadMinutes)}:00`;
}

/** A day on which the installed jobs would fire at another time than the schedule means. */
export interface ZoneDisagreement {
  /** The schedule's calendar date, YYYY-MM-DD, in its zone. */
  readonly date: string;
  /** The configured time, in the configured zone. */
  readonly configured: ClockTime;
  /** When that run falls in the system's zone that day. */
  readonly systemTime: ClockTime;
}

/**
 * The days from `now` on (for `days` days) on which a run configured at `times` in `configZone`
 * falls at a system time the installed jobs do not fire at (`installed`, system zone): what a
 * DST change in one zone and not the other does. Empty when they agree all along.
 */
export function zoneDisagreements(input: {
  readonly times: readonly ClockTime[];
  readonly configZone: string;
  readonly systemZone: string;
  readonly installed: readonly ClockTime[];
  readonly now: Date;
  readonly days: number;
}): ZoneDisagreement[] {
  const installed = new Set(sortedTimes(input.installed));
  const start = localDateTime(input.now, input.configZone);
  const found: ZoneDisagreement[] = [];
  for (let d = 0; d < input.days; d += 1) {
    const date = addDays(start, d);
    for (const configured of sortedTimes(input.times)) {
      const minutes = minutesOf(configured);
      const instant = instantOf(
        { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 },
        input.configZone,
      );
      if (instant.getTime() < input.now.getTime() && d === 0) continue;
      const local = localDateTime(instant, input.systemZone);
      const systemTime = `${pad(local.hour)}:${pad(local.minute)}`;
      if (!installed.has(systemTime))
        found.push({
          date: `${date.year}-${pad(date.month)}-${pad(date.day)}`,
          configured,
          systemTime,
        });
    }
  }
  return found;
}
