import type { QualityFinding } from './quality-report.js';
import { TABLE_RULES, type QualitySettings, type TableRule } from './quality-settings.js';
import { coverageRule, freshnessRule, gapRule } from './calendar-rules.js';
import { finding, pct, type Draft } from './rule-draft.js';
import { missingPeriods } from './trading-calendar.js';
import type { ColumnProfile, TableProfile } from './table-profile.js';


/**
 * The table rules over a profile (of the rows the row rules trust). `now` is the instant the run
 * sees (for freshness). Rules set to `off` are skipped; `trim` acts as `warning` here (a table
 * rule names no rows); every finding carries its rule's severity.
 */
export function judgeTable(
  profile: TableProfile,
  settings: QualitySettings,
  now: Date,
): readonly QualityFinding[] {
  const checks: Record<TableRule, () => readonly Draft[]> = {
    schema: () => schemaRule(profile),
    min_rows: () => minRowsRule(profile, settings),
    duplicate_dates: () => duplicateRule(profile),
    gaps: () => gapRule(profile, settings),
    coverage: () => coverageRule(profile, settings),
    freshness: () => freshnessRule(profile, settings, now),
    target_nulls: () => targetNullRule(profile),
    feature_nulls: () => featureNullRule(profile, settings),
    stale_features: () => staleRule(profile, settings),
    constant_features: () => constantRule(profile),
    leakage: () => leakageRule(profile, settings),
    repeated_values: () => repeatRule(profile, settings),
    sentinels: () => sentinelRule(profile),
    ids: () => idRule(profile),
    intraday: () => intradayRule(profile),
  };
  const findings: QualityFinding[] = [];
  for (const rule of TABLE_RULES) {
    const configured = settings.severity[rule];
    // gaps set to trim has already left out the rows before the last gap (trimBeforeLastGap)
    if (configured === 'off' || (rule === 'gaps' && configured === 'trim')) continue;
    const severity = configured === 'trim' && !COLUMN_TRIM_RULES.includes(rule) ? 'warning' : configured;
    const drafts = checks[rule]();
    if (drafts.length > GROUP_ABOVE && drafts.every((d) => d.column !== null)) findings.push({ ...group(rule, drafts), severity });
    else for (const draft of drafts) findings.push({ ...draft, severity });
  }
  return findings;
}

/** Table rules whose `trim` leaves the columns they name out of the features (a dead feature). */
const COLUMN_TRIM_RULES: readonly TableRule[] = ['stale_features'];

/** A rule that names more columns than this gets one finding listing them (wide tables). */
const GROUP_ABOVE = 5;

function group(rule: TableRule, drafts: readonly Draft[]): Draft {
  const columns = drafts.flatMap((d) => (d.column === null ? [] : [d.column]));
  const shown = drafts
    .slice(0, 3)
    .map((d) => d.message.slice(rule.length + 2))
    .join('; ');
  return {
    rule,
    column: null,
    columns,
    message: `${rule}: ${columns.length} columns, e.g. ${shown}; all: ${columns.join(', ')}`,
    value: columns.length,
    limit: null,
  };
}

function features(profile: TableProfile): readonly ColumnProfile[] {
  return profile.columns.filter((c) => c.role === 'feature');
}

