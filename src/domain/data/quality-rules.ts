import type { Frequency } from '../horizon.js';
import type { QualityFinding, QualityReport } from './quality-report.js';
import { QUALITY_RULES, type QualityRule, type QualitySettings } from './quality-settings.js';
import type { ColumnProfile, TableProfile } from './table-profile.js';

type Draft = Omit<QualityFinding, 'severity'>;

const MS_PER_DAY = 86_400_000;

/**
 * Judges a training table by the quality rules. `now` is the instant the run sees (for
 * freshness). Rules set to `off` are skipped; every finding carries its rule's severity.
 */
export function evaluateQuality(profile: TableProfile, settings: QualitySettings, now: Date): QualityReport {
  const checks: Record<QualityRule, () => readonly Draft[]> = {
    schema: () => schemaRule(profile),
    min_rows: () => minRowsRule(profile, settings),
    duplicate_dates: () => duplicateRule(profile),
    gaps: () => gapRule(profile, settings),
    freshness: () => freshnessRule(profile, settings, now),
    target_nulls: () => targetNullRule(profile),
    feature_nulls: () => featureNullRule(profile, settings),
    stale_features: () => staleRule(profile, settings),
    constant_features: () => constantRule(profile),
    leakage: () => leakageRule(profile, settings),
    repeated_values: () => repeatRule(profile, settings),
    sentinels: () => sentinelRule(profile),
  };
  const findings: QualityFinding[] = [];
  for (const rule of QUALITY_RULES) {
    const severity = settings.severity[rule];
    if (severity === 'off') continue;
    for (const draft of checks[rule]()) findings.push({ ...draft, severity });
  }
  return {
    table: profile.table,
    horizon: profile.horizon,
    rows: profile.rows,
    firstDate: profile.firstDate,
    lastDate: profile.lastDate,
    passed: !findings.some((f) => f.severity === 'blocking'),
    findings,
  };
}

function finding(
  rule: QualityRule,
  column: string | null,
  message: string,
  value: number | null = null,
  limit: number | null = null,
): Draft {
  return { rule, column, message: `${rule}: ${message}`, value, limit };
}

function features(profile: TableProfile): readonly ColumnProfile[] {
  return profile.columns.filter((c) => c.role === 'feature');
}

function schemaRule(profile: TableProfile): Draft[] {
  const out: Draft[] = [];
  if (profile.dateColumn === null)
    out.push(finding('schema', 'date', `${profile.table} has no DATE column named "date"`));
  for (const name of [profile.priceColumn, profile.targetColumn]) {
    const column = profile.columns.find((c) => c.name === name);
    if (column === undefined) out.push(finding('schema', name, `${profile.table} has no column ${name}`));
    else if (column.kind !== 'number')
      out.push(finding('schema', name, `column ${name} is ${column.type}, expected a number`));
  }
  for (const column of features(profile)) {
    if (column.kind !== 'number')
      out.push(
        finding(
          'schema',
          column.name,
          `feature ${column.name} is ${column.type}, expected a number (no text columns)`,
        ),
      );
  }
  if (features(profile).length === 0)
    out.push(finding('schema', null, `${profile.table} has no feature columns`, 0, 1));
  return out;
}

function minRowsRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  const limit = settings.minRows[profile.frequency];
  return profile.rows < limit
    ? [
        finding(
          'min_rows',
          null,
          `${profile.table} has ${profile.rows} rows, fewer than ${limit}`,
          profile.rows,
          limit,
        ),
      ]
    : [];
}

