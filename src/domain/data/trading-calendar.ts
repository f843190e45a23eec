import type { Frequency } from '../horizon.js';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(iso: string): number {
  return Math.floor(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY,
  );
}

export function monthNumber(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/**
 * The weekday of a day number, 0 = Sunday. 1970-01-01 was a Thursday (4). The modulo is taken
 * positive: JavaScript's `%` keeps the sign, so days before 1970 came out negative and a Saturday
 * in 1965 counted as a business day.
 */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Business days (Mon-Fri) strictly between two dates. */
export function businessDaysBetween(from: number, to: number): number {
  let count = 0;
  for (let day = from + 1; day < to; day += 1) {
    const weekday = weekdayOf(day);
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/** Periods missing between two consecutive dates of a table of this frequency. */
export function missingPeriods(previous: string, next: string, frequency: Frequency): number {
  return frequency === 'monthly'
    ? monthNumber(next) - monthNumber(previous) - 1
    : businessDaysBetween(dayNumber(previous), dayNumber(next));
}

/** Business days (Mon-Fri) of a month, `YYYY-MM`. */
export function businessDaysInMonth(month: string): number {
  const first = dayNumber(`${month}-01`);
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return businessDaysBetween(first - 1, dayNumber(next));
}

/** Saturday or Sunday. */
export function isWeekend(iso: string): boolean {
  const weekday = weekdayOf(dayNumber(iso));
  return weekday === 0 || weekday === 6;
}