function schemaRule(profile: TableProfile): Draft[] {
  const out: Draft[] = [];
  if (profile.dateColumn === null)
    out.push(
      finding(
        'schema',
        null,
        `${profile.table} has no date column (set source.columns.date to the column holding the row's date)`,
      ),
    );
  if (profile.priceColumn === null)
    out.push(
      finding(
        'schema',
        null,
        `${profile.table} has no price column (none of its columns is named like one: set source.columns.price)`,
      ),
    );
  if (profile.targetColumn === null)
    out.push(
      finding(
        'schema',
        profile.expectedTarget,
        `${profile.table} has no column ${profile.expectedTarget} (set source.columns.target, "{h}" for the horizon)`,
      ),
    );
  for (const name of [profile.priceColumn, profile.targetColumn]) {
    const column = profile.columns.find((c) => c.name === name);
    if (column !== undefined && column.kind !== 'number')
      out.push(finding('schema', column.name, `column ${column.name} is ${column.type}, expected a number`));
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
  return [finding('duplicate_dates', profile.dateColumn, `${count} dates occur more than once (${shown})`, count, 0)];
}

function targetNullRule(profile: TableProfile): Draft[] {
  const count = profile.targetNulls;
  const column = profile.targetColumn ?? profile.expectedTarget;
  return count > 0
    ? [
        finding(
          'target_nulls',
          column,
          `${column} is null in ${count} rows whose target row (${profile.periods} rows later) is there and trusted`,
          count,
          0,
        ),
      ]
    : [];
}

function featureNullRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  if (profile.rows === 0) return [];
  return features(profile)
    .filter((c) => c.kind !== 'other' && c.nulls / profile.rows > settings.maxNullShare)
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
  return features(profile).flatMap((c) => {
    if (c.kind !== 'number' && c.kind !== 'text') return [];
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
    .filter((c) => c.kind !== 'other' && c.distinct <= 1 && c.nulls < profile.rows)
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
    if (match === null || match.share < settings.leakageShare || match.pairs < 2) return futureMoveLeak(c, settings);
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

/** A feature that correlates with the move ahead as nothing that only knows the past could. */
function futureMoveLeak(c: ColumnProfile, settings: QualitySettings): Draft[] {
  const limit = settings.leakageCorrelation;
  const move = c.futureMove;
  if (move === undefined || move === null || !(limit > 0 && limit < 1)) return [];
  const r = Math.abs(move.correlation);
  if (r < limit) return [];
  return [
    finding(
      'leakage',
      c.name,
      `${c.name} correlates ${move.correlation.toFixed(3)} with the ${move.against} (the log move over the next ${move.lead} rows) on ${move.pairs} rows, limit ${limit}: it sees the future (a future return or price computed into the table); drop it from the export or list it in source.columns.exclude`,
      r,
      limit,
    ),
  ];
}

function repeatRule(profile: TableProfile, settings: QualitySettings): Draft[] {
  const limit = settings.maxRepeatRun[profile.frequency];
  return profile.columns.flatMap((c) => {
    if ((c.role !== 'feature' && c.role !== 'target') || c.distinct <= 1) return [];
    // a monthly series held through its months in a daily table (the season, a monthly driver)
    // repeats by construction: its runs are judged in months, against the monthly limit
    const monthly = c.monthlyRun;
    if (monthly !== null) {
      const months = settings.maxRepeatRun.monthly;
      return monthly.months >= months
        ? [
            finding(
              'repeated_values',
              c.name,
              `${c.name} (a value per month) repeats ${monthly.value} for ${monthly.months} months in a row from ${monthly.startDate ?? '?'} (limit ${months})`,
              monthly.months,
              months,
            ),
          ]
        : [];
    }
    const run = c.longestRun;
    if (run === null || run.length < limit) return [];
    return [
      finding(
        'repeated_values',
        c.name,
        `${c.name} repeats ${run.value} ${run.length} times in a row from ${run.startDate ?? '?'}${toTheEnd(run.endDate, profile)} (limit ${limit})`,
        run.length,
        limit,
      ),
    ];
  });
}

/**
 * A run that lasts to the table's last row is a series that stopped moving and was carried
 * forward to the end (a source that ended, filled in by the export): said so, as the stale rule
 * sees only the nulls such a fill has hidden.
 */
function toTheEnd(endDate: string | null, profile: TableProfile): string {
  return endDate !== null && endDate === profile.lastDate
    ? ` to the table's last row: it stopped moving and was carried forward to the end`
    : '';
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

function idRule(profile: TableProfile): Draft[] {
  return profile.identifiers.map((name) =>
    profile.columns.find((c) => c.name === name)?.kind === 'number'
      ? finding(
          'ids',
          name,
          `${name} holds whole numbers stepping by the same amount from each row to the next (${profile.rows} rows): a row number or running id, left out of the features (it holds only the row's position, and every forecast row lies past the values it was trained on)`,
          profile.rows,
          null,
        )
      : finding(
          'ids',
          name,
          `${name} is text unique on every row (${profile.rows} values, none repeated): an id, left out of the features (a category seen once teaches a model nothing)`,
          profile.rows,
          null,
        ),
  );
}

function intradayRule(profile: TableProfile): Draft[] {
  const times = profile.intraday;
  if (times === null) return [];
  return [
    finding(
      'intraday',
      profile.dateColumn,
      `${profile.dateColumn ?? 'the date column'} holds times of day on ${times.rows} rows (e.g. ${times.example}): each row is dated by its UTC day, so a time near midnight can land on the next or previous day, and several times a day are duplicate dates (give one row per day, dated in the market's time zone)`,
      times.rows,
      0,
    ),
  ];
}
