import type { Frequency } from '../horizon.js';
import { dataAge } from './data-age.js';
import type { QualitySettings } from './quality-settings.js';
import { finding, pct, type Draft } from './rule-draft.js';
import type { TableProfile } from './table-profile.js';
import { businessDaysInMonth, isWeekend, missingPeriods } from './trading-calendar.js';

/** The rules about a table's dates: gaps, thin months, and how old its newest row is. */

/** A run of missing periods between two consecutive dates; `to` is the row after it. */
export interface DateGap {
  readonly from: string;
  readonly to: string;
  /** The index of the row after the gap. */
  readonly toRow: number;
  readonly missing: number;
}

/** The gaps of `limit` or more missing periods between consecutive dates (daily: business days). */
export function findGaps(calendar: readonly string[], frequency: Frequency, limit: number): readonly DateGap[] {
  const gaps: DateGap[] = [];
  for (let i = 1; i < calendar.length; i += 1) {
    const previous = calendar[i - 1] ?? '';
    const next = calendar[i] ?? '';
    if (previous === '' || next === '' || next <= previous) continue;
    const missing = missingPeriods(previous, next, frequency);
    if (missing >= limit) gaps.push({ from: previous, to: next, toRow: i, missing });
  }
  return gaps;
}

export function gapUnit(frequency: Frequency): string {
  return frequency === 'monthly' ? 'months' : 'business days';
}

export function gapRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  const limit = settings.gapPeriods[profile.frequency];
  const gaps = findGaps(profile.calendar, profile.frequency, limit);
  if (gaps.length === 0) return [];
  const worst = gaps.reduce((a, b) => (b.missing > a.missing ? b : a));
  return [
    finding(
      'gaps',
      profile.dateColumn,
      `${gaps.length} gaps in the dates; the largest misses ${worst.missing} ${gapUnit(profile.frequency)} between ${worst.from} and ${worst.to} (a gap is ${limit} or more)`,
      gaps.length,
      0,
    ),
  ];
}

/**
 * Months of a daily table holding fewer than `minCoverage` of their business days (a table that
 * lacks whole weekdays for months: its row leads are not the trading days they claim to be).
 */
export function coverageRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  if (profile.frequency !== 'daily' || profile.calendar.length === 0) return [];
  const perMonth = new Map<string, number>();
  for (const date of new Set(profile.calendar)) {
    if (date === '') continue;
    if (isWeekend(date)) continue;
    perMonth.set(date.slice(0, 7), (perMonth.get(date.slice(0, 7)) ?? 0) + 1);
  }
  const months = [...perMonth.keys()].sort();
  // the first and last months are partial by nature
  const thin = months.slice(1, -1).flatMap((month) => {
    const present = perMonth.get(month) ?? 0;
    const expected = businessDaysInMonth(month);
    return present / expected < settings.minCoverage ? [{ month, present, expected }] : [];
  });
  if (thin.length === 0) return [];
  const missing = thin.reduce((sum, m) => sum + m.expected - m.present, 0);
  const shown = thin
    .slice(0, 6)
    .map((m) => `${m.month} ${m.present}/${m.expected}`)
    .join(', ');
  return [
    finding(
      'coverage',
      profile.dateColumn,
      `${thin.length} months hold fewer than ${pct(settings.minCoverage)} of their business days (${missing} missing: ${shown}${thin.length > 6 ? ', ...' : ''}); a lead of n rows there spans more than n trading days`,
      thin.length,
      0,
    ),
  ];
}

export function freshnessRule(profile: TableProfile, settings: QualitySettings, now: Date): Draft[] {
  if (profile.lastDate === null) return [];
  const limit = settings.maxAgePeriods[profile.frequency];
  // a monthly row is the month's average: it is complete at the month's end, so age counts from the next month
  const age = dataAge(profile.lastDate, profile.frequency, now);
  const unit = profile.frequency === 'monthly' ? 'months' : 'business days';
  return age.periods > limit
    ? [
        finding(
          'freshness',
          profile.dateColumn,
          `newest row ${profile.lastDate} is ${age.periods} ${unit} old on ${age.today} (limit ${limit})`,
          age.periods,
          limit,
        ),
      ]
    : [];
}