function duplicateRule(profile: TableProfile): Draft[] {
  const count = profile.duplicateDates.length;
  if (count === 0) return [];
  const shown = profile.duplicateDates.slice(0, 5).join(', ');
  return [finding('duplicate_dates', 'date', `${count} dates occur more than once (${shown})`, count, 0)];
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumber(iso: string): number {
  return Math.floor(
    Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY,
  );
}

function monthNumber(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/** Business days (Mon-Fri) strictly between two dates. */
function businessDaysBetween(from: number, to: number): number {
  let count = 0;
  for (let day = from + 1; day < to; day += 1) {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
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

function gapRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  const limit = settings.gapPeriods[profile.frequency];
  const gaps: { from: string; to: string; missing: number }[] = [];
  for (let i = 1; i < profile.dates.length; i += 1) {
    const previous = profile.dates[i - 1] ?? '';
    const next = profile.dates[i] ?? '';
    if (previous === '' || next === '' || next <= previous) continue;
    const missing = missingPeriods(previous, next, profile.frequency);
    if (missing >= limit) gaps.push({ from: previous, to: next, missing });
  }
  if (gaps.length === 0) return [];
  const unit = profile.frequency === 'monthly' ? 'months' : 'business days';
  const worst = gaps.reduce((a, b) => (b.missing > a.missing ? b : a));
  return [
    finding(
      'gaps',
      'date',
      `${gaps.length} gaps in the dates; the largest misses ${worst.missing} ${unit} between ${worst.from} and ${worst.to} (a gap is ${limit} or more)`,
      gaps.length,
      0,
    ),
  ];
}

function freshnessRule(profile: TableProfile, settings: QualitySettings, now: Date): Draft[] {
  if (profile.lastDate === null) return [];
  const today = now.toISOString().slice(0, 10);
  const limit = settings.maxAgePeriods[profile.frequency];
  // a monthly row is the month's average: it is complete at the month's end, so age counts from the next month
  const age =
    profile.frequency === 'monthly'
      ? monthNumber(today) - monthNumber(profile.lastDate) - 1
      : businessDaysBetween(dayNumber(profile.lastDate), dayNumber(today));
  const unit = profile.frequency === 'monthly' ? 'months' : 'business days';
  return age > limit
    ? [
        finding(
          'freshness',
          'date',
          `newest row ${profile.lastDate} is ${age} ${unit} old on ${today} (limit ${limit})`,
          age,
          limit,
        ),
      ]
    : [];
}

function targetNullRule(profile: TableProfile): Draft[] {
  const count = profile.targetNullsBeforeTail;
  return count > 0
    ? [
        finding(
          'target_nulls',
          profile.targetColumn,
          `${profile.targetColumn} is null in ${count} rows before the last ${profile.periods} (only those may be unknown)`,
          count,
          0,
        ),
      ]
    : [];
}

function featureNullRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  if (profile.rows === 0) return [];
  return features(profile)
    .filter((c) => c.kind === 'number' && c.nulls / profile.rows > settings.maxNullShare)
    .map((c) =>
      finding(
        'feature_nulls',
        c.name,
        `${c.name} is null in ${c.nulls} of ${profile.rows} rows (${pct(c.nulls / profile.rows)}, limit ${pct(settings.maxNullShare)})`,
        c.nulls / profile.rows,
        settings.maxNullShare,
      ),
    );
}

function staleRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  if (profile.lastDate === null) return [];
  const lastDate = profile.lastDate;
  const limit = settings.maxStalePeriods[profile.frequency];
  const unit = profile.frequency === 'monthly' ? 'months' : 'business days';
  return [...features(profile), ...profile.columns.filter((c) => c.role === 'price')].flatMap((c) => {
    if (c.kind !== 'number') return [];
    if (c.lastValidDate === null)
      return [finding('stale_features', c.name, `${c.name} has no value at all`, profile.rows, limit)];
    const behind =
      missingPeriods(c.lastValidDate, lastDate, profile.frequency) + (c.lastValidDate < lastDate ? 1 : 0);
    return behind > limit
      ? [
          finding(
            'stale_features',
            c.name,
            `${c.name} stops at ${c.lastValidDate}, ${behind} ${unit} before the table's last date ${lastDate} (limit ${limit})`,
            behind,
            limit,
          ),
        ]
      : [];
  });
}

function constantRule(profile: TableProfile): Draft[] {
  return features(profile)
    .filter((c) => c.kind === 'number' && c.distinct <= 1 && c.nulls < profile.rows)
    .map((c) =>
      finding(
        'constant_features',
        c.name,
        `${c.name} takes a single value${c.longestRun ? ` (${c.longestRun.value})` : ''} in every non-null row`,
        c.distinct,
        2,
      ),
    );
}

function leakageRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  return features(profile).flatMap((c) => {
    const match = c.leakage;
    if (match === null || match.share < settings.leakageShare || match.pairs < 2) return [];
    return [
      finding(
        'leakage',
        c.name,
        `${c.name} equals ${match.against} on ${Math.round(match.share * match.pairs)} of ${match.pairs} rows (${pct(match.share)}, limit ${pct(settings.leakageShare)}): it sees the future`,
        match.share,
        settings.leakageShare,
      ),
    ];
  });
}

function repeatRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  const limit = settings.maxRepeatRun[profile.frequency];
  return profile.columns
    .filter(
      (c) => c.role !== 'date' && c.longestRun !== null && c.longestRun.length >= limit && c.distinct > 1,
    )
    .map((c) => {
      const run = c.longestRun ?? { length: 0, value: 0, startDate: null };
      return finding(
        'repeated_values',
        c.name,
        `${c.name} repeats ${run.value} ${run.length} times in a row from ${run.startDate ?? '?'} (limit ${limit})`,
        run.length,
        limit,
      );
    });
}

function sentinelRule(profile: TableProfile): Draft[] {
  return profile.columns.flatMap((c) =>
    c.sentinelHits.map((hit) =>
      finding(
        'sentinels',
        c.name,
        `${c.name} holds the placeholder value ${hit.value} in ${hit.count} rows`,
        hit.count,
        0,
      ),
    ),
  );
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
