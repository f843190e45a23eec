/**
 * The nightly schedule as calendar slots in an IANA time zone. Local times are turned into
 * instants through Intl.DateTimeFormat, so daylight-saving changes are handled the way the OS
 * scheduler handles them: a slot in the spring-forward gap runs at the same wall-clock distance
 * after the gap (02:30 -> 03:30), a slot in the fall-back overlap runs at its first occurrence.
 */
export interface DailySchedule {
  /** IANA name, e.g. "America/Chicago". */
  readonly timeZone: string;
  /** Local time of the run, "HH:MM" (24 h). */
  readonly time: string;
  /** Several runs a day: every local time, "HH:MM"; `time` alone when absent. */
  readonly times?: readonly string[];
}

/** Every local run time of the schedule. */
export function scheduleTimes(schedule: Pick<DailySchedule, 'time' | 'times'>): readonly string[] {
  return schedule.times !== undefined && schedule.times.length > 0 ? schedule.times : [schedule.time];
}

/** A calendar date in some zone; month 1-12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Whether `timeZone` is an IANA name this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === LOCAL_TIME_ZONE || timeZone === 'UTC' || timeZone === 'Etc/UTC') return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone of the running process (its TZ), read through Date's local-time methods. The hourly
 * watchdog uses it when no zone is configured: the first Intl formatter of a process loads
 * ICU's locale data (~30 ms here), a tenth of the watchdog's start-up budget.
 */
export const LOCAL_TIME_ZONE = 'local';

/** A zone's wall clock, made once per call: creating Intl formatters is the slow part. */
interface Zone {
  readonly name: string;
  readonly wallClock: (instant: Date) => LocalDateTime;
}

function zoneOf(timeZone: string): Zone {
  if (timeZone === LOCAL_TIME_ZONE) {
    return {
      name: timeZone,
      wallClock: (d) => ({
        year: d.getFullYear(),
        month: d.getMonth() + 1,
        day: d.getDate(),
        hour: d.getHours(),
        minute: d.getMinutes(),
        second: d.getSeconds(),
      }),
    };
  }
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') {
    return {
      name: timeZone,
      wallClock: (d) => ({
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
      }),
    };
  }
  const format = formatterFor(timeZone);
  return {
    name: timeZone,
    wallClock: (instant) => {
      const parts = format.formatToParts(instant);
      const part = (type: Intl.DateTimeFormatPartTypes): number =>
        Number(parts.find((p) => p.type === type)?.value ?? NaN);
      return {
        year: part('year'),
        month: part('month'),
        day: part('day'),
        hour: part('hour'),
        minute: part('minute'),
        second: part('second'),
      };
    },
  };
}

function wallClock(instant: Date, zone: Zone): LocalDateTime {
  return zone.wallClock(instant);
}

function offsetMs(instant: Date, zone: Zone): number {
  const local = wallClock(instant, zone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000) * 60_000;
}

function instantIn(local: LocalDateTime, zone: Zone): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const before = offsetMs(new Date(wall - DAY_MS), zone);
  const after = offsetMs(new Date(wall + DAY_MS), zone);
  const valid = [wall - before, wall - after].filter((t) => offsetMs(new Date(t), zone) === wall - t);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the gap: read the wall time with the offset before the change, which lands after the gap.
  return new Date(wall - before);
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  return wallClock(instant, zoneOf(timeZone));
}

/** Minutes east of UTC in `timeZone` at `instant` (Chicago in winter: -360). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  return offsetMs(instant, zoneOf(timeZone)) / 60_000;
}

/**
 * The instant of a wall-clock time in `timeZone`. In a fall-back overlap the earlier instant;
 * in a spring-forward gap the time is shifted forward by the gap (as launchd and cron do).
 */
export function instantOf(local: LocalDateTime, timeZone: string): Date {
  return instantIn(local, zoneOf(timeZone));
}

/** The calendar date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function parseTime(time: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (match === null) throw new RangeError(`schedule time "${time}" is not HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function slotIn(time: string, date: LocalDate, zone: Zone): Date {
  const { hour, minute } = parseTime(time);
  return instantIn({ ...date, hour, minute, second: 0 }, zone);
}

/** The slot of the run on the local calendar date `date` (the first run time of the day). */
export function slotOn(schedule: DailySchedule, date: LocalDate): Date {
  const zone = zoneOf(schedule.timeZone);
  return new Date(Math.min(...scheduleTimes(schedule).map((time) => slotIn(time, date, zone).getTime())));
}

/** The latest slot at or before `now`, over every run time of the day. */
export function lastSlotAtOrBefore(schedule: DailySchedule, now: Date): Date {
  const zone = zoneOf(schedule.timeZone);
  const today = wallClock(now, zone);
  let latest = -Infinity;
  for (const time of scheduleTimes(schedule)) {
    const slot = slotIn(time, today, zone);
    const at = slot.getTime() <= now.getTime() ? slot : slotIn(time, addDays(today, -1), zone);
    latest = Math.max(latest, at.getTime());
  }
  return new Date(latest);
}

/** The first slot strictly after `now`, over every run time of the day. */
export function nextSlotAfter(schedule: DailySchedule, now: Date): Date {
  const zone = zoneOf(schedule.timeZone);
  const today = wallClock(now, zone);
  let earliest = Infinity;
  for (const time of scheduleTimes(schedule)) {
    const slot = slotIn(time, today, zone);
    const at = slot.getTime() > now.getTime() ? slot : slotIn(time, addDays(today, 1), zone);
    earliest = Math.min(earliest, at.getTime());
  }
  return new Date(earliest);
}

/**
 * The last slot that should have run by `now`: the latest slot whose grace period has ended.
 * A run that started at or after it covers it.
 */
export function dueSlot(schedule: DailySchedule, now: Date, graceMinutes: number): Date {
  return lastSlotAtOrBefore(schedule, new Date(now.getTime() - graceMinutes * 60_000));
}

/**
 * The daily wake time, `leadMinutes` before the day's first run (local time), as "HH:MM:SS" for
 * a repeating wake event (`pmset repeat wakeorpoweron MTWRFSU <time>`): pmset keeps one.
 */
export function wakeTimeBefore(schedule: DailySchedule, leadMinutes: number): string {
  const first = Math.min(
    ...scheduleTimes(schedule).map((time) => {
      const { hour, minute } = parseTime(time);
      return hour * 60 + minute;
    }),
  );
  const total = (((first - leadMinutes) % 1440) + 1440) % 1440;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}:00`;
}

/** The wake instant before the next slot after `now` (for display: "the machine wakes at ..."). */
export function nextWakeAfter(schedule: DailySchedule, now: Date, leadMinutes: number): Date {
  return new Date(nextSlotAfter(schedule, now).getTime() - leadMinutes * 60_000);
}
