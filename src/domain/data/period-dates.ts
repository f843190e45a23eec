import type { Frequency } from '../horizon.js';

/**
 * The date `periods` periods after `date` (YYYY-MM-DD): calendar months for monthly data (the day
 * clamped to the month's end), weekdays for daily data (trading days, holidays not known here).
 * Used for the target date of the newest row, whose target row does not exist yet.
 */
export function addPeriods(date: string, periods: number, frequency: Frequency): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (frequency === 'monthly') {
    const first = new Date(Date.UTC(year, month - 1 + periods, 1));
    const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    first.setUTCDate(Math.min(day, lastDay));
    return first.toISOString().slice(0, 10);
  }
  const at = new Date(Date.UTC(year, month - 1, day));
  let left = periods;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return at.toISOString().slice(0, 10);
}
