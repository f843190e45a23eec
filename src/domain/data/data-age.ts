import type { Frequency } from '../horizon.js';
import { businessDaysBetween, dayNumber, monthNumber } from './trading-calendar.js';

/** How old a row is on a given day, counted from the clock, never from the table's newest row. */
export interface DataAge {
  /**
   * Periods of the frequency: business days for daily rows; for a monthly row (the month's
   * average, complete at the month's end) the whole months since that month ended.
   */
  readonly periods: number;
  /** Calendar days from the row's date to `today`. */
  readonly days: number;
  /** `today` as YYYY-MM-DD (UTC), the day the age was counted on. */
  readonly today: string;
}

/** The age of a row dated `date` (YYYY-MM-DD) at the instant `now`. Pure. */
export function dataAge(date: string, frequency: Frequency, now: Date): DataAge {
  const today = now.toISOString().slice(0, 10);
  const periods =
    frequency === 'monthly'
      ? Math.max(0, monthNumber(today) - monthNumber(date) - 1)
      : businessDaysBetween(dayNumber(date), dayNumber(today));
  return { periods, days: Math.max(0, dayNumber(today) - dayNumber(date)), today };
}

/** `14 months`, `3 business days`: an age in its frequency's words. */
export function ageText(age: DataAge, frequency: Frequency): string {
  const unit = frequency === 'monthly' ? 'month' : 'business day';
  return `${age.periods} ${unit}${age.periods === 1 ? '' : 's'}`;
}
